// The shapes the rest of the gateway works with: camelCase, enums without their wire prefixes, absent
// values made explicit. Only src/cohere/ converts between these and the wire.

export const FINETUNED_MODEL_STATUSES = [
  'QUEUED',
  'FINETUNING',
  'DEPLOYING_API',
  'READY',
  'FAILED',
  'DELETED',
  'TEMPORARILY_OFFLINE',
  'PAUSED',
  'UNSPECIFIED',
] as const;
export type FinetunedModelStatus = (typeof FINETUNED_MODEL_STATUSES)[number];

/** The job is still moving through its life cycle by itself. */
export const IN_PROGRESS_STATUSES: ReadonlySet<FinetunedModelStatus> = new Set(['QUEUED', 'FINETUNING', 'DEPLOYING_API']);
/** No further change happens without a user's action: training succeeded, failed, or the model is gone. */
export const TERMINAL_STATUSES: ReadonlySet<FinetunedModelStatus> = new Set(['READY', 'FAILED', 'DELETED']);

export const BASE_TYPES = ['UNSPECIFIED', 'GENERATIVE', 'CLASSIFICATION', 'RERANK', 'CHAT'] as const;
export type BaseType = (typeof BASE_TYPES)[number];

export const STRATEGIES = ['UNSPECIFIED', 'VANILLA', 'TFEW'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const LORA_TARGET_MODULES = ['UNSPECIFIED', 'QV', 'QKVO', 'QKVO_FFN'] as const;
export type LoraTargetModules = (typeof LORA_TARGET_MODULES)[number];

export type OrderDirection = 'ASC' | 'DESC';

/** RFC 3339 timestamps are kept as the upstream wrote them, so nanosecond precision survives. */
export type Timestamp = string;

export interface BaseModel {
  name: string | null;
  version: string | null;
  baseType: BaseType;
  strategy: Strategy;
}

/** `null` means the upstream did not report the value (proto3 leaves zeros out, so 0 and unset look alike). */
export interface Hyperparameters {
  earlyStoppingPatience: number | null;
  earlyStoppingThreshold: number | null;
  trainBatchSize: number | null;
  trainEpochs: number | null;
  learningRate: number | null;
  loraAlpha: number | null;
  loraRank: number | null;
  loraTargetModules: LoraTargetModules | null;
}

/** The readable part of the W&B configuration. Its api key is a secret kept beside it (`wandbApiKeyOf`). */
export interface WandbConfig {
  project: string;
  entity: string | null;
}

/**
 * The W&B api key the upstream returned with a configuration, kept beside it and never on it: nothing that
 * exposes or serialises a model (GraphQL, logs, Redis, a shared read) can carry it. Only a partial update reads
 * it, to send it back unchanged, because the upstream needs it with every write of the settings.
 */
const wandbApiKeys = new WeakMap<WandbConfig, string>();

export function withWandbApiKey(config: WandbConfig, apiKey: string | undefined): WandbConfig {
  if (apiKey) wandbApiKeys.set(config, apiKey);
  return config;
}

export const wandbApiKeyOf = (config: WandbConfig): string | undefined => wandbApiKeys.get(config);

export interface Settings {
  baseModel: BaseModel;
  datasetId: string;
  hyperparameters: Hyperparameters | null;
  multiLabel: boolean;
  wandb: WandbConfig | null;
}

export interface FinetunedModel {
  id: string;
  name: string;
  creatorId: string | null;
  organizationId: string | null;
  status: FinetunedModelStatus;
  settings: Settings;
  createdAt: Timestamp | null;
  updatedAt: Timestamp | null;
  completedAt: Timestamp | null;
  lastUsed: Timestamp | null;
}

export interface FinetunedModelEvent {
  status: FinetunedModelStatus;
  userId: string | null;
  createdAt: Timestamp | null;
}

export interface TrainingStepMetrics {
  stepNumber: number;
  createdAt: Timestamp | null;
  metrics: Record<string, number>;
}

/** One upstream page. `nextPageToken` is null at the end of the list. */
export interface Page<T> {
  items: T[];
  nextPageToken: string | null;
  /** Present for models and events; the metrics list has no total. */
  totalSize: number | null;
}

export interface PageRequest {
  pageSize: number;
  pageToken: string | null;
  order?: OrderDirection;
}

// What a write sends: everything a caller may set, including the write-only W&B api key.
export interface HyperparametersWrite {
  earlyStoppingPatience?: number | null;
  earlyStoppingThreshold?: number | null;
  trainBatchSize?: number | null;
  trainEpochs?: number | null;
  learningRate?: number | null;
  loraAlpha?: number | null;
  loraRank?: number | null;
  loraTargetModules?: LoraTargetModules | null;
}

export interface SettingsWrite {
  baseModel: { name?: string | null; baseType: BaseType; strategy?: Strategy | null };
  datasetId: string;
  hyperparameters?: HyperparametersWrite | null;
  multiLabel?: boolean | null;
  wandb?: { project: string; entity?: string | null; apiKey?: string | null } | null;
}

export interface FinetunedModelWrite {
  name: string;
  settings: SettingsWrite;
}
