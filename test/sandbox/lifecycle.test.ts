import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../src/upstream/wire.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { NANOS_TIMESTAMP, manualClock, startSandbox } from './helpers.js';
import { freshKey } from '../helpers/fixtures.js';
import { chatModel, createModel, sandboxRest } from '../helpers/sandbox-rest.js';

// Simulated durations, run at speed 2: 1 s queued, 10 s per epoch, 2 s deploying in real (clock) time.
const SPEED = 2;
const QUEUED_MS = 1000;
const EPOCH_MS = 10_000;
const DEPLOYING_MS = 2000;

const clock = manualClock();
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    now: clock.now,
    speed: SPEED,
    seedDemoData: false,
    lifecycle: { queuedMs: QUEUED_MS * SPEED, finetuningMsPerEpoch: EPOCH_MS * SPEED, deployingMs: DEPLOYING_MS * SPEED },
  });
});
afterAll(() => sandbox.stop());

const withDataset = (datasetId: string, trainEpochs?: number) =>
  chatModel({
    settings: {
      base_model: { base_type: 'BASE_TYPE_CHAT' },
      dataset_id: datasetId,
      hyperparameters: trainEpochs === undefined ? undefined : { train_epochs: trainEpochs },
    },
  });

/** Creates a model and reads it back as the clock moves. */
async function followModel(body = withDataset('dataset')) {
  const api = sandboxRest(sandbox.url, freshKey());
  const id = await createModel(api, body);
  return {
    async model() {
      return (await api.get(id)).body.finetuned_model ?? {};
    },
    async events(): Promise<WireEvent[]> {
      return (await api.events(id)).body.events ?? [];
    },
    async metricSteps() {
      return ((await api.metrics(id, { page_size: 100 })).body.step_metrics ?? []).map((row) => row.step_number ?? 0);
    },
    update: (body: unknown) => api.update(id, body),
  };
}

const statuses = (events: WireEvent[]) => events.map((event) => event.status);
const tenths = (count: number) => Array.from({ length: count }, (_, i) => i * 10);

describe('the life cycle of a created model', () => {
  it('goes QUEUED → FINETUNING → DEPLOYING_API → READY, one event per transition', async () => {
    const run = await followModel();
    const created = await run.model();
    expect(created.status).toBe('STATUS_QUEUED');
    expect(statuses(await run.events())).toEqual(['STATUS_QUEUED']);
    expect(await run.metricSteps()).toEqual([]);

    clock.advance(QUEUED_MS);
    expect((await run.model()).status).toBe('STATUS_FINETUNING');
    expect(statuses(await run.events())).toEqual(['STATUS_QUEUED', 'STATUS_FINETUNING']);

    clock.advance(EPOCH_MS);
    const deploying = await run.model();
    expect(deploying.status).toBe('STATUS_DEPLOYING_API');
    const events = await run.events();
    expect(statuses(events)).toEqual(['STATUS_QUEUED', 'STATUS_FINETUNING', 'STATUS_DEPLOYING_API']);
    expect(deploying.completed_at).toBe(events[2]?.created_at);

    clock.advance(DEPLOYING_MS);
    const ready = await run.model();
    expect(ready.status).toBe('STATUS_READY');
    const allEvents = await run.events();
    expect(statuses(allEvents)).toEqual(['STATUS_QUEUED', 'STATUS_FINETUNING', 'STATUS_DEPLOYING_API', 'STATUS_READY']);
    expect(ready.updated_at).toBe(allEvents[3]?.created_at);
    expect(ready.completed_at).toBe(deploying.completed_at);
    expect(ready.created_at).toBe(created.created_at);
  });

  it('stamps each event at its exact transition time', async () => {
    const run = await followModel();
    clock.advance(QUEUED_MS + EPOCH_MS + DEPLOYING_MS);
    const times = (await run.events()).map((event) => Date.parse(event.created_at ?? ''));
    const [queued = 0] = times;
    expect(times.map((time) => time - queued)).toEqual([0, QUEUED_MS, QUEUED_MS + EPOCH_MS, QUEUED_MS + EPOCH_MS + DEPLOYING_MS]);
    expect(queued).toBe(Date.parse((await run.model()).created_at ?? ''));
  });

  it('marks user events with the creator id and system events (READY) without one', async () => {
    const run = await followModel();
    clock.advance(QUEUED_MS + EPOCH_MS + DEPLOYING_MS);
    const { creator_id } = await run.model();
    expect((await run.events()).map((event) => event.user_id)).toEqual([creator_id, creator_id, creator_id, undefined]);
  });

  it('moves updated_at with every transition', async () => {
    const run = await followModel();
    const seen = [(await run.model()).updated_at];
    for (const step of [QUEUED_MS, EPOCH_MS, DEPLOYING_MS]) {
      clock.advance(step);
      seen.push((await run.model()).updated_at);
    }
    expect(new Set(seen).size).toBe(4);
    expect(seen).toEqual([...seen].sort());
  });

  it('writes ten evenly spaced metric rows per epoch during FINETUNING', async () => {
    const run = await followModel(withDataset('dataset', 2));
    clock.advance(QUEUED_MS);
    expect(await run.metricSteps()).toEqual([0]);
    clock.advance(EPOCH_MS / 2);
    expect(await run.metricSteps()).toEqual(tenths(6));
    clock.advance(EPOCH_MS);
    expect(await run.metricSteps()).toEqual(tenths(16));
    clock.advance(EPOCH_MS / 2);
    expect((await run.model()).status).toBe('STATUS_DEPLOYING_API');
    expect(await run.metricSteps()).toEqual(tenths(20));
  });

  it('produces plausible, reproducible training curves', async () => {
    const api = sandboxRest(sandbox.url, freshKey());
    const id = await createModel(api, withDataset('dataset', 3));
    clock.advance(QUEUED_MS + 3 * EPOCH_MS);
    const rows = (await api.metrics(id)).body.step_metrics ?? [];
    expect(rows).toHaveLength(30);
    const first = rows[0]?.metrics ?? {};
    const last = rows.at(-1)?.metrics ?? {};
    expect(Object.keys(first).sort()).toEqual(['accuracy', 'cross_entropy', 'generation_accuracy', 'generation_cross_entropy', 'step']);
    expect(first.accuracy).toBeLessThan(0.5);
    expect(last.accuracy).toBeGreaterThan(0.85);
    expect(first.cross_entropy).toBeGreaterThan(3.5);
    expect(last.cross_entropy).toBeLessThan(0.5);
    expect(last.step).toBe(290);
    expect(rows.every((row) => NANOS_TIMESTAMP.test(row.created_at ?? ''))).toBe(true);
    expect((await api.metrics(id)).body.step_metrics).toEqual(rows);
  });

  it('scales the phases by the speed factor', async () => {
    const fast = manualClock();
    const sixty = await startSandbox({ now: fast.now, speed: 60, seedDemoData: false });
    try {
      const api = sandboxRest(sixty.url, freshKey());
      const id = await createModel(api);
      fast.advance(2 * 1000 - 1); // 2 simulated minutes of queue last 2 real seconds.
      expect((await api.get(id)).body.finetuned_model?.status).toBe('STATUS_QUEUED');
      fast.advance(1);
      expect((await api.get(id)).body.finetuned_model?.status).toBe('STATUS_FINETUNING');
      fast.advance(15 * 1000 + 3 * 1000);
      expect((await api.get(id)).body.finetuned_model?.status).toBe('STATUS_READY');
    } finally {
      await sixty.stop();
    }
  });

  it('keeps the schedule of a run under way when its settings are edited', async () => {
    const run = await followModel(withDataset('dataset', 1));
    clock.advance(QUEUED_MS);
    const reply = await run.update(withDataset('dataset', 10));
    expect(reply.body.finetuned_model?.settings?.hyperparameters?.train_epochs).toBe(10);
    clock.advance(EPOCH_MS);
    expect((await run.model()).status).toBe('STATUS_DEPLOYING_API');
  });
});

describe('a failing run', () => {
  it('goes FAILED halfway through FINETUNING when the dataset id contains "fail"', async () => {
    const run = await followModel(withDataset('my-FAILing-dataset'));
    clock.advance(QUEUED_MS + EPOCH_MS / 2 - 1);
    expect((await run.model()).status).toBe('STATUS_FINETUNING');
    clock.advance(1);
    const failed = await run.model();
    expect(failed.status).toBe('STATUS_FAILED');
    expect(failed).not.toHaveProperty('completed_at');
    const events = await run.events();
    expect(statuses(events)).toEqual(['STATUS_QUEUED', 'STATUS_FINETUNING', 'STATUS_FAILED']);
    expect(events[2]).not.toHaveProperty('user_id');
    expect(failed.updated_at).toBe(events[2]?.created_at);
  });

  it('keeps the metric rows written before it failed, and no more', async () => {
    const run = await followModel(withDataset('fail-fast'));
    clock.advance(QUEUED_MS + 10 * EPOCH_MS);
    expect((await run.model()).status).toBe('STATUS_FAILED');
    expect(await run.metricSteps()).toEqual(tenths(5));
  });
});

describe('a deleted model', () => {
  it('ends its history with a DELETED event by the user and stops its plan there', async () => {
    const { eventsAt, scheduleFor } = await import('../../src/sandbox/lifecycle.js');
    const durations = { queuedUs: 1_000_000, finetuningPerEpochUs: 10_000_000, deployingUs: 2_000_000 };
    const settings = { dataset_id: 'd' };
    const model = { id: 'm', name: 'm', settings, multiLabel: false, createdUs: 0, schedule: scheduleFor(settings, durations), servingEvents: [] };
    const events = eventsAt({ ...model, deletedUs: 5_000_000 }, 60_000_000);
    expect(events.map((event) => [event.status, event.atUs, event.byUser])).toEqual([
      ['STATUS_QUEUED', 0, true],
      ['STATUS_FINETUNING', 1_000_000, true],
      ['STATUS_DELETED', 5_000_000, true],
    ]);
  });
});
