import type { WireEvent, WireFinetunedModel, WireTrainingStepMetrics } from '../upstream/wire.js';
import { baseModelVersion } from './base-models.js';
import { formatMicros, formatNanos } from './clock.js';
import { digitsFromSeed } from './hashing.js';
import { type MetricRow, type ModelEvent, type StoredModel, metricValues, stateAt, stepNumber } from './lifecycle.js';

/** The tenant-wide ids that appear in every model and user event. */
export interface Owner {
  creatorId: string;
  organizationId: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isZeroValue(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === 0 ||
    value === '' ||
    value === false ||
    (isPlainObject(value) && Object.keys(value).length === 0)
  );
}

/**
 * proto3 JSON leaves out zero values (0, "", false, empty messages). Unspecified enums never reach here:
 * validation drops them on the way in. Not for map fields: `metrics.step: 0` must stay.
 */
function withoutZeroValues<T extends object>(message: T): T {
  const kept: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(message)) {
    const compacted = isPlainObject(value) ? withoutZeroValues(value) : value;
    if (!isZeroValue(compacted)) kept[field] = compacted;
  }
  return kept as T;
}

function formatOptionalMicros(us: number | undefined): string | undefined {
  return us === undefined ? undefined : formatMicros(us);
}

export function renderModel(model: StoredModel, owner: Owner, nowUs: number): WireFinetunedModel {
  const state = stateAt(model, nowUs);
  const { base_model, dataset_id, hyperparameters, wandb } = model.settings;
  return withoutZeroValues({
    id: model.id,
    name: model.name,
    creator_id: owner.creatorId,
    organization_id: owner.organizationId,
    settings: {
      base_model: {
        name: base_model?.name,
        version: baseModelVersion(base_model?.base_type),
        base_type: base_model?.base_type,
        strategy: base_model?.strategy,
      },
      dataset_id,
      hyperparameters,
      multi_label: model.multiLabel,
      // The contract's WandbConfig requires api_key in responses too (Cohere's SDK parses it as required).
      wandb,
    },
    status: state.status,
    created_at: formatMicros(model.createdUs),
    updated_at: formatMicros(state.updatedUs),
    completed_at: formatOptionalMicros(state.completedUs),
    last_used: formatOptionalMicros(model.lastUsedUs),
  });
}

export function renderEvent(event: ModelEvent, owner: Owner): WireEvent {
  return withoutZeroValues({
    user_id: event.byUser ? owner.creatorId : undefined,
    status: event.status,
    created_at: formatMicros(event.atUs),
  });
}

export function renderMetricRow(model: StoredModel, row: MetricRow): WireTrainingStepMetrics {
  return {
    ...withoutZeroValues({
      created_at: formatNanos(row.atUs, digitsFromSeed(`${model.id}:row:${row.index}`)),
      step_number: stepNumber(row),
    }),
    metrics: metricValues(model.id, row, model.schedule.metricRows),
  };
}
