import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE } from '../../src/finetuning/contract.js';
import type { WireFinetunedModel } from '../../src/upstream/wire.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { MICROS_TIMESTAMP, UUID, manualClock, startSandbox } from './helpers.js';
import { freshKey } from '../helpers/fixtures.js';
import { sandboxRest } from '../helpers/sandbox-rest.js';

const clock = manualClock();
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ now: clock.now, speed: 60 });
});
afterAll(() => sandbox.stop());

async function demoModels(key = freshKey()): Promise<WireFinetunedModel[]> {
  const reply = await sandboxRest(sandbox.url, key).list({ page_size: MAX_PAGE_SIZE });
  expect(reply.status).toBe(200);
  return reply.body.finetuned_models ?? [];
}

function byName(models: WireFinetunedModel[], name: string): WireFinetunedModel {
  const model = models.find((candidate) => candidate.name === name);
  if (!model) throw new Error(`no demo model named ${name}`);
  return model;
}

describe('demo data', () => {
  it('seeds a dozen models into a new key, with the ids demoModelIds announces', async () => {
    const key = freshKey();
    const models = await demoModels(key);
    expect(models).toHaveLength(12);
    expect(models.map((model) => model.id).sort()).toEqual([...sandbox.demoModelIds(key)].sort());
    expect(sandbox.demoModelIds(key).every((id) => UUID.test(id))).toBe(true);
    expect(new Set(models.map((model) => model.name)).size).toBe(12);
  });

  it('is deterministic per key, and different between keys', async () => {
    const key = freshKey();
    const other = await startSandbox({ now: clock.now, speed: 60 });
    try {
      const here = await demoModels(key);
      const there = (await sandboxRest(other.url, key).list()).body.finetuned_models ?? [];
      expect(there.map((model) => [model.id, model.name, model.settings])).toEqual(
        here.map((model) => [model.id, model.name, model.settings]),
      );
      expect(other.demoModelIds(key)).toEqual(sandbox.demoModelIds(key));
      expect(sandbox.demoModelIds(freshKey())).not.toEqual(sandbox.demoModelIds(key));
    } finally {
      await other.stop();
    }
  });

  it('covers every visible status', async () => {
    const statuses = new Set((await demoModels()).map((model) => model.status));
    expect([...statuses].sort()).toEqual([
      'STATUS_DEPLOYING_API',
      'STATUS_FAILED',
      'STATUS_FINETUNING',
      'STATUS_PAUSED',
      'STATUS_QUEUED',
      'STATUS_READY',
      'STATUS_TEMPORARILY_OFFLINE',
    ]);
  });

  it('shows the variety of settings: TFEW chat with LoRA, vanilla rerank, multi-label classification, wandb', async () => {
    const models = await demoModels();
    expect(byName(models, 'customer-support-chat')).toMatchObject({
      status: 'STATUS_READY',
      settings: {
        base_model: { base_type: 'BASE_TYPE_CHAT', strategy: 'STRATEGY_TFEW', version: '14.2.0' },
        hyperparameters: { train_epochs: 3, lora_rank: 8, lora_alpha: 16, lora_target_modules: 'LORA_TARGET_MODULES_QKVO' },
      },
    });
    expect(byName(models, 'legal-clause-rerank').settings?.base_model).toMatchObject({
      base_type: 'BASE_TYPE_RERANK',
      strategy: 'STRATEGY_VANILLA',
    });
    expect(byName(models, 'ticket-triage-classifier').settings).toMatchObject({
      base_model: { base_type: 'BASE_TYPE_CLASSIFICATION' },
      multi_label: true,
    });
    expect(byName(models, 'sales-assistant').settings?.wandb).toMatchObject({ project: 'sales-assistant-finetunes', entity: 'acme-ml' });
    expect(models.filter((model) => model.last_used !== undefined).length).toBeGreaterThan(0);
    for (const model of models) expect(model.created_at).toMatch(MICROS_TIMESTAMP);
  });

  it('gives finished models their full history and metric rows', async () => {
    const key = freshKey();
    const api = sandboxRest(sandbox.url, key);
    const models = await demoModels(key);
    const ready = byName(models, 'customer-support-chat');
    const events = (await api.events(ready.id ?? '')).body.events ?? [];
    expect(events.map((event) => event.status)).toEqual(['STATUS_QUEUED', 'STATUS_FINETUNING', 'STATUS_DEPLOYING_API', 'STATUS_READY']);
    expect(ready.completed_at).toBe(events[2]?.created_at);
    expect((await api.metrics(ready.id ?? '')).body.step_metrics).toHaveLength(30);

    const paused = byName(models, 'spam-filter-vanilla');
    const pausedEvents = (await api.events(paused.id ?? '')).body.events ?? [];
    expect(pausedEvents.map((event) => event.status).slice(-2)).toEqual(['STATUS_READY', 'STATUS_PAUSED']);

    const failed = byName(models, 'clinical-notes-summarizer');
    expect((await api.events(failed.id ?? '')).body.events?.at(-1)?.status).toBe('STATUS_FAILED');
    expect((await api.metrics(failed.id ?? '')).body.step_metrics).toHaveLength(20);
  });

  it('keeps the runs in motion moving with the clock', async () => {
    const key = freshKey();
    const api = sandboxRest(sandbox.url, key);
    const models = await demoModels(key);
    const inMotion = models.filter((model) =>
      ['STATUS_QUEUED', 'STATUS_FINETUNING', 'STATUS_DEPLOYING_API'].includes(model.status ?? ''),
    );
    expect(inMotion).toHaveLength(3);
    const finetuning = inMotion.find((model) => model.status === 'STATUS_FINETUNING');
    const rowsBefore = (await api.metrics(finetuning?.id ?? '')).body.step_metrics?.length ?? 0;
    clock.advance(60_000);
    expect((await api.metrics(finetuning?.id ?? '')).body.step_metrics?.length).toBeGreaterThan(rowsBefore);
    // Ten epochs at speed 60 take 150 s: after three more real minutes every run is READY.
    clock.advance(3 * 60_000);
    for (const model of inMotion) expect((await api.get(model.id ?? '')).body.finetuned_model?.status).toBe('STATUS_READY');
  });

  it('can be left out', async () => {
    const empty = await startSandbox({ seedDemoData: false });
    try {
      const reply = await sandboxRest(empty.url, freshKey()).list();
      expect(reply.body.finetuned_models).toEqual([]);
      expect(reply.body).not.toHaveProperty('total_size');
    } finally {
      await empty.stop();
    }
  });
});
