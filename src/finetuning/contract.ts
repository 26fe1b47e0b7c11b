// Facts of the upstream contract that both sides need: the gateway validates input against them before calling,
// and the sandbox enforces them as the upstream would; the schema's descriptions quote them. One table, so the
// three cannot drift apart. Names are the domain's (camelCase); upstream/wire.ts maps them to the wire's.

/** Where the seven operations live, below the base URL. */
export const API_PREFIX = '/v1/finetuning/finetuned-models';

/** The seven operations: where each lives below API_PREFIX (`null`: the collection itself; '': a model). */
export const ROUTES = {
  listModels: { method: 'GET', below: null },
  createModel: { method: 'POST', below: null },
  getModel: { method: 'GET', below: '' },
  updateModel: { method: 'PATCH', below: '' },
  deleteModel: { method: 'DELETE', below: '' },
  listEvents: { method: 'GET', below: 'events' },
  listStepMetrics: { method: 'GET', below: 'training-step-metrics' },
} as const satisfies Record<string, { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; below: string | null }>;

export type RouteName = keyof typeof ROUTES;
export const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];

export function isRouteName(value: unknown): value is RouteName {
  return typeof value === 'string' && Object.hasOwn(ROUTES, value);
}

/** `page_size` 0 or absent means this many items. */
export const DEFAULT_PAGE_SIZE = 50;
/** Cohere does not document a maximum; the sandbox enforces this one and answers 400 above it. */
export const MAX_PAGE_SIZE = 100;

export interface NumericRange {
  min: number;
  max: number;
  integer: boolean;
  /** What the upstream uses when the value is not given. */
  default: number;
}

/**
 * Documented hyperparameter ranges and defaults (chat fine-tunes). LoRA alpha and rank have no published range;
 * these bounds are the sandbox's, chosen wide enough for every real configuration.
 */
export const HYPERPARAMETER_RANGES = {
  trainEpochs: { min: 1, max: 10, integer: true, default: 1 },
  learningRate: { min: 0.00005, max: 0.1, integer: false, default: 0.01 },
  trainBatchSize: { min: 2, max: 16, integer: true, default: 16 },
  earlyStoppingThreshold: { min: 0.001, max: 0.1, integer: false, default: 0.001 },
  earlyStoppingPatience: { min: 0, max: 10, integer: true, default: 10 },
  loraAlpha: { min: 1, max: 256, integer: true, default: 16 },
  loraRank: { min: 1, max: 256, integer: true, default: 8 },
} as const satisfies Record<string, NumericRange>;

export type NumericHyperparameter = keyof typeof HYPERPARAMETER_RANGES;

/** Lengths, in characters, enforced on free-text fields (the upstream documents none: these are the sandbox's). */
export const TEXT_LIMITS = {
  name: 64,
  datasetId: 128,
  baseModelName: 64,
  wandbProject: 128,
  wandbEntity: 128,
  wandbApiKey: 256,
} as const;

/**
 * Identifiers accepted in a URL path segment: Cohere's ids are UUIDs; anything outside this alphabet, and the dot
 * segments (an id may not start with a dot), can never be an id, so it is rejected before a request is built.
 */
const ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._~-]{0,127}$/;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}
