import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_LIMITS } from '../../src/finetuning/contract.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { startSandbox } from './helpers.js';
import { freshKey } from '../helpers/fixtures.js';
import { createModel, sandboxRest } from '../helpers/sandbox-rest.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seedDemoData: false });
});
afterAll(() => sandbox.stop());

const client = () => sandboxRest(sandbox.url, freshKey());

const baseModel = { base_type: 'BASE_TYPE_CHAT' };
const withSettings = (settings: Record<string, unknown>) => ({
  name: 'm',
  settings: { base_model: baseModel, dataset_id: 'd', ...settings },
});
const withHyperparameters = (hyperparameters: Record<string, unknown>) => withSettings({ hyperparameters });

const invalidBodies: [string, unknown, string][] = [
  ['a body that is not an object', [1, 2], 'request body must be a JSON object'],
  ['a missing name', { settings: withSettings({}).settings }, 'name is required'],
  ['an empty name', { ...withSettings({}), name: '' }, 'name must not be empty'],
  ['a name that is not a string', { ...withSettings({}), name: 42 }, 'name must be a string'],
  ['a name over the limit', { ...withSettings({}), name: 'n'.repeat(TEXT_LIMITS.name + 1) }, `name must be at most ${TEXT_LIMITS.name} characters`],
  ['missing settings', { name: 'm' }, 'settings is required'],
  ['settings that are not an object', { name: 'm', settings: 'chat' }, 'settings must be an object'],
  ['a missing base model', { name: 'm', settings: { dataset_id: 'd' } }, 'settings.base_model is required'],
  ['a missing base type', withSettings({ base_model: { name: 'medium' } }), 'settings.base_model.base_type is required'],
  [
    'an unspecified base type',
    withSettings({ base_model: { base_type: 'BASE_TYPE_UNSPECIFIED' } }),
    'settings.base_model.base_type must be one of BASE_TYPE_GENERATIVE, BASE_TYPE_CLASSIFICATION, BASE_TYPE_RERANK, BASE_TYPE_CHAT',
  ],
  ['an unknown base type', withSettings({ base_model: { base_type: 'CHAT' } }), 'settings.base_model.base_type must be one of'],
  ['an unknown strategy', withSettings({ base_model: { ...baseModel, strategy: 'FAST' } }), 'settings.base_model.strategy must be one of STRATEGY_VANILLA, STRATEGY_TFEW'],
  [
    'a base model name over the limit',
    withSettings({ base_model: { ...baseModel, name: 'b'.repeat(TEXT_LIMITS.baseModelName + 1) } }),
    'settings.base_model.name must be at most',
  ],
  ['a missing dataset id', { name: 'm', settings: { base_model: baseModel } }, 'settings.dataset_id is required'],
  ['an empty dataset id', withSettings({ dataset_id: '' }), 'settings.dataset_id must not be empty'],
  ['too many epochs', withHyperparameters({ train_epochs: 11 }), 'settings.hyperparameters.train_epochs must be between 1 and 10'],
  ['a fractional epoch count', withHyperparameters({ train_epochs: 1.5 }), 'settings.hyperparameters.train_epochs must be an integer'],
  ['a learning rate too small', withHyperparameters({ learning_rate: 0.00001 }), 'settings.hyperparameters.learning_rate must be between 0.00005 and 0.1'],
  ['a batch size as a string', withHyperparameters({ train_batch_size: '8' }), 'settings.hyperparameters.train_batch_size must be a number'],
  ['a negative patience', withHyperparameters({ early_stopping_patience: -1 }), 'settings.hyperparameters.early_stopping_patience must be between 0 and 10'],
  ['a LoRA rank of zero', withHyperparameters({ lora_rank: 0 }), 'settings.hyperparameters.lora_rank must be between 1 and 256'],
  ['unknown LoRA target modules', withHyperparameters({ lora_target_modules: 'ALL' }), 'settings.hyperparameters.lora_target_modules must be one of'],
  ['wandb without a project', withSettings({ wandb: { api_key: 'k' } }), 'settings.wandb.project is required'],
  ['wandb without an api key', withSettings({ wandb: { project: 'p' } }), 'settings.wandb.api_key is required'],
  ['an unknown top-level field', { ...withSettings({}), colour: 'blue' }, 'unknown field "colour"'],
  ['an unknown settings field', withSettings({ epochs: 3 }), 'unknown field "settings.epochs"'],
  ['an unknown hyperparameter', withHyperparameters({ dropout: 0.1 }), 'unknown field "settings.hyperparameters.dropout"'],
  ['an unknown wandb field', withSettings({ wandb: { project: 'p', api_key: 'k', team: 't' } }), 'unknown field "settings.wandb.team"'],
  ['multi_label as a write-only field', withSettings({ base_model: { ...baseModel, multi_label: true } }), 'unknown field "settings.base_model.multi_label"'],
  ['a boolean where an object belongs', withSettings({ hyperparameters: true }), 'settings.hyperparameters must be an object'],
];

describe('create and update bodies', () => {
  it.each(invalidBodies)('rejects %s on create with 400 naming the field', async (_case, body, message) => {
    const reply = await client().create(body);
    expect(reply.status).toBe(400);
    expect(reply.body.message).toContain(message);
  });

  it.each(invalidBodies)('rejects %s on update with 400 naming the field', async (_case, body, message) => {
    const api = client();
    const reply = await api.update(await createModel(api), body);
    expect(reply.status).toBe(400);
    expect(reply.body.message).toContain(message);
  });

  it('treats null as an absent field, as proto3 JSON does', async () => {
    const reply = await client().create({ ...withSettings({ hyperparameters: null, wandb: null }), id: null });
    expect(reply.status).toBe(200);
    expect(reply.body.finetuned_model?.settings).not.toHaveProperty('hyperparameters');
  });

  it('requires the wandb api_key on update, even when one is stored (a PATCH replaces the settings)', async () => {
    const api = client();
    const id = await createModel(api, withSettings({ wandb: { project: 'p', api_key: 'secret' } }));
    const reply = await api.update(id, withSettings({ wandb: { project: 'p2', entity: 'e' } }));
    expect(reply.status).toBe(400);
    expect(reply.body.message).toBe('settings.wandb.api_key is required');
  });

  it('answers 400 to a body that is not valid JSON', async () => {
    const { call } = client();
    const reply = await call('POST', '/v1/finetuning/finetuned-models', { rawBody: '{"name": ' });
    expect(reply.status).toBe(400);
    expect(reply.body.message).toBe('request body is not valid JSON');
  });
});
