import type { WireSettings } from '../upstream/wire.js';
import { digitsFromSeed, uuidFromSeed } from './hashing.js';
import { type PhaseDurations, type StoredModel, phaseTimes, scheduleFor } from './lifecycle.js';

const HOUR_US = 3_600_000_000;
const DAY_US = 24 * HOUR_US;

/** The phases a demo model can be caught in at seeding, from where it then moves on with the clock. */
export type LivePhase = 'QUEUED' | 'FINETUNING' | 'DEPLOYING_API';

interface DemoModel {
  name: string;
  settings: WireSettings;
  multiLabel?: boolean;
  /** A run that finished long ago, or one caught in a phase at seeding time that then moves on with the clock. */
  start: { daysAgo: number } | { inPhase: LivePhase };
  /** A serving change some hours after READY; pausing is a user's act, going offline the system's. */
  afterReady?: { status: 'STATUS_PAUSED' | 'STATUS_TEMPORARILY_OFFLINE'; hours: number };
  lastUsedHoursAgo?: number;
}

const LONG_RUN = { train_epochs: 10, learning_rate: 0.005, train_batch_size: 8 };

const DEMO_MODELS: readonly DemoModel[] = [
  {
    name: 'customer-support-chat',
    settings: {
      base_model: { name: 'command-r-08-2024', base_type: 'BASE_TYPE_CHAT', strategy: 'STRATEGY_TFEW' },
      dataset_id: 'support-transcripts-2024q1-d701tr',
      hyperparameters: {
        early_stopping_patience: 6,
        early_stopping_threshold: 0.01,
        train_batch_size: 16,
        train_epochs: 3,
        learning_rate: 0.01,
        lora_alpha: 16,
        lora_rank: 8,
        lora_target_modules: 'LORA_TARGET_MODULES_QKVO',
      },
    },
    start: { daysAgo: 41 },
    lastUsedHoursAgo: 3,
  },
  {
    name: 'legal-clause-rerank',
    settings: {
      base_model: { name: 'english', base_type: 'BASE_TYPE_RERANK', strategy: 'STRATEGY_VANILLA' },
      dataset_id: 'legal-clauses-rerank-d820xf',
    },
    start: { daysAgo: 38 },
  },
  {
    name: 'ticket-triage-classifier',
    settings: {
      base_model: { name: 'english', base_type: 'BASE_TYPE_CLASSIFICATION' },
      dataset_id: 'helpdesk-ticket-labels-k29p',
    },
    multiLabel: true,
    start: { daysAgo: 33 },
    lastUsedHoursAgo: 26,
  },
  {
    name: 'sales-assistant',
    settings: {
      base_model: { name: 'command-r-08-2024', base_type: 'BASE_TYPE_CHAT' },
      dataset_id: 'sales-call-notes-7qw3',
      hyperparameters: { train_epochs: 2, learning_rate: 0.005, early_stopping_patience: 4 },
      wandb: { project: 'sales-assistant-finetunes', entity: 'acme-ml', api_key: 'demo-wandb-secret-5f1c2e' },
    },
    start: { daysAgo: 27 },
  },
  {
    name: 'product-description-writer',
    settings: {
      base_model: { name: 'command', base_type: 'BASE_TYPE_GENERATIVE' },
      dataset_id: 'catalog-descriptions-m4x9',
    },
    start: { daysAgo: 64 },
    lastUsedHoursAgo: 240,
  },
  {
    name: 'faq-bot-multilingual',
    settings: {
      base_model: { name: 'command-r-08-2024', base_type: 'BASE_TYPE_CHAT', strategy: 'STRATEGY_TFEW' },
      dataset_id: 'faq-pairs-de-fr-es-p0v8',
    },
    start: { daysAgo: 12 },
  },
  {
    name: 'clinical-notes-summarizer',
    settings: {
      base_model: { name: 'command-r-08-2024', base_type: 'BASE_TYPE_CHAT' },
      // "fail" in the dataset id is what makes a run fail halfway through FINETUNING.
      dataset_id: 'clinical-notes-failed-export-3k',
      hyperparameters: { train_epochs: 4, learning_rate: 0.02 },
    },
    start: { daysAgo: 21 },
  },
  {
    name: 'news-rerank-legacy',
    settings: {
      base_model: { name: 'english', base_type: 'BASE_TYPE_RERANK', strategy: 'STRATEGY_VANILLA' },
      dataset_id: 'newsroom-queries-2023-h7s1',
    },
    start: { daysAgo: 90 },
    afterReady: { status: 'STATUS_TEMPORARILY_OFFLINE', hours: 30 },
  },
  {
    name: 'spam-filter-vanilla',
    settings: {
      base_model: { name: 'english', base_type: 'BASE_TYPE_CLASSIFICATION', strategy: 'STRATEGY_VANILLA' },
      dataset_id: 'inbox-spam-ham-r2d5',
    },
    start: { daysAgo: 75 },
    afterReady: { status: 'STATUS_PAUSED', hours: 48 },
  },
  {
    name: 'onboarding-guide-chat',
    settings: {
      base_model: { name: 'command-r-08-2024', base_type: 'BASE_TYPE_CHAT' },
      dataset_id: 'onboarding-dialogues-b6n2',
      hyperparameters: LONG_RUN,
    },
    start: { inPhase: 'QUEUED' },
  },
  {
    name: 'code-review-assistant',
    settings: {
      base_model: { name: 'command-r-08-2024', base_type: 'BASE_TYPE_CHAT', strategy: 'STRATEGY_TFEW' },
      dataset_id: 'pull-request-reviews-j8t4',
      hyperparameters: { ...LONG_RUN, lora_rank: 16, lora_alpha: 32, lora_target_modules: 'LORA_TARGET_MODULES_QV' },
    },
    start: { inPhase: 'FINETUNING' },
  },
  {
    name: 'contract-clause-extractor',
    settings: {
      base_model: { name: 'command-r-08-2024', base_type: 'BASE_TYPE_CHAT' },
      dataset_id: 'contract-clauses-v2-e3k7',
      hyperparameters: LONG_RUN,
    },
    start: { inPhase: 'DEPLOYING_API' },
  },
];

function demoModelId(key: string, index: number): string {
  return uuidFromSeed(`demo-model:${key}:${index}`);
}

export function demoModelIds(key: string): string[] {
  return DEMO_MODELS.map((_, index) => demoModelId(key, index));
}

/** The demo models caught mid-run at seeding, by the phase they are in then. */
export function liveDemoModelIds(key: string): Record<LivePhase, string> {
  const entries = DEMO_MODELS.flatMap((demo, index) =>
    'inPhase' in demo.start ? [[demo.start.inPhase, demoModelId(key, index)] as const] : [],
  );
  return Object.fromEntries(entries) as Record<LivePhase, string>;
}

export interface DemoTiming {
  /** When the tenant is seeded. */
  seededUs: number;
  /** Phase durations of finished runs: simulated time as it was, not sped up. */
  history: PhaseDurations;
  /** Phase durations of runs still in motion: the sandbox's own, sped up. */
  live: PhaseDurations;
}

/** How long before seeding a run in motion started, to be in the middle of its phase at seeding time. */
function startedBefore(phase: LivePhase, schedule: StoredModel['schedule']): number {
  const { queuedUs, finetuningUs, deployingUs } = schedule;
  if (phase === 'QUEUED') return Math.floor(queuedUs / 4);
  if (phase === 'FINETUNING') return queuedUs + Math.floor(finetuningUs * 0.35);
  return queuedUs + finetuningUs + Math.floor(deployingUs / 4);
}

/** A moment about `us`, with reproducible sub-millisecond digits. */
function stampNear(us: number, seed: string): number {
  return Math.floor(us / 1000) * 1000 + digitsFromSeed(seed);
}

/** The demo models a tenant starts with: ids and content depend only on the key, times on the seeding moment. */
export function demoModels(key: string, timing: DemoTiming): StoredModel[] {
  return DEMO_MODELS.map((demo, index) => {
    const id = demoModelId(key, index);
    const { start, afterReady, lastUsedHoursAgo } = demo;
    const schedule = scheduleFor(demo.settings, 'daysAgo' in start ? timing.history : timing.live);
    const ago = 'daysAgo' in start ? start.daysAgo * DAY_US : startedBefore(start.inPhase, schedule);
    const createdUs = stampNear(timing.seededUs - ago, id);
    const { readyAt } = phaseTimes({ createdUs, schedule });
    return {
      id,
      name: demo.name,
      settings: structuredClone(demo.settings),
      multiLabel: demo.multiLabel ?? false,
      createdUs,
      schedule,
      servingEvents: afterReady
        ? [
            {
              status: afterReady.status,
              atUs: readyAt + afterReady.hours * HOUR_US,
              byUser: afterReady.status === 'STATUS_PAUSED',
            },
          ]
        : [],
      lastUsedUs:
        lastUsedHoursAgo === undefined ? undefined : stampNear(timing.seededUs - lastUsedHoursAgo * HOUR_US, `${id}:used`),
    };
  });
}
