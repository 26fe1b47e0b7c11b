import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HYPERPARAMETER_RANGES, type NumericHyperparameter } from '../../src/finetuning/contract.js';
import { WIRE_HYPERPARAMETER_NAMES } from '../../src/upstream/wire.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { MICROS_TIMESTAMP, NANOS_TIMESTAMP, UUID, manualClock, startSandbox } from './helpers.js';
import { freshKey } from '../helpers/fixtures.js';
import { chatModel, createModel, sandboxRest } from '../helpers/sandbox-rest.js';

const clock = manualClock();
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ now: clock.now, seedDemoData: false });
});
afterAll(() => sandbox.stop());

const client = () => sandboxRest(sandbox.url, freshKey());

describe('the seven operations', () => {
  it('creates a model and returns it with server-assigned fields', async () => {
    const reply = await client().create(chatModel({ name: 'first-model' }));
    expect(reply.status).toBe(200);
    const model = reply.body.finetuned_model;
    expect(model).toMatchObject({
      name: 'first-model',
      status: 'STATUS_QUEUED',
      settings: { base_model: { base_type: 'BASE_TYPE_CHAT', name: 'medium', version: '14.2.0' }, dataset_id: 'support-dataset-1' },
    });
    expect(model?.id).toMatch(UUID);
    expect(model?.creator_id).toMatch(UUID);
    expect(model?.organization_id).toMatch(UUID);
    expect(model?.created_at).toMatch(MICROS_TIMESTAMP);
    expect(model?.updated_at).toBe(model?.created_at);
  });

  it('gets a model by id', async () => {
    const api = client();
    const id = await createModel(api);
    const reply = await api.get(id);
    expect(reply.status).toBe(200);
    expect(reply.body.finetuned_model?.id).toBe(id);
  });

  it('lists the models of the key with their total', async () => {
    const api = client();
    const ids = [await createModel(api), await createModel(api)];
    const reply = await api.list();
    expect(reply.status).toBe(200);
    expect(reply.body.finetuned_models?.map((model) => model.id)).toEqual(ids);
    expect(reply.body.total_size).toBe(2);
    expect(reply.body.next_page_token).toBeUndefined();
  });

  it('updates name and settings wholesale and moves updated_at', async () => {
    const api = client();
    const created = await api.create(
      chatModel({ settings: { base_model: { base_type: 'BASE_TYPE_CHAT' }, dataset_id: 'd1', hyperparameters: { train_epochs: 3 } } }),
    );
    const id = created.body.finetuned_model?.id ?? '';
    clock.advance(1500);
    const reply = await api.update(id, {
      name: 'renamed',
      settings: { base_model: { base_type: 'BASE_TYPE_RERANK', strategy: 'STRATEGY_VANILLA' }, dataset_id: 'd2' },
    });
    expect(reply.status).toBe(200);
    const model = reply.body.finetuned_model;
    expect(model?.name).toBe('renamed');
    expect(model?.settings).toEqual({
      base_model: { name: 'english', version: '2.0.0', base_type: 'BASE_TYPE_RERANK', strategy: 'STRATEGY_VANILLA' },
      dataset_id: 'd2',
    });
    expect(model?.created_at).toBe(created.body.finetuned_model?.created_at);
    expect(Date.parse(model?.updated_at ?? '')).toBeGreaterThan(Date.parse(model?.created_at ?? ''));
    expect((await api.get(id)).body.finetuned_model?.name).toBe('renamed');
  });

  it('deletes a model, answering an empty JSON object', async () => {
    const api = client();
    const id = await createModel(api);
    const reply = await api.remove(id);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body).toEqual({});
    expect((await api.list()).body.finetuned_models).toEqual([]);
  });

  it('lists the events of a model', async () => {
    const api = client();
    const id = await createModel(api);
    const reply = await api.events(id);
    expect(reply.status).toBe(200);
    expect(reply.body.events).toHaveLength(1);
    expect(reply.body.events?.[0]).toMatchObject({ status: 'STATUS_QUEUED' });
    expect(reply.body.total_size).toBe(1);
  });

  it('lists training-step metrics without a total', async () => {
    const api = client();
    const id = await createModel(api);
    clock.advance(2 * 60_000);
    const reply = await api.metrics(id);
    expect(reply.status).toBe(200);
    expect(reply.body.step_metrics).toHaveLength(1);
    expect(reply.body).not.toHaveProperty('total_size');
  });
});

describe('the wire format', () => {
  it('leaves out zero values and keeps metrics.step 0 in the first row', async () => {
    const api = client();
    const id = await createModel(
      api,
      chatModel({
        settings: {
          base_model: { base_type: 'BASE_TYPE_CHAT', strategy: 'STRATEGY_UNSPECIFIED' },
          dataset_id: 'd',
          hyperparameters: { early_stopping_patience: 0, train_epochs: 2, lora_target_modules: 'LORA_TARGET_MODULES_UNSPECIFIED' },
        },
      }),
    );
    const model = (await api.get(id)).body.finetuned_model;
    expect(model?.settings?.base_model).not.toHaveProperty('strategy');
    expect(model?.settings?.hyperparameters).toEqual({ train_epochs: 2 });
    expect(model?.settings).not.toHaveProperty('multi_label');
    expect(model).not.toHaveProperty('completed_at');
    expect(model).not.toHaveProperty('last_used');

    clock.advance(2 * 60_000);
    const [first] = (await api.metrics(id)).body.step_metrics ?? [];
    expect(first).not.toHaveProperty('step_number');
    expect(first?.metrics?.step).toBe(0);
    expect(first?.created_at).toMatch(NANOS_TIMESTAMP);
  });

  it('uses proto-style enum strings and RFC 3339 timestamps with microseconds', async () => {
    const api = client();
    const id = await createModel(api);
    const [event] = (await api.events(id)).body.events ?? [];
    expect(event?.status).toBe('STATUS_QUEUED');
    expect(event?.created_at).toMatch(MICROS_TIMESTAMP);
    expect(event?.user_id).toMatch(UUID);
  });

  it('returns settings.wandb with its required api_key, as the contract shapes it, and requires it on update', async () => {
    const api = client();
    const wandb = { project: 'p', entity: 'team', api_key: 'wandb-key' };
    const body = chatModel({ settings: { base_model: { base_type: 'BASE_TYPE_CHAT' }, dataset_id: 'd', wandb } });
    const created = await api.create(body);
    const id = created.body.finetuned_model?.id ?? '';
    for (const reply of [created, await api.get(id), await api.update(id, body)]) {
      expect(reply.status).toBe(200);
      expect(reply.body.finetuned_model?.settings?.wandb).toEqual(wandb);
    }
    expect((await api.list()).body.finetuned_models?.find((m) => m.id === id)?.settings?.wandb).toEqual(wandb);
  });

  it('assigns base_model.version itself and ignores the one a client sends', async () => {
    const reply = await client().create(
      chatModel({ settings: { base_model: { base_type: 'BASE_TYPE_CHAT', version: '99.0.0' }, dataset_id: 'd' } }),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.finetuned_model?.settings?.base_model?.version).toBe('14.2.0');
  });

  it('accepts read-only fields echoed back from a read, and ignores them', async () => {
    const api = client();
    const id = await createModel(api);
    const read = (await api.get(id)).body.finetuned_model;
    const echoed = { ...read, name: 'echoed', settings: { ...read?.settings, multi_label: true }, status: 'STATUS_READY' };
    const reply = await api.update(id, echoed);
    expect(reply.status).toBe(200);
    expect(reply.body.finetuned_model).toMatchObject({ id, name: 'echoed', status: 'STATUS_QUEUED' });
    expect(reply.body.finetuned_model?.settings).not.toHaveProperty('multi_label');
  });

  it('keeps hyperparameters as sent, within the documented ranges', async () => {
    const hyperparameters = Object.fromEntries(
      Object.entries(HYPERPARAMETER_RANGES).map(([name, range]) => [WIRE_HYPERPARAMETER_NAMES[name as NumericHyperparameter], range.max]),
    );
    const reply = await client().create(
      chatModel({ settings: { base_model: { base_type: 'BASE_TYPE_CHAT' }, dataset_id: 'd', hyperparameters } }),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.finetuned_model?.settings?.hyperparameters).toEqual(hyperparameters);
  });

  it('gives created models random UUIDs', async () => {
    const api = client();
    const [a, b] = [await createModel(api), await createModel(api)];
    expect(a).toMatch(UUID);
    expect(a).not.toBe(b);
  });
});
