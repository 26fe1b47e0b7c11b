// Facts of the upstream contract that both sides need: the gateway validates input against them before
// calling, and the sandbox enforces them as the upstream would. One table, so the two cannot drift apart.

export const API_PREFIX = '/v1/finetuning/finetuned-models';

/** `page_size` 0 or absent means this many items. */
export const DEFAULT_PAGE_SIZE = 50;
/** Cohere does not document a maximum; the sandbox enforces this one and answers 400 above it. */
export const MAX_PAGE_SIZE = 100;

/** Values accepted by `order_by` on the models and events lists. */
export const ORDER_BY_VALUES = ['created_at', 'created_at desc'] as const;
export type WireOrderBy = (typeof ORDER_BY_VALUES)[number];

export interface NumericRange {
  min: number;
  max: number;
  integer: boolean;
  default: number;
}

/**
 * Documented hyperparameter ranges and defaults (chat fine-tunes). LoRA alpha and rank have no published
 * range; these bounds are the sandbox's, chosen wide enough for every real configuration.
 */
export const HYPERPARAMETER_RANGES = {
  train_epochs: { min: 1, max: 10, integer: true, default: 1 },
  learning_rate: { min: 0.00005, max: 0.1, integer: false, default: 0.01 },
  train_batch_size: { min: 2, max: 16, integer: true, default: 16 },
  early_stopping_threshold: { min: 0.001, max: 0.1, integer: false, default: 0.001 },
  early_stopping_patience: { min: 0, max: 10, integer: true, default: 10 },
  lora_alpha: { min: 1, max: 256, integer: true, default: 16 },
  lora_rank: { min: 1, max: 256, integer: true, default: 8 },
} as const satisfies Record<string, NumericRange>;

export type NumericHyperparameter = keyof typeof HYPERPARAMETER_RANGES;

/** Lengths the sandbox enforces on free-text fields (the upstream documents none). */
export const TEXT_LIMITS = {
  name: 64,
  dataset_id: 128,
  base_model_name: 64,
  wandb_project: 128,
  wandb_entity: 128,
  wandb_api_key: 256,
} as const;

/**
 * Identifiers accepted in a URL path segment: Cohere's ids are UUIDs; anything outside this alphabet, and the
 * dot segments (an id may not start with a dot), can never be an id, so it is rejected before a request is built.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._~-]{0,127}$/;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}
