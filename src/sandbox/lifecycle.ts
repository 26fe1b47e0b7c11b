import { HYPERPARAMETER_RANGES } from '../finetuning/contract.js';
import type { WireSettings, WireStatus } from '../upstream/wire.js';
import { unitsFromSeed } from './hashing.js';

const METRIC_ROWS_PER_EPOCH = 10;
const STEPS_PER_METRIC_ROW = 10;

/** Real microseconds each phase lasts, already scaled by the sandbox speed. */
export interface PhaseDurations {
  queuedUs: number;
  finetuningPerEpochUs: number;
  deployingUs: number;
}

export interface Schedule {
  queuedUs: number;
  finetuningUs: number;
  deployingUs: number;
  metricRows: number;
  /** The run goes FAILED halfway through FINETUNING. */
  fails: boolean;
}

export interface ModelEvent {
  status: WireStatus;
  atUs: number;
  /** Initiated by the creator (the event carries user_id) rather than by the system. */
  byUser: boolean;
}

/**
 * A model as stored: its status, events and metric rows are not stored but derived from the schedule and the
 * clock on every read, so the life cycle advances without timers.
 */
export interface StoredModel {
  readonly id: string;
  name: string;
  /** As validated (with the wandb api_key, which responses carry too); base_model.version is derived. */
  settings: WireSettings;
  readonly multiLabel: boolean;
  readonly createdUs: number;
  /** Fixed at creation: a run under way does not change when its settings are edited. */
  readonly schedule: Schedule;
  /** Serving changes after READY (PAUSED, TEMPORARILY_OFFLINE), in time order. */
  readonly servingEvents: readonly ModelEvent[];
  readonly lastUsedUs?: number;
  editedUs?: number;
  deletedUs?: number;
}

export interface ModelState {
  status: WireStatus;
  completedUs: number | undefined;
  updatedUs: number;
}

export interface MetricRow {
  index: number;
  atUs: number;
}

export function scheduleFor(settings: WireSettings, durations: PhaseDurations): Schedule {
  const epochs = settings.hyperparameters?.train_epochs ?? HYPERPARAMETER_RANGES.trainEpochs.default;
  return {
    queuedUs: durations.queuedUs,
    finetuningUs: durations.finetuningPerEpochUs * epochs,
    deployingUs: durations.deployingUs,
    metricRows: epochs * METRIC_ROWS_PER_EPOCH,
    fails: /fail/i.test(settings.dataset_id ?? ''),
  };
}

export function phaseTimes(model: Pick<StoredModel, 'createdUs' | 'schedule'>) {
  const { schedule } = model;
  const finetuningAt = model.createdUs + schedule.queuedUs;
  const trainedAt = finetuningAt + schedule.finetuningUs;
  return {
    finetuningAt,
    trainedAt,
    failedAt: schedule.fails ? finetuningAt + Math.floor(schedule.finetuningUs / 2) : undefined,
    readyAt: trainedAt + schedule.deployingUs,
  };
}

function plannedEvents(model: StoredModel): ModelEvent[] {
  const { finetuningAt, trainedAt, failedAt, readyAt } = phaseTimes(model);
  const started: ModelEvent[] = [
    { status: 'STATUS_QUEUED', atUs: model.createdUs, byUser: true },
    { status: 'STATUS_FINETUNING', atUs: finetuningAt, byUser: true },
  ];
  if (failedAt !== undefined) return [...started, { status: 'STATUS_FAILED', atUs: failedAt, byUser: false }];
  return [
    ...started,
    { status: 'STATUS_DEPLOYING_API', atUs: trainedAt, byUser: true },
    { status: 'STATUS_READY', atUs: readyAt, byUser: false },
    ...model.servingEvents,
  ];
}

/** The events that have happened by `nowUs`, oldest first; a deletion cuts the plan short. */
export function eventsAt(model: StoredModel, nowUs: number): ModelEvent[] {
  const { deletedUs } = model;
  const horizon = Math.min(nowUs, deletedUs ?? Number.POSITIVE_INFINITY);
  const events = plannedEvents(model).filter((event) => event.atUs <= horizon);
  if (deletedUs !== undefined && deletedUs <= nowUs) {
    events.push({ status: 'STATUS_DELETED', atUs: deletedUs, byUser: true });
  }
  return events;
}

export function stateAt(model: StoredModel, nowUs: number): ModelState {
  const events = eventsAt(model, nowUs);
  const latest = events.at(-1);
  return {
    status: latest?.status ?? 'STATUS_QUEUED',
    completedUs: events.find((event) => event.status === 'STATUS_DEPLOYING_API')?.atUs,
    updatedUs: Math.max(model.createdUs, latest?.atUs ?? 0, model.editedUs ?? 0),
  };
}

/** Evaluation rows, evenly spaced over FINETUNING; a failed run keeps the rows written before it failed. */
export function metricRowsAt(model: StoredModel, nowUs: number): MetricRow[] {
  const { finetuningAt, failedAt } = phaseTimes(model);
  const { finetuningUs, metricRows } = model.schedule;
  const horizon = Math.min(nowUs, model.deletedUs ?? Number.POSITIVE_INFINITY);
  const rows: MetricRow[] = [];
  for (let index = 0; index < metricRows; index += 1) {
    const atUs = finetuningAt + Math.floor((index * finetuningUs) / metricRows);
    if (atUs > horizon || (failedAt !== undefined && atUs >= failedAt)) break;
    rows.push({ index, atUs });
  }
  return rows;
}

export function stepNumber(row: MetricRow): number {
  return row.index * STEPS_PER_METRIC_ROW;
}

/**
 * Plausible training curves: accuracy rises from ~0.45 towards ~0.9 while cross-entropy falls from ~4.3,
 * with small noise seeded by the model id so every read of a row agrees. Values are float32, as Cohere's are.
 */
export function metricValues(modelId: string, row: MetricRow, totalRows: number): Record<string, number> {
  const progress = row.index / Math.max(1, totalRows - 1);
  const [a = 0, b = 0, c = 0, d = 0] = unitsFromSeed(`${modelId}:metrics:${row.index}`, 4).map((unit) => unit - 0.5);
  const accuracy = Math.min(1, 0.9 - 0.45 * Math.exp(-4 * progress) + 0.02 * a);
  const crossEntropy = 0.3 + 4 * Math.exp(-5 * progress) + 0.08 * b;
  return {
    accuracy: Math.fround(accuracy),
    cross_entropy: Math.fround(crossEntropy),
    generation_accuracy: Math.fround(Math.max(0, accuracy - 0.03 + 0.02 * c)),
    generation_cross_entropy: Math.fround(crossEntropy + 0.1 + 0.08 * d),
    step: stepNumber(row),
  };
}
