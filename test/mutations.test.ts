import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { graphql } from './gql/index.js';
import { freshKey } from './helpers/fixtures.js';
import { gatewayOn, startGateway, type TestGateway } from './helpers/gateway.js';
import { json, startHostileUpstream, wireModel as upstreamModel } from './helpers/hostile-upstream.js';
import { startLossyProxy, type LossyProxy } from './helpers/lossy-proxy.js';
import { createModels, ok, sandboxRest } from './helpers/sandbox-rest.js';

const Create = graphql(`
  mutation Create($input: CreateFinetunedModelInput!) {
    createFinetunedModel(input: $input) {
      __typename
      ... on CreateFinetunedModelPayload {
        replayed
        finetunedModel {
          id
          name
          status
          settings {
            baseModel { baseType name }
            datasetId
            hyperparameters { trainEpochs learningRate loraRank loraTargetModules }
            wandb { project entity }
          }
          events(first: 5) { edges { node { status } } }
        }
      }
      ... on FinetuningError { message code }
      ... on InvalidFinetunedModelInputError { path problems { path message } }
      ... on FinetuningRateLimitedError { retryAfterSeconds }
    }
  }
`);

const Update = graphql(`
  mutation Update($input: UpdateFinetunedModelInput!) {
    updateFinetunedModel(input: $input) {
      __typename
      ... on UpdateFinetunedModelPayload { finetunedModel { id name updatedAt } }
      ... on FinetuningError { message code }
      ... on InvalidFinetunedModelInputError { path }
      ... on FinetunedModelNotFoundError { modelId }
      ... on FinetunedModelConflictError { currentUpdatedAt }
    }
  }
`);

const Delete = graphql(`
  mutation Delete($id: ID!) {
    deleteFinetunedModel(id: $id) {
      __typename
      ... on DeleteFinetunedModelPayload { deletedId deletedName }
      ... on FinetuningError { message code }
      ... on FinetunedModelNotFoundError { modelId }
    }
  }
`);

const DeleteThenRead = graphql(`
  mutation DeleteThenRead($id: ID!) {
    deleteFinetunedModel(id: $id) { __typename }
    again: deleteFinetunedModel(id: $id) { __typename }
  }
`);

const Read = graphql(`
  query ReadAfterWrite($id: ID!) {
    finetunedModel(id: $id) { id name }
  }
`);

const input = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  settings: {
    baseModel: { baseType: 'CHAT' as const },
    datasetId: 'dataset-chat-1',
    hyperparameters: { trainEpochs: 2, learningRate: 0.02, loraRank: 16, loraTargetModules: 'QKVO' as const },
    wandb: { project: 'ft-project', entity: 'team', apiKey: 'wandb-secret-key' },
  },
  ...extra,
});

describe('mutations', () => {
  let gw: TestGateway;
  let key: string;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.stop());

  const fresh = () => {
    key = freshKey('writer');
    gw.sandbox.calls.reset();
    return key;
  };
  const calls = (route?: 'createModel' | 'updateModel' | 'deleteModel' | 'getModel' | 'listModels') =>
    gw.sandbox.calls.count({ key, ...(route ? { route } : {}) });
  const wireModel = async (id: string) =>
    ok(await sandboxRest(gw.sandbox.url, key).get(id)).finetuned_model!;

  describe('createFinetunedModel', () => {
    it('creates a model and returns it, never echoing the W&B api key', async () => {
      fresh();
      const response = await gw.execute(Create, { input: input('first-model') }, key);
      expect(response.errors).toBeUndefined();
      const result = response.data!.createFinetunedModel!;
      if (result.__typename !== 'CreateFinetunedModelPayload') throw new Error(result.__typename);
      expect(result.replayed).toBe(false);
      expect(result.finetunedModel).toMatchObject({
        name: 'first-model',
        status: 'QUEUED',
        settings: {
          baseModel: { baseType: 'CHAT' },
          datasetId: 'dataset-chat-1',
          hyperparameters: { trainEpochs: 2, learningRate: 0.02, loraRank: 16, loraTargetModules: 'QKVO' },
          wandb: { project: 'ft-project', entity: 'team' },
        },
      });
      expect(result.finetunedModel.events!.edges.map((e) => e.node.status)).toEqual(['QUEUED']);
      expect(JSON.stringify(response)).not.toContain('wandb-secret-key');
      expect((await wireModel(result.finetunedModel.id)).name).toBe('first-model');
      expect(calls('createModel')).toBe(1);
      expect(calls('getModel')).toBe(1); // only the check above: the payload came from the create's answer
    });

    it.each([
      ['an out-of-range hyperparameter', { settings: { ...input('x').settings, hyperparameters: { trainEpochs: 11 } } }, ['input', 'settings', 'hyperparameters', 'trainEpochs']],
      ['a learning rate below the range', { settings: { ...input('x').settings, hyperparameters: { learningRate: 0.00001 } } }, ['input', 'settings', 'hyperparameters', 'learningRate']],
      ['an empty name', { name: '   ' }, ['input', 'name']],
      ['a name that is too long', { name: 'n'.repeat(65) }, ['input', 'name']],
      ['an UNSPECIFIED base type', { settings: { ...input('x').settings, baseModel: { baseType: 'UNSPECIFIED' } } }, ['input', 'settings', 'baseModel', 'baseType']],
      ['a control character in the dataset id', { settings: { ...input('x').settings, datasetId: 'a\u0007b' } }, ['input', 'settings', 'datasetId']],
      ['multi-label on a chat model', { settings: { ...input('x').settings, multiLabel: true } }, ['input', 'settings', 'multiLabel']],
      ['an idempotency key with spaces', { idempotencyKey: 'not ok' }, ['input', 'idempotencyKey']],
    ])('rejects %s with InvalidFinetunedModelInputError and zero upstream calls', async (_what, override, path) => {
      fresh();
      const { data, errors } = await gw.execute(Create, { input: { ...input('x'), ...override } as never }, key);
      expect(errors).toBeUndefined();
      const result = data!.createFinetunedModel!;
      if (result.__typename !== 'InvalidFinetunedModelInputError') throw new Error(result.__typename);
      expect(result.code).toBe('BAD_USER_INPUT');
      expect(result.path).toEqual(path);
      expect(result.message).toContain(path.join('.'));
      expect(calls()).toBe(0);
    });

    it('names every offending field at once', async () => {
      fresh();
      const { data } = await gw.execute(
        Create,
        { input: { name: '', settings: { baseModel: { baseType: 'CHAT' }, datasetId: '', hyperparameters: { trainBatchSize: 1 } } } },
        key,
      );
      const result = data!.createFinetunedModel!;
      if (result.__typename !== 'InvalidFinetunedModelInputError') throw new Error(result.__typename);
      expect(result.problems.map((p) => p.path.join('.'))).toEqual([
        'input.name',
        'input.settings.datasetId',
        'input.settings.hyperparameters.trainBatchSize',
      ]);
    });

    it('answers a read-only key with FinetuningPermissionDeniedError', async () => {
      fresh();
      const { data } = await gw.execute(Create, { input: input('x') }, `ro-${key}`);
      expect(data!.createFinetunedModel?.__typename).toBe('FinetuningPermissionDeniedError');
    });

    it('answers a rate limit with FinetuningRateLimitedError and its Retry-After', async () => {
      fresh();
      gw.sandbox.faults.set([{ routes: ['createModel'], status: 429, retryAfterSeconds: 12, times: 1 }]);
      const { data } = await gw.execute(Create, { input: input('x') }, key);
      expect(data!.createFinetunedModel).toMatchObject({ __typename: 'FinetuningRateLimitedError', retryAfterSeconds: 12, code: 'RATE_LIMITED' });
      gw.sandbox.faults.clear();
    });

    it('attempts a create exactly once when the upstream fails, and masks the failure', async () => {
      fresh();
      gw.sandbox.faults.set([{ routes: ['createModel'], status: 500, times: 1 }]);
      const { data, errors } = await gw.execute(Create, { input: input('x') }, key);
      gw.sandbox.faults.clear();
      expect(data).toEqual({ createFinetunedModel: null });
      expect(errors).toEqual([
        expect.objectContaining({ message: expect.any(String), extensions: { code: 'UPSTREAM_ERROR' }, path: ['createFinetunedModel'] }),
      ]);
      expect(JSON.stringify(errors)).not.toMatch(/injected|stack|wandb-secret/i);
      expect(calls('createModel')).toBe(1);
    });

    describe('with an idempotency key', () => {
      it('makes one model from a double-submitted create', async () => {
        fresh();
        const submit = () => gw.execute(Create, { input: input('once', { idempotencyKey: 'submit-1' }) }, key);
        const [a, b] = await Promise.all([submit(), submit()]);
        const c = await submit();
        const ids = [a, b, c].map((r) => {
          const result = r.data!.createFinetunedModel!;
          if (result.__typename !== 'CreateFinetunedModelPayload') throw new Error(result.__typename);
          return result.finetunedModel.id;
        });
        expect(new Set(ids).size).toBe(1);
        expect(calls('createModel')).toBe(1);
        expect(ok(await sandboxRest(gw.sandbox.url, key).list()).total_size).toBe(1);
        const replays = [a, b, c].map((r) => (r.data!.createFinetunedModel as { replayed: boolean }).replayed);
        expect(replays.filter(Boolean)).toHaveLength(2);
      });

      it('refuses the same key with another input', async () => {
        fresh();
        await gw.execute(Create, { input: input('one', { idempotencyKey: 'k' }) }, key);
        const { data } = await gw.execute(Create, { input: input('another', { idempotencyKey: 'k' }) }, key);
        expect(data!.createFinetunedModel).toMatchObject({ __typename: 'FinetuningIdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED' });
        expect(calls('createModel')).toBe(1);
      });

      it('keeps the keys of different callers apart', async () => {
        const first = fresh();
        await gw.execute(Create, { input: input('mine', { idempotencyKey: 'shared-key' }) }, first);
        const second = freshKey('writer');
        const { data } = await gw.execute(Create, { input: input('mine', { idempotencyKey: 'shared-key' }) }, second);
        expect(data!.createFinetunedModel).toMatchObject({ __typename: 'CreateFinetunedModelPayload', replayed: false });
      });
    });
  });

  describe('updateFinetunedModel', () => {
    it('changes only the name and keeps every setting exactly as it was upstream', async () => {
      fresh();
      const [id] = await createModels(gw.sandbox.url, key, 1);
      const before = await wireModel(id!);
      const { data } = await gw.execute(Update, { input: { id: id!, name: 'renamed' } }, key);
      expect(data!.updateFinetunedModel).toMatchObject({ __typename: 'UpdateFinetunedModelPayload', finetunedModel: { id, name: 'renamed' } });
      const after = await wireModel(id!);
      expect(after.name).toBe('renamed');
      expect(after.settings).toEqual(before.settings);
      expect(calls('updateModel')).toBe(1);
    });

    it('merges nested settings field by field, and null resets a field', async () => {
      fresh();
      const created = await gw.execute(Create, { input: input('nested') }, key);
      const id = (created.data!.createFinetunedModel as { finetunedModel: { id: string } }).finetunedModel.id;
      const before = await wireModel(id);
      await gw.execute(
        Update,
        { input: { id, settings: { hyperparameters: { trainEpochs: 5, loraRank: null }, wandb: { entity: 'other-team' } } } },
        key,
      );
      const after = await wireModel(id);
      expect(after.settings!.hyperparameters).toEqual({
        ...before.settings!.hyperparameters,
        train_epochs: 5,
        lora_rank: undefined,
      });
      // The W&B key the upstream returned went back with the rest: the caller never saw it nor had to send it.
      expect(after.settings!.wandb).toEqual({ project: 'ft-project', entity: 'other-team', api_key: 'wandb-secret-key' });
      expect(after.settings!.base_model).toEqual(before.settings!.base_model);
      expect(after.settings!.dataset_id).toBe(before.settings!.dataset_id);
    });

    it('rejects an out-of-range change with zero upstream calls', async () => {
      fresh();
      const { data } = await gw.execute(Update, { input: { id: 'some-id', settings: { hyperparameters: { trainBatchSize: 17 } } } }, key);
      expect(data!.updateFinetunedModel).toMatchObject({
        __typename: 'InvalidFinetunedModelInputError',
        path: ['input', 'settings', 'hyperparameters', 'trainBatchSize'],
      });
      expect(calls()).toBe(0);
    });

    it('refuses null for a field the upstream requires, with zero upstream calls', async () => {
      fresh();
      const { data } = await gw.execute(Update, { input: { id: 'some-id', name: null, settings: { datasetId: null } } }, key);
      const result = data!.updateFinetunedModel;
      if (result?.__typename !== 'InvalidFinetunedModelInputError') throw new Error(result?.__typename);
      expect(result.path).toEqual(['input', 'name']);
      expect(result.message).toBe('input.name must not be null (leave it out to keep the current value)');
      expect(calls()).toBe(0);
    });

    it('answers a missing model with FinetunedModelNotFoundError', async () => {
      fresh();
      const { data } = await gw.execute(Update, { input: { id: 'no-such-model', name: 'x' } }, key);
      expect(data!.updateFinetunedModel).toMatchObject({ __typename: 'FinetunedModelNotFoundError', modelId: 'no-such-model', code: 'NOT_FOUND' });
      expect(calls('updateModel')).toBe(0);
    });

    it('refuses to overwrite a model that changed since ifUpdatedAt', async () => {
      fresh();
      const [id] = await createModels(gw.sandbox.url, key, 1);
      const { updated_at } = await wireModel(id!);
      await gw.execute(Update, { input: { id: id!, name: 'first-writer', ifUpdatedAt: updated_at } }, key);
      gw.sandbox.calls.reset();
      const { data } = await gw.execute(Update, { input: { id: id!, name: 'second-writer', ifUpdatedAt: updated_at } }, key);
      expect(data!.updateFinetunedModel).toMatchObject({ __typename: 'FinetunedModelConflictError', code: 'CONFLICT' });
      expect(calls('updateModel')).toBe(0);
      expect((await wireModel(id!)).name).toBe('first-writer');
    });
  });

  describe('ifUpdatedAt compares instants, not strings', () => {
    const spellings: [string, (upstream: string) => string][] = [
      ['with an offset instead of Z', (t) => t.replace(/Z$/, '+00:00')],
      ['with more fraction digits', (t) => t.replace(/Z$/, '000Z')],
      ['as a JavaScript Date (milliseconds)', (t) => new Date(t).toISOString()],
      ['in another offset', (t) => new Date(new Date(t).getTime() + 2 * 3_600_000).toISOString().replace('Z', '').concat(t.slice(23, 26), '+02:00')],
    ];
    it.each(spellings)('accepts the instant the model was updated at, written %s', async (_how, spell) => {
      fresh();
      const [id] = await createModels(gw.sandbox.url, key, 1);
      const { updated_at } = await wireModel(id!);
      const { data } = await gw.execute(Update, { input: { id: id!, name: 'same-instant', ifUpdatedAt: spell(updated_at!) } }, key);
      expect(data!.updateFinetunedModel).toMatchObject({ __typename: 'UpdateFinetunedModelPayload', finetunedModel: { name: 'same-instant' } });
    });

    it('refuses an instant one millisecond or one microsecond off', async () => {
      fresh();
      const [id] = await createModels(gw.sandbox.url, key, 1);
      const { updated_at } = await wireModel(id!);
      const micros = updated_at!.match(/\.(\d{6})Z$/)![1]!;
      const offByOneMicro = updated_at!.replace(/\d{6}Z$/, `${String((Number(micros) + 1) % 1_000_000).padStart(6, '0')}Z`);
      const offByOneMilli = new Date(new Date(updated_at!).getTime() + 1).toISOString();
      for (const ifUpdatedAt of [offByOneMicro, offByOneMilli]) {
        const { data } = await gw.execute(Update, { input: { id: id!, name: 'late', ifUpdatedAt } }, key);
        expect(data!.updateFinetunedModel).toMatchObject({ __typename: 'FinetunedModelConflictError', code: 'CONFLICT' });
      }
      expect(calls('updateModel')).toBe(0);
    });
  });

  describe('deleteFinetunedModel', () => {
    it('names what it deleted, and the model then reads as null', async () => {
      fresh();
      const [id] = await createModels(gw.sandbox.url, key, 1, 'doomed');
      const { data } = await gw.execute(Delete, { id: id! }, key);
      expect(data!.deleteFinetunedModel).toEqual({ __typename: 'DeleteFinetunedModelPayload', deletedId: id, deletedName: 'doomed-0' });
      const read = await gw.execute(Read, { id: id! }, key);
      expect(read.data).toEqual({ finetunedModel: null });
    });

    it('answers a missing model with a typed not-found result, in the same operation too', async () => {
      fresh();
      const [id] = await createModels(gw.sandbox.url, key, 1);
      const { data, errors } = await gw.execute(DeleteThenRead, { id: id! }, key);
      expect(errors).toBeUndefined();
      expect(data).toEqual({
        deleteFinetunedModel: { __typename: 'DeleteFinetunedModelPayload' },
        again: { __typename: 'FinetunedModelNotFoundError' },
      });
      expect(calls('deleteModel')).toBe(1);
    });

    it('rejects a hostile id without an upstream call', async () => {
      fresh();
      const { data } = await gw.execute(Delete, { id: '../../finetuned-models' }, key);
      expect(data!.deleteFinetunedModel).toMatchObject({ __typename: 'InvalidFinetunedModelInputError', code: 'BAD_USER_INPUT' });
      expect(calls()).toBe(0);
    });
  });
});

describe('an update of a model whose upstream answer lacks the W&B api key', () => {
  it('asks for wandb.apiKey with a typed error, and writes nothing', async () => {
    const upstream = await startHostileUpstream();
    const withWandb = { ...upstreamModel('m-wandb'), settings: { ...upstreamModel('m-wandb').settings, wandb: { project: 'p' } } };
    upstream.answer((_request, res) => json(res, 200, { finetuned_model: withWandb }));
    const gateway = gatewayOn(upstream.url);
    try {
      const refused = await gateway.execute(Update, { input: { id: 'm-wandb', name: 'renamed' } }, 'key');
      expect(refused.data?.updateFinetunedModel).toMatchObject({
        __typename: 'InvalidFinetunedModelInputError',
        code: 'BAD_USER_INPUT',
        path: ['input', 'settings', 'wandb', 'apiKey'],
        message: expect.stringContaining('send `wandb.apiKey`'),
      });
      expect(upstream.requests.map((r) => r.method)).toEqual(['GET']);
      // With the key (or without W&B) the same update goes through.
      const sent = await gateway.execute(Update, { input: { id: 'm-wandb', name: 'renamed', settings: { wandb: { apiKey: 'new-key' } } } }, 'key');
      expect(sent.data?.updateFinetunedModel?.__typename).toBe('UpdateFinetunedModelPayload');
      expect(upstream.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'PATCH']);
    } finally {
      await gateway.stop();
      await upstream.stop();
    }
  });
});

describe('an idempotent create whose first answer was lost', () => {
  // A proxy that lets the first create reach the upstream, then loses its answer (502): the upstream acted.
  let proxy: LossyProxy;
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
    proxy = await startLossyProxy(gw.sandbox.url);
  });
  afterAll(async () => {
    await proxy.stop();
    await gw.stop();
  });

  it('finds the model the first attempt made instead of creating a second one', async () => {
    const key = freshKey('lossy');
    const app = createApp({
      config: loadConfig({ GRAPHIQL: 'false', LOG_LEVEL: 'silent' }),
      upstreamUrl: proxy.url,
    });
    const run = async () => {
      const response = await app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({
          query: 'mutation($i: CreateFinetunedModelInput!) { createFinetunedModel(input: $i) { __typename ... on CreateFinetunedModelPayload { replayed finetunedModel { id } } } }',
          variables: { i: { ...chatModelInput(), idempotencyKey: 'retry-me' } },
        }),
      });
      return (await response.json()) as { data: { createFinetunedModel: { replayed: boolean; finetunedModel: { id: string } } | null }; errors?: unknown[] };
    };
    const first = await run();
    expect(first.data.createFinetunedModel).toBeNull();
    const second = await run();
    expect(second.data.createFinetunedModel).toMatchObject({ replayed: true });
    expect(ok(await sandboxRest(gw.sandbox.url, key).list()).total_size).toBe(1);
    expect(gw.sandbox.calls.count({ key, route: 'createModel' })).toBe(1);
    await app.stop();
  });
});

function chatModelInput() {
  return { name: 'lossy-model', settings: { baseModel: { baseType: 'CHAT' }, datasetId: 'dataset-chat-1' } };
}
