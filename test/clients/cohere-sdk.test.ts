// Cohere's own TypeScript SDK (cohere-ai) against the sandbox, as an SDK user calls it: the sandbox is only a
// faithful upstream if Cohere's client works against it unchanged. This proves that:
// - all seven fine-tuning calls succeed, and give back what was sent, camelCased and typed (Dates) by the SDK;
// - the SDK user's natural update (read, change the name, send the settings back) is accepted;
// - page_size / page_token walk every list through the SDK;
// - errors reach the SDK as its own error classes (NotFoundError, BadRequestError, UnauthorizedError);
// - every raw answer, for models in every stage of their life, parses with the SDK's own serializers in strict
//   mode (no unknown key, no unknown enum value, every type checked), stricter than the SDK itself parses.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Cohere, CohereClient } from 'cohere-ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { freshKey } from '../helpers/fixtures.js';
import { MINUTE, WHOLE_JOB } from '../helpers/live.js';
import { ok, sandboxRest, type SandboxRest } from '../helpers/sandbox-rest.js';

// The SDK's serializers are not in its package exports: load them from the installed package by file.
type Serializers = typeof import('../../node_modules/cohere-ai/serialization/index.js');
const require = createRequire(import.meta.url);
const serializers = require(join(dirname(require.resolve('cohere-ai')), 'serialization')) as Serializers;
const wire = serializers.finetuning;
type SchemaOptions = NonNullable<Parameters<typeof wire.GetFinetunedModelResponse.parse>[1]>;

/**
 * Stricter than the SDK's own response parsing, which skips validation and passes unknown keys and enum values
 * through: every option of the SDK's schemas (core/schemas/Schema.d.ts) at its strictest.
 */
const STRICT: SchemaOptions = {
  unrecognizedObjectKeys: 'fail',
  allowUnrecognizedUnionMembers: false,
  allowUnrecognizedEnumValues: false,
  skipValidation: false,
  breadcrumbsPrefix: ['response'],
};

interface StrictSchema {
  parse(raw: unknown, options: SchemaOptions): { ok: true } | { ok: false; errors: { path: string[]; message: string }[] };
}

/** Fails the test with the SDK's own validation errors unless `raw` parses strictly. */
function expectStrictParse(schema: StrictSchema, raw: unknown): void {
  const parsed = schema.parse(raw, STRICT);
  expect(parsed.ok ? [] : parsed.errors, JSON.stringify(raw)).toEqual([]);
}

const WANDB = { project: 'support-bot-runs', apiKey: 'wandb-secret-0123456789', entity: 'acme' };

/** What an SDK user creates: a one-epoch chat fine-tune with hyperparameters and W&B reporting. */
const chatFinetune = (name: string, datasetId = 'support-dataset-1'): Cohere.finetuning.FinetunedModel => ({
  name,
  settings: {
    baseModel: { baseType: 'BASE_TYPE_CHAT' },
    datasetId,
    hyperparameters: {
      trainEpochs: 1,
      learningRate: 0.01,
      trainBatchSize: 8,
      earlyStoppingPatience: 4,
      earlyStoppingThreshold: 0.01,
      loraAlpha: 32,
      loraRank: 16,
      loraTargetModules: 'LORA_TARGET_MODULES_QKVO',
    },
    wandb: WANDB,
  },
});

describe("Cohere's TypeScript SDK against the sandbox", () => {
  let sandbox: Sandbox;
  let url: string;
  let offsetMs = 0;

  beforeAll(async () => {
    sandbox = createSandbox({ seedDemoData: false, now: () => Date.now() + offsetMs });
    url = await sandbox.start();
  });
  afterAll(() => sandbox.stop());

  /** Moves the sandbox's clock on, as if that much time had passed. */
  const advance = (ms: number) => {
    offsetMs += ms;
  };

  /** The SDK as its users construct it, pointed at the sandbox; no retries, so an error surfaces at once. */
  const sdk = (key: string) => new CohereClient({ token: key, environment: url, maxRetries: 0 });

  /** Creates a model through the SDK and returns it. */
  async function create(client: CohereClient, body: Cohere.finetuning.FinetunedModel) {
    const { finetunedModel } = await client.finetuning.createFinetunedModel(body);
    if (finetunedModel?.id === undefined) throw new Error('createFinetunedModel returned no model id');
    return { ...finetunedModel, id: finetunedModel.id };
  }

  describe('the seven fine-tuning calls', () => {
    it('createFinetunedModel returns the queued model with the settings as sent, W&B api key included', async () => {
      const started = Date.now() + offsetMs;
      const model = await create(sdk(freshKey('sdk')), chatFinetune('sdk-create'));

      expect(model.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(model).toMatchObject({ name: 'sdk-create', status: 'STATUS_QUEUED' });
      expect(model.settings).toEqual({
        baseModel: { baseType: 'BASE_TYPE_CHAT', name: expect.any(String), version: expect.any(String) },
        datasetId: 'support-dataset-1',
        hyperparameters: chatFinetune('').settings.hyperparameters,
        wandb: WANDB,
      });
      expect(model.createdAt).toBeInstanceOf(Date);
      expect(model.createdAt!.getTime()).toBeGreaterThanOrEqual(started - 1);
      expect(model.updatedAt).toBeInstanceOf(Date);
      expect(model.completedAt).toBeUndefined();
      expect(model.creatorId).toEqual(expect.any(String));
      expect(model.organizationId).toEqual(expect.any(String));
    });

    it('getFinetunedModel reads the model back exactly as create returned it', async () => {
      const client = sdk(freshKey('sdk'));
      const created = await create(client, chatFinetune('sdk-get'));
      const { finetunedModel } = await client.finetuning.getFinetunedModel(created.id);
      expect(finetunedModel).toEqual(created);
    });

    it('updateFinetunedModel accepts the settings read from getFinetunedModel with only the name changed', async () => {
      const client = sdk(freshKey('sdk'));
      const { id } = await create(client, chatFinetune('sdk-before-rename'));
      advance(1000);

      // The SDK user's natural flow: read, change the name, send the settings back as read.
      const { finetunedModel: read } = await client.finetuning.getFinetunedModel(id);
      const { finetunedModel: updated } = await client.finetuning.updateFinetunedModel(id, {
        name: 'sdk-after-rename',
        settings: read!.settings,
      });

      expect(updated).toMatchObject({ id, name: 'sdk-after-rename', settings: read!.settings, createdAt: read!.createdAt });
      expect(updated!.settings.wandb).toEqual(WANDB);
      expect(updated!.updatedAt!.getTime()).toBeGreaterThan(read!.updatedAt!.getTime());
      expect((await client.finetuning.getFinetunedModel(id)).finetunedModel).toEqual(updated);
    });

    it('createFinetunedModel accepts a model as read, with its read-only fields, to clone it', async () => {
      const client = sdk(freshKey('sdk'));
      const original = await create(client, chatFinetune('sdk-original'));
      const clone = await create(client, { ...original, name: 'sdk-clone' });
      expect(clone.id).not.toBe(original.id);
      expect(clone).toMatchObject({ name: 'sdk-clone', status: 'STATUS_QUEUED', settings: original.settings });
    });

    it('listEvents and listTrainingStepMetrics give the whole life of a model that ran to READY', async () => {
      const client = sdk(freshKey('sdk'));
      const { id, createdAt, creatorId } = await create(client, chatFinetune('sdk-life'));
      advance(WHOLE_JOB);

      const { finetunedModel } = await client.finetuning.getFinetunedModel(id);
      expect(finetunedModel).toMatchObject({ status: 'STATUS_READY', completedAt: expect.any(Date) });

      const events = await client.finetuning.listEvents(id);
      expect(events.events?.map((event) => event.status)).toEqual([
        'STATUS_QUEUED',
        'STATUS_FINETUNING',
        'STATUS_DEPLOYING_API',
        'STATUS_READY',
      ]);
      expect(events.totalSize).toBe(4);
      expect(events.nextPageToken).toBeUndefined();
      // The creator queued the job; the system made it READY.
      expect(events.events![0]!.userId).toBe(creatorId);
      expect(events.events![3]!.userId).toBeUndefined();
      expect(events.events![0]!.createdAt).toEqual(createdAt);
      const times = events.events!.map((event) => event.createdAt!.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));

      const { stepMetrics, nextPageToken } = await client.finetuning.listTrainingStepMetrics(id);
      expect(nextPageToken).toBeUndefined();
      expect(stepMetrics).toHaveLength(10); // ten evaluations per epoch
      const steps = stepMetrics!.map((row) => row.stepNumber ?? 0); // proto3 leaves step 0 out
      expect(steps[0]).toBe(0);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      for (const row of stepMetrics!) {
        expect(row.createdAt).toBeInstanceOf(Date);
        expect(Object.keys(row.metrics ?? {})).toEqual(expect.arrayContaining(['accuracy', 'cross_entropy']));
        expect(Object.values(row.metrics ?? {}).every(Number.isFinite)).toBe(true);
      }
    });

    it('listFinetunedModels lists only the key’s own models, oldest first, with their total', async () => {
      const client = sdk(freshKey('sdk'));
      const ids = [];
      for (const name of ['sdk-list-0', 'sdk-list-1', 'sdk-list-2']) ids.push((await create(client, chatFinetune(name))).id);
      await create(sdk(freshKey('other')), chatFinetune('someone-else'));

      const list = await client.finetuning.listFinetunedModels();
      expect(list.finetunedModels?.map((model) => model.id)).toEqual(ids);
      expect(list.finetunedModels?.map((model) => model.name)).toEqual(['sdk-list-0', 'sdk-list-1', 'sdk-list-2']);
      expect(list.totalSize).toBe(3);
      expect(list.nextPageToken).toBeUndefined();
    });

    it('deleteFinetunedModel answers {} and the model is gone from get, list and events', async () => {
      const client = sdk(freshKey('sdk'));
      const { id } = await create(client, chatFinetune('sdk-delete'));

      expect(await client.finetuning.deleteFinetunedModel(id)).toEqual({});

      await expect(client.finetuning.getFinetunedModel(id)).rejects.toBeInstanceOf(Cohere.NotFoundError);
      await expect(client.finetuning.listEvents(id)).rejects.toBeInstanceOf(Cohere.NotFoundError);
      expect((await client.finetuning.listFinetunedModels()).finetunedModels ?? []).toEqual([]);
    });
  });

  describe('pagination through the SDK (pageSize, pageToken, orderBy)', () => {
    const key = freshKey('sdk-pages');
    let ids: string[];

    beforeAll(async () => {
      const client = sdk(key);
      ids = [];
      for (let i = 0; i < 5; i += 1) ids.push((await create(client, chatFinetune(`sdk-page-${i}`))).id);
    });

    /** Follows nextPageToken to the end, returning each page's ids. */
    async function walkModels(request: Omit<Cohere.FinetuningListFinetunedModelsRequest, 'pageToken'>) {
      const pages: string[][] = [];
      let pageToken: string | undefined;
      do {
        const page = await sdk(key).finetuning.listFinetunedModels({ ...request, pageToken });
        expect(page.totalSize).toBe(5);
        pages.push((page.finetunedModels ?? []).map((model) => model.id!));
        pageToken = page.nextPageToken;
      } while (pageToken !== undefined);
      return pages;
    }

    it('walks the models two at a time, each once, in creation order', async () => {
      expect(await walkModels({ pageSize: 2 })).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
    });

    it('walks them newest first with orderBy "created_at desc"', async () => {
      const newestFirst = [...ids].reverse();
      expect(await walkModels({ pageSize: 3, orderBy: 'created_at desc' })).toEqual([newestFirst.slice(0, 3), newestFirst.slice(3)]);
    });

    it("walks a model's events one at a time", async () => {
      const client = sdk(key);
      advance(WHOLE_JOB);
      const statuses: (string | undefined)[] = [];
      let pageToken: string | undefined;
      do {
        const page = await client.finetuning.listEvents(ids[0]!, { pageSize: 1, pageToken });
        expect(page.events).toHaveLength(1);
        statuses.push(page.events![0]!.status);
        pageToken = page.nextPageToken;
      } while (pageToken !== undefined);
      expect(statuses).toEqual(['STATUS_QUEUED', 'STATUS_FINETUNING', 'STATUS_DEPLOYING_API', 'STATUS_READY']);
    });

    it("walks a model's training-step metrics three at a time, each row once", async () => {
      const client = sdk(key);
      const whole = (await client.finetuning.listTrainingStepMetrics(ids[1]!)).stepMetrics ?? [];
      const walked: Cohere.finetuning.TrainingStepMetrics[] = [];
      let pageToken: string | undefined;
      do {
        const page = await client.finetuning.listTrainingStepMetrics(ids[1]!, { pageSize: 3, pageToken });
        walked.push(...(page.stepMetrics ?? []));
        pageToken = page.nextPageToken;
      } while (pageToken !== undefined);
      expect(whole).toHaveLength(10);
      expect(walked).toEqual(whole);
    });
  });

  describe('errors, as the SDK’s error classes', () => {
    it('getFinetunedModel of an unknown id throws NotFoundError with the upstream’s message', async () => {
      const error = await sdk(freshKey('sdk')).finetuning.getFinetunedModel('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Cohere.NotFoundError);
      expect(error).toMatchObject({ statusCode: 404, body: { message: expect.stringContaining('not found') } });
    });

    it('a create with an empty dataset id throws BadRequestError naming the field', async () => {
      // (A body the SDK's types refuse, such as one without datasetId, never leaves the SDK: it throws first.)
      const error = await sdk(freshKey('sdk')).finetuning.createFinetunedModel(chatFinetune('sdk-bad', '')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Cohere.BadRequestError);
      expect(error).toMatchObject({ statusCode: 400, body: { message: 'settings.dataset_id must not be empty' } });
    });

    it('a hyperparameter out of its documented range throws BadRequestError', async () => {
      const body = chatFinetune('sdk-bad-epochs');
      body.settings.hyperparameters = { trainEpochs: 11 };
      const error = await sdk(freshKey('sdk')).finetuning.createFinetunedModel(body).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Cohere.BadRequestError);
      expect(error).toMatchObject({ body: { message: expect.stringContaining('settings.hyperparameters.train_epochs') } });
    });

    it('a page token that is not the sandbox’s throws BadRequestError', async () => {
      const listing = sdk(freshKey('sdk')).finetuning.listFinetunedModels({ pageToken: 'forged' });
      await expect(listing).rejects.toBeInstanceOf(Cohere.BadRequestError);
    });

    it('a malformed key throws UnauthorizedError', async () => {
      const listing = sdk('not a key').finetuning.listFinetunedModels();
      await expect(listing).rejects.toBeInstanceOf(Cohere.UnauthorizedError);
    });
  });

  describe('strict response parsing: every raw answer fits the SDK’s serializers exactly', () => {
    const key = freshKey('sdk-strict');
    let rest: SandboxRest;
    /** Models caught in every stage of the life cycle, plus a minimal one (no hyperparameters, no W&B). */
    const models: Record<string, string> = {};

    beforeAll(async () => {
      rest = sandboxRest(url, key);
      const client = sdk(key);
      const minimal = { name: 'strict-minimal', settings: { baseModel: { baseType: 'BASE_TYPE_CHAT' as const }, datasetId: 'd' } };
      models.ready = (await create(client, chatFinetune('strict-ready'))).id;
      models.failed = (await create(client, chatFinetune('strict-failed', 'dataset-that-will-fail'))).id;
      advance(WHOLE_JOB);
      // One epoch: QUEUED for 2 minutes, FINETUNING for 15, DEPLOYING_API for 3.
      models.deploying = (await create(client, chatFinetune('strict-deploying'))).id;
      advance(8 * MINUTE);
      models.finetuning = (await create(client, chatFinetune('strict-finetuning'))).id;
      advance(10 * MINUTE);
      models.queued = (await create(client, chatFinetune('strict-queued'))).id;
      models.minimal = (await create(client, minimal)).id;
    });

    it('caught the models in the stages meant', async () => {
      const statuses = Object.fromEntries(
        await Promise.all(Object.entries(models).map(async ([stage, id]) => [stage, ok(await rest.get(id)).finetuned_model?.status])),
      );
      expect(statuses).toEqual({
        ready: 'STATUS_READY',
        failed: 'STATUS_FAILED',
        deploying: 'STATUS_DEPLOYING_API',
        finetuning: 'STATUS_FINETUNING',
        queued: 'STATUS_QUEUED',
        minimal: 'STATUS_QUEUED',
      });
    });

    it('is strict: an unknown key, an unknown enum value or a mistyped date would fail (the checks below bite)', async () => {
      const model = ok(await rest.get(models.ready!)).finetuned_model!;
      const refusals = [
        { finetuned_model: { ...model, color: 'blue' } },
        { finetuned_model: { ...model, status: 'STATUS_SLEEPING' } },
        { finetuned_model: { ...model, created_at: 'yesterday' } },
        { finetuned_model: { ...model, settings: { ...model.settings, wandb: { project: 'p' } } } },
      ].map((raw) => wire.GetFinetunedModelResponse.parse(raw, STRICT).ok);
      expect(refusals).toEqual([false, false, false, false]);
    });

    it('ListFinetunedModelsResponse: the whole list, and each page of a walk', async () => {
      expectStrictParse(wire.ListFinetunedModelsResponse, ok(await rest.list()));
      expectStrictParse(wire.ListFinetunedModelsResponse, ok(await rest.list({ order_by: 'created_at desc' })));
      const first = ok(await rest.list({ page_size: 4 }));
      expect(first.next_page_token).toEqual(expect.any(String));
      expectStrictParse(wire.ListFinetunedModelsResponse, first);
      expectStrictParse(wire.ListFinetunedModelsResponse, ok(await rest.list({ page_size: 4, page_token: first.next_page_token })));
    });

    it('ListFinetunedModelsResponse of a key with no models', async () => {
      expectStrictParse(wire.ListFinetunedModelsResponse, ok(await sandboxRest(url, freshKey('empty')).list()));
    });

    it('GetFinetunedModelResponse: a model in every stage', async () => {
      for (const id of Object.values(models)) expectStrictParse(wire.GetFinetunedModelResponse, ok(await rest.get(id)));
    });

    it('CreateFinetunedModelResponse', async () => {
      const created = await rest.create({
        name: 'strict-created',
        settings: {
          base_model: { base_type: 'BASE_TYPE_CHAT' },
          dataset_id: 'd',
          hyperparameters: { train_epochs: 2, lora_target_modules: 'LORA_TARGET_MODULES_QV' },
          wandb: { project: 'p', api_key: 'k' },
        },
      });
      expectStrictParse(wire.CreateFinetunedModelResponse, ok(created));
    });

    it('UpdateFinetunedModelResponse, after sending back the settings read', async () => {
      const read = ok(await rest.get(models.ready!)).finetuned_model!;
      const updated = await rest.update(models.ready!, { name: 'strict-renamed', settings: read.settings });
      expectStrictParse(wire.UpdateFinetunedModelResponse, ok(updated));
    });

    it('ListEventsResponse: every stage, whole and paged', async () => {
      for (const id of Object.values(models)) expectStrictParse(wire.ListEventsResponse, ok(await rest.events(id)));
      const first = ok(await rest.events(models.ready!, { page_size: 2 }));
      expect(first.next_page_token).toEqual(expect.any(String));
      expectStrictParse(wire.ListEventsResponse, first);
      expectStrictParse(wire.ListEventsResponse, ok(await rest.events(models.ready!, { page_size: 2, order_by: 'created_at desc' })));
    });

    it('ListTrainingStepMetricsResponse: every stage (none, some, all rows), whole and paged', async () => {
      for (const id of Object.values(models)) expectStrictParse(wire.ListTrainingStepMetricsResponse, ok(await rest.metrics(id)));
      const first = ok(await rest.metrics(models.ready!, { page_size: 3 }));
      expect(first.next_page_token).toEqual(expect.any(String));
      expectStrictParse(wire.ListTrainingStepMetricsResponse, first);
    });

    it('DeleteFinetunedModelResponse', async () => {
      expectStrictParse(wire.DeleteFinetunedModelResponse, ok(await rest.remove(models.minimal!)));
    });
  });
});
