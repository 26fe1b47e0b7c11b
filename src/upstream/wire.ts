// The upstream's JSON shapes, exactly as Cohere sends and accepts them (snake_case, proto-style enums).
// Every response field is optional: proto3 JSON leaves zero and empty values out.
import type { NumericHyperparameter } from '../finetuning/contract.js';

const WIRE_STATUSES = [
  'STATUS_UNSPECIFIED',
  'STATUS_FINETUNING',
  'STATUS_DEPLOYING_API',
  'STATUS_READY',
  'STATUS_FAILED',
  'STATUS_DELETED',
  'STATUS_TEMPORARILY_OFFLINE',
  'STATUS_PAUSED',
  'STATUS_QUEUED',
] as const;
export type WireStatus = (typeof WIRE_STATUSES)[number];

export const WIRE_BASE_TYPES = [
  'BASE_TYPE_UNSPECIFIED',
  'BASE_TYPE_GENERATIVE',
  'BASE_TYPE_CLASSIFICATION',
  'BASE_TYPE_RERANK',
  'BASE_TYPE_CHAT',
] as const;
export type WireBaseType = (typeof WIRE_BASE_TYPES)[number];

export const WIRE_STRATEGIES = ['STRATEGY_UNSPECIFIED', 'STRATEGY_VANILLA', 'STRATEGY_TFEW'] as const;
type WireStrategy = (typeof WIRE_STRATEGIES)[number];

export const WIRE_LORA_TARGET_MODULES = [
  'LORA_TARGET_MODULES_UNSPECIFIED',
  'LORA_TARGET_MODULES_QV',
  'LORA_TARGET_MODULES_QKVO',
  'LORA_TARGET_MODULES_QKVO_FFN',
] as const;
type WireLoraTargetModules = (typeof WIRE_LORA_TARGET_MODULES)[number];

export interface WireBaseModel {
  name?: string;
  /** Read-only: set by the upstream. */
  version?: string;
  base_type?: WireBaseType;
  strategy?: WireStrategy;
}

export interface WireHyperparameters {
  early_stopping_patience?: number;
  early_stopping_threshold?: number;
  train_batch_size?: number;
  train_epochs?: number;
  learning_rate?: number;
  lora_alpha?: number;
  lora_rank?: number;
  lora_target_modules?: WireLoraTargetModules;
}

export interface WireWandbConfig {
  project?: string;
  /** Write-only secret: accepted on create/update, never returned. */
  api_key?: string;
  entity?: string;
}

export interface WireSettings {
  base_model?: WireBaseModel;
  dataset_id?: string;
  hyperparameters?: WireHyperparameters;
  multi_label?: boolean;
  wandb?: WireWandbConfig;
}

export interface WireFinetunedModel {
  id?: string;
  name?: string;
  creator_id?: string;
  organization_id?: string;
  settings?: WireSettings;
  status?: WireStatus;
  created_at?: string;
  updated_at?: string;
  completed_at?: string;
  last_used?: string;
}

export interface WireEvent {
  user_id?: string;
  status?: WireStatus;
  created_at?: string;
}

export interface WireTrainingStepMetrics {
  created_at?: string;
  step_number?: number;
  metrics?: Record<string, number>;
}

/** Body of POST /v1/finetuning/finetuned-models and PATCH …/{id}: `name` and `settings` are required. */
export interface WireWriteFinetunedModelRequest {
  name: string;
  settings: WireSettings;
}

export interface WireListFinetunedModelsResponse {
  finetuned_models?: WireFinetunedModel[];
  next_page_token?: string;
  total_size?: number;
}

export interface WireFinetunedModelResponse {
  finetuned_model?: WireFinetunedModel;
}

export interface WireListEventsResponse {
  events?: WireEvent[];
  next_page_token?: string;
  total_size?: number;
}

export interface WireListTrainingStepMetricsResponse {
  step_metrics?: WireTrainingStepMetrics[];
  next_page_token?: string;
}

export interface WireError {
  message?: string;
}

/** Values accepted by `order_by` on the models and events lists (metrics take none). */
export const ORDER_BY_VALUES = ['created_at', 'created_at desc'] as const;
export type WireOrderBy = (typeof ORDER_BY_VALUES)[number];

/** The wire name of each numeric hyperparameter of the contract. */
export const WIRE_HYPERPARAMETER_NAMES = {
  trainEpochs: 'train_epochs',
  learningRate: 'learning_rate',
  trainBatchSize: 'train_batch_size',
  earlyStoppingThreshold: 'early_stopping_threshold',
  earlyStoppingPatience: 'early_stopping_patience',
  loraAlpha: 'lora_alpha',
  loraRank: 'lora_rank',
} as const satisfies Record<NumericHyperparameter, keyof WireHyperparameters>;
