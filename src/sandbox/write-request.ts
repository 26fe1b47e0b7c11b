import { HYPERPARAMETER_RANGES, type NumericHyperparameter, type NumericRange, TEXT_LIMITS } from '../finetuning/contract.js';
import {
  WIRE_BASE_TYPES,
  WIRE_HYPERPARAMETER_NAMES,
  WIRE_LORA_TARGET_MODULES,
  WIRE_STRATEGIES,
  type WireBaseModel,
  type WireHyperparameters,
  type WireSettings,
  type WireWandbConfig,
  type WireWriteFinetunedModelRequest,
} from '../upstream/wire.js';
import { BASE_MODELS } from './base-models.js';
import { HttpError } from './http-io.js';

/** Read-only model fields that a client may echo back from a read: accepted and ignored, as the upstream does. */
const ECHOED_MODEL_FIELDS = [
  'id',
  'creator_id',
  'organization_id',
  'status',
  'created_at',
  'updated_at',
  'completed_at',
  'last_used',
];

type Specified<T extends string> = Exclude<T, `${string}_UNSPECIFIED`>;

function isUnspecified(value: string): boolean {
  return value.endsWith('_UNSPECIFIED');
}

/**
 * Reads one JSON object of the request field by field, naming each offending field by its wire path. proto3
 * JSON semantics: `null` means absent, and so does an unspecified enum or an empty optional string.
 */
class FieldReader {
  private readonly seen = new Set<string>();

  private constructor(
    private readonly fields: Record<string, unknown>,
    private readonly path: string,
    private readonly ignored: readonly string[],
  ) {}

  static of(value: unknown, path: string, ignored: readonly string[]): FieldReader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new HttpError(400, path === '' ? 'request body must be a JSON object' : `${path} must be an object`);
    }
    return new FieldReader(value as Record<string, unknown>, path, ignored);
  }

  private pathOf(field: string): string {
    return this.path === '' ? field : `${this.path}.${field}`;
  }

  private invalid(field: string, problem: string): HttpError {
    return new HttpError(400, `${this.pathOf(field)} ${problem}`);
  }

  private take(field: string): unknown {
    this.seen.add(field);
    const value = Object.hasOwn(this.fields, field) ? this.fields[field] : undefined;
    return value === null ? undefined : value;
  }

  optionalText(field: string, limit: number): string | undefined {
    const value = this.take(field);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw this.invalid(field, 'must be a string');
    if ([...value].length > limit) throw this.invalid(field, `must be at most ${limit} characters`);
    return value === '' ? undefined : value;
  }

  requiredText(field: string, limit: number): string {
    const value = this.optionalText(field, limit);
    if (value !== undefined) return value;
    throw this.invalid(field, this.fields[field] === '' ? 'must not be empty' : 'is required');
  }

  number(field: string, range: NumericRange): number | undefined {
    const value = this.take(field);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.invalid(field, 'must be a number');
    if (range.integer && !Number.isInteger(value)) throw this.invalid(field, 'must be an integer');
    if (value < range.min || value > range.max) throw this.invalid(field, `must be between ${range.min} and ${range.max}`);
    return value;
  }

  choice<T extends string>(field: string, values: readonly T[]): Specified<T> | undefined {
    const value = this.take(field);
    if (value === undefined) return undefined;
    const specified = values.filter((candidate) => !isUnspecified(candidate)) as Specified<T>[];
    const chosen = specified.find((candidate) => candidate === value);
    if (chosen !== undefined) return chosen;
    if (values.some((candidate) => candidate === value)) return undefined;
    throw this.invalid(field, `must be one of ${specified.join(', ')}`);
  }

  requiredChoice<T extends string>(field: string, values: readonly T[]): Specified<T> {
    const chosen = this.choice(field, values);
    if (chosen !== undefined) return chosen;
    const specified = values.filter((candidate) => !isUnspecified(candidate));
    throw this.invalid(field, this.take(field) === undefined ? 'is required' : `must be one of ${specified.join(', ')}`);
  }

  object(field: string, ignored: readonly string[] = []): FieldReader | undefined {
    const value = this.take(field);
    return value === undefined ? undefined : FieldReader.of(value, this.pathOf(field), ignored);
  }

  requiredObject(field: string, ignored: readonly string[] = []): FieldReader {
    const reader = this.object(field, ignored);
    if (!reader) throw this.invalid(field, 'is required');
    return reader;
  }

  /** Call after reading every field: anything neither read nor ignored is unknown. */
  finish(): void {
    const unknown = Object.keys(this.fields).find((field) => !this.seen.has(field) && !this.ignored.includes(field));
    if (unknown !== undefined) throw new HttpError(400, `unknown field "${this.pathOf(unknown)}"`);
  }
}

function readHyperparameters(reader: FieldReader | undefined): WireHyperparameters | undefined {
  if (!reader) return undefined;
  const hyperparameters: WireHyperparameters = {};
  for (const name of Object.keys(HYPERPARAMETER_RANGES) as NumericHyperparameter[]) {
    const field = WIRE_HYPERPARAMETER_NAMES[name];
    const value = reader.number(field, HYPERPARAMETER_RANGES[name]);
    if (value !== undefined) hyperparameters[field] = value;
  }
  const loraTargetModules = reader.choice('lora_target_modules', WIRE_LORA_TARGET_MODULES);
  if (loraTargetModules !== undefined) hyperparameters.lora_target_modules = loraTargetModules;
  reader.finish();
  return hyperparameters;
}

function readWandb(reader: FieldReader | undefined): WireWandbConfig | undefined {
  if (!reader) return undefined;
  const wandb: WireWandbConfig = {
    project: reader.requiredText('project', TEXT_LIMITS.wandbProject),
    api_key: reader.requiredText('api_key', TEXT_LIMITS.wandbApiKey),
    entity: reader.optionalText('entity', TEXT_LIMITS.wandbEntity),
  };
  reader.finish();
  return wandb;
}

function readBaseModel(reader: FieldReader): WireBaseModel {
  const baseType = reader.requiredChoice('base_type', WIRE_BASE_TYPES);
  const baseModel: WireBaseModel = {
    name: reader.optionalText('name', TEXT_LIMITS.baseModelName) ?? BASE_MODELS[baseType].name,
    base_type: baseType,
    strategy: reader.choice('strategy', WIRE_STRATEGIES),
  };
  reader.finish();
  return baseModel;
}

function readSettings(reader: FieldReader): WireSettings {
  const settings: WireSettings = {
    base_model: readBaseModel(reader.requiredObject('base_model', ['version'])),
    dataset_id: reader.requiredText('dataset_id', TEXT_LIMITS.datasetId),
    hyperparameters: readHyperparameters(reader.object('hyperparameters')),
    wandb: readWandb(reader.object('wandb')),
  };
  reader.finish();
  return settings;
}

/** Validates a create or update body: the whole name and settings, as the contract's PATCH replaces them too. */
export function readWriteRequest(body: unknown): WireWriteFinetunedModelRequest {
  const request = FieldReader.of(body, '', ECHOED_MODEL_FIELDS);
  const name = request.requiredText('name', TEXT_LIMITS.name);
  const settings = readSettings(request.requiredObject('settings', ['multi_label']));
  request.finish();
  return { name, settings };
}
