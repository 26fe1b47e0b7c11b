// Wire ⇄ domain conversion: the one boundary where snake_case and proto enum prefixes live.
// Responses are checked as they are converted: an unexpected shape is an upstream fault, never a crash later.
import type {
  BaseType,
  FinetunedModel,
  FinetunedModelEvent,
  FinetunedModelStatus,
  FinetunedModelWrite,
  Hyperparameters,
  LoraTargetModules,
  Settings,
  Strategy,
  TrainingStepMetrics,
} from '../finetuning/model.js';
import { BASE_TYPES, FINETUNED_MODEL_STATUSES, LORA_TARGET_MODULES, STRATEGIES, withWandbApiKey } from '../finetuning/model.js';
import type {
  WireEvent,
  WireFinetunedModel,
  WireSettings,
  WireTrainingStepMetrics,
  WireWriteFinetunedModelRequest,
} from './wire.js';

/** Thrown when a 200 answer does not have the documented shape; the client maps it to UPSTREAM_ERROR. */
export class UnexpectedShapeError extends Error {
  override readonly name = 'UnexpectedShapeError';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, what: string): Json {
  if (!isObject(value)) throw new UnexpectedShapeError(`${what} is not an object`);
  return value;
}

export function expectArray(value: unknown, what: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new UnexpectedShapeError(`${what} is not an array`);
  return value;
}

function optionalString(value: unknown, what: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new UnexpectedShapeError(`${what} is not a string`);
  return value;
}

function optionalNumber(value: unknown, what: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new UnexpectedShapeError(`${what} is not a number`);
  return value;
}

/** Proto enums: absent means the zero value; an unknown value (a newer upstream) also reads as UNSPECIFIED. */
function enumFromWire<T extends string>(value: unknown, prefix: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !value.startsWith(prefix)) return 'UNSPECIFIED' as T;
  const name = value.slice(prefix.length) as T;
  return allowed.includes(name) ? name : ('UNSPECIFIED' as T);
}

const statusFromWire = (value: unknown): FinetunedModelStatus =>
  enumFromWire(value, 'STATUS_', FINETUNED_MODEL_STATUSES);

function hyperparametersFromWire(value: unknown): Hyperparameters | null {
  if (value === undefined) return null;
  const h = expectObject(value, 'hyperparameters');
  return {
    earlyStoppingPatience: optionalNumber(h.early_stopping_patience, 'early_stopping_patience'),
    earlyStoppingThreshold: optionalNumber(h.early_stopping_threshold, 'early_stopping_threshold'),
    trainBatchSize: optionalNumber(h.train_batch_size, 'train_batch_size'),
    trainEpochs: optionalNumber(h.train_epochs, 'train_epochs'),
    learningRate: optionalNumber(h.learning_rate, 'learning_rate'),
    loraAlpha: optionalNumber(h.lora_alpha, 'lora_alpha'),
    loraRank: optionalNumber(h.lora_rank, 'lora_rank'),
    loraTargetModules:
      h.lora_target_modules === undefined
        ? null
        : enumFromWire<LoraTargetModules>(h.lora_target_modules, 'LORA_TARGET_MODULES_', LORA_TARGET_MODULES),
  };
}

function settingsFromWire(value: unknown): Settings {
  const s = value === undefined ? {} : expectObject(value, 'settings');
  const base = s.base_model === undefined ? {} : expectObject(s.base_model, 'base_model');
  const wandb = s.wandb === undefined ? null : expectObject(s.wandb, 'wandb');
  return {
    baseModel: {
      name: optionalString(base.name, 'base_model.name'),
      version: optionalString(base.version, 'base_model.version'),
      baseType: enumFromWire<BaseType>(base.base_type, 'BASE_TYPE_', BASE_TYPES),
      strategy: enumFromWire<Strategy>(base.strategy, 'STRATEGY_', STRATEGIES),
    },
    datasetId: optionalString(s.dataset_id, 'dataset_id') ?? '',
    hyperparameters: hyperparametersFromWire(s.hyperparameters),
    multiLabel: s.multi_label === true,
    // The api key goes beside the configuration, never into it: nothing past this line can echo it.
    wandb:
      wandb &&
      withWandbApiKey(
        { project: optionalString(wandb.project, 'wandb.project') ?? '', entity: optionalString(wandb.entity, 'wandb.entity') },
        optionalString(wandb.api_key, 'wandb.api_key') ?? undefined,
      ),
  };
}

export function modelFromWire(value: unknown): FinetunedModel {
  const m = expectObject(value, 'finetuned_model') as WireFinetunedModel & Json;
  const id = optionalString(m.id, 'id');
  if (id === null) throw new UnexpectedShapeError('finetuned_model has no id');
  return {
    id,
    name: optionalString(m.name, 'name') ?? '',
    creatorId: optionalString(m.creator_id, 'creator_id'),
    organizationId: optionalString(m.organization_id, 'organization_id'),
    status: statusFromWire(m.status),
    settings: settingsFromWire(m.settings),
    createdAt: optionalString(m.created_at, 'created_at'),
    updatedAt: optionalString(m.updated_at, 'updated_at'),
    completedAt: optionalString(m.completed_at, 'completed_at'),
    lastUsed: optionalString(m.last_used, 'last_used'),
  };
}

export function eventFromWire(value: unknown): FinetunedModelEvent {
  const e = expectObject(value, 'event') as WireEvent & Json;
  return {
    status: statusFromWire(e.status),
    userId: optionalString(e.user_id, 'user_id'),
    createdAt: optionalString(e.created_at, 'created_at'),
  };
}

export function stepMetricsFromWire(value: unknown): TrainingStepMetrics {
  const r = expectObject(value, 'step_metrics') as WireTrainingStepMetrics & Json;
  const metrics: Record<string, number> = {};
  for (const [name, metric] of Object.entries(r.metrics === undefined ? {} : expectObject(r.metrics, 'metrics'))) {
    const n = optionalNumber(metric, `metrics.${name}`);
    if (n !== null) metrics[name] = n;
  }
  return {
    stepNumber: optionalNumber(r.step_number, 'step_number') ?? 0,
    createdAt: optionalString(r.created_at, 'created_at'),
    metrics,
  };
}

/** Leaves out what is unset, as the upstream itself would (proto3: absent means zero or unchanged). */
function compact<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };
}

function enumToWire<P extends string, V extends string>(prefix: P, value: V | null | undefined): `${P}${V}` | undefined {
  return value === null || value === undefined ? undefined : `${prefix}${value}`;
}

export function writeToWire(model: FinetunedModelWrite): WireWriteFinetunedModelRequest {
  const { baseModel, hyperparameters: h, wandb } = model.settings;
  const settings: WireSettings = compact({
    base_model: compact({
      name: baseModel.name,
      base_type: enumToWire('BASE_TYPE_', baseModel.baseType),
      strategy: enumToWire('STRATEGY_', baseModel.strategy),
    }),
    dataset_id: model.settings.datasetId,
    hyperparameters: h
      ? compact({
          early_stopping_patience: h.earlyStoppingPatience,
          early_stopping_threshold: h.earlyStoppingThreshold,
          train_batch_size: h.trainBatchSize,
          train_epochs: h.trainEpochs,
          learning_rate: h.learningRate,
          lora_alpha: h.loraAlpha,
          lora_rank: h.loraRank,
          lora_target_modules: enumToWire('LORA_TARGET_MODULES_', h.loraTargetModules),
        })
      : undefined,
    multi_label: model.settings.multiLabel,
    wandb: wandb ? compact({ project: wandb.project, entity: wandb.entity, api_key: wandb.apiKey }) : undefined,
  });
  return { name: model.name, settings };
}
