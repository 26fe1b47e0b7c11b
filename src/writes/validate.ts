// Validation of write input before any upstream call: the documented ranges and enum values, lengths, and
// what the upstream requires. Problems carry the GraphQL input path of the offending field.
import { z } from 'zod';
import { HYPERPARAMETER_RANGES, TEXT_LIMITS, isValidId, type NumericHyperparameter } from '../finetuning/contract.js';
import {
  BASE_TYPES,
  LORA_TARGET_MODULES,
  STRATEGIES,
  type BaseType,
  type FinetunedModelWrite,
  type HyperparametersWrite,
  type Strategy,
} from '../finetuning/model.js';
import { InvalidFinetunedModelInputError } from './errors.js';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from './idempotency.js';

export interface CreateInput extends FinetunedModelWrite {
  idempotencyKey?: string | null;
}

export interface SettingsPatch {
  baseModel?: { name?: string | null; baseType?: BaseType | null; strategy?: Strategy | null } | null;
  datasetId?: string | null;
  hyperparameters?: HyperparametersWrite | null;
  multiLabel?: boolean | null;
  wandb?: { project?: string | null; entity?: string | null; apiKey?: string | null } | null;
}

export interface UpdateInput {
  id: string;
  name?: string | null;
  settings?: SettingsPatch | null;
  ifUpdatedAt?: string | null;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const text = (max: number) =>
  z
    .string()
    .refine((v) => v.trim().length > 0, 'must not be empty')
    .refine((v) => v.length <= max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), 'must not contain control characters');

const hyperparameter = (name: NumericHyperparameter) => {
  const r = HYPERPARAMETER_RANGES[name];
  const message = `must be ${r.integer ? 'an integer ' : ''}between ${r.min} and ${r.max}`;
  return z
    .number()
    .refine((v) => v >= r.min && v <= r.max && (!r.integer || Number.isInteger(v)), message)
    .nullish();
};

const hyperparameters = z.object({
  ...(Object.fromEntries(
    (Object.keys(HYPERPARAMETER_RANGES) as NumericHyperparameter[]).map((name) => [name, hyperparameter(name)]),
  ) as Record<NumericHyperparameter, ReturnType<typeof hyperparameter>>),
  loraTargetModules: z.enum(LORA_TARGET_MODULES).nullish(),
});

const baseType = z.enum(BASE_TYPES).refine((v) => v !== 'UNSPECIFIED', 'must name a base type (not UNSPECIFIED)');
const wandbProject = text(TEXT_LIMITS.wandbProject);
const wandbEntity = text(TEXT_LIMITS.wandbEntity).nullish();
const wandbApiKey = text(TEXT_LIMITS.wandbApiKey);

const multiLabelOnlyForClassification = (
  settings: { multiLabel?: boolean | null; baseModel?: { baseType?: BaseType | null } | null },
  ctx: z.RefinementCtx,
) => {
  const type = settings.baseModel?.baseType;
  if (settings.multiLabel && type && type !== 'CLASSIFICATION') {
    ctx.addIssue({ code: 'custom', path: ['multiLabel'], message: 'can only be true for a CLASSIFICATION base model' });
  }
};

const createSchema = z.object({
  name: text(TEXT_LIMITS.name),
  idempotencyKey: z
    .string()
    .regex(new RegExp(`^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`), `must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters without spaces`)
    .nullish(),
  settings: z
    .object({
      baseModel: z.object({
        name: text(TEXT_LIMITS.baseModelName).nullish(),
        baseType,
        strategy: z.enum(STRATEGIES).nullish(),
      }),
      datasetId: text(TEXT_LIMITS.datasetId),
      hyperparameters: hyperparameters.nullish(),
      multiLabel: z.boolean().nullish(),
      wandb: z.object({ project: wandbProject, entity: wandbEntity, apiKey: wandbApiKey }).nullish(),
    })
    .superRefine(multiLabelOnlyForClassification),
});


// In an update a field left out is kept; null is refused where the upstream requires a value.
const updateSchema = z.object({
  id: z.string().refine(isValidId, 'is not a valid fine-tuned model id'),
  name: text(TEXT_LIMITS.name).optional(),
  ifUpdatedAt: z.string().nullish(),
  settings: z
    .object({
      baseModel: z
        .object({
          name: text(TEXT_LIMITS.baseModelName).nullish(),
          baseType: baseType.optional(),
          strategy: z.enum(STRATEGIES).nullish(),
        })
        .optional(),
      datasetId: text(TEXT_LIMITS.datasetId).optional(),
      hyperparameters: hyperparameters.nullish(),
      multiLabel: z.boolean().nullish(),
      wandb: z
        .object({ project: wandbProject.optional(), entity: wandbEntity, apiKey: wandbApiKey.optional() })
        .nullish(),
    })
    .superRefine(multiLabelOnlyForClassification)
    .nullish(),
});

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key], input);
}

function check<T>(schema: z.ZodType, input: T): T {
  const result = schema.safeParse(input);
  if (result.success) return input;
  throw new InvalidFinetunedModelInputError(
    result.error.issues.map((issue) => ({
      path: ['input', ...issue.path.map(String)],
      // GraphQL has checked the types already: a type issue is a missing field, or null where it is required.
      message:
        issue.code !== 'invalid_type'
          ? issue.message
          : valueAt(input, issue.path) === null
            ? 'must not be null (leave it out to keep the current value)'
            : 'is required',
    })),
  );
}

export const validateCreate = (input: CreateInput): CreateInput => check(createSchema, input);
export const validateUpdate = (input: UpdateInput): UpdateInput => check(updateSchema, input);

