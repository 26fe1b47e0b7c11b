import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteName } from '../src/sandbox/index.js';
import { graphql } from './gql/index.js';
import { freshKey } from './helpers/fixtures.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { ok, sandboxRest } from './helpers/sandbox-rest.js';

const ModelById = graphql(`
  query ModelById($id: ID!) {
    finetunedModel(id: $id) {
      id
      name
      creatorId
      organizationId
      status
      isInProgress
      isTerminal
      createdAt
      updatedAt
      completedAt
      lastUsed
      settings {
        baseModel { name version baseType strategy }
        datasetId
        hyperparameters {
          earlyStoppingPatience
          earlyStoppingThreshold
          trainBatchSize
          trainEpochs
          learningRate
          loraAlpha
          loraRank
          loraTargetModules
        }
        multiLabel
        wandb { project entity }
      }
    }
  }
`);

const ModelWithHistory = graphql(`
  query ModelWithHistory($id: ID!) {
    finetunedModel(id: $id) {
      id
      events(first: 10) { totalCount edges { node { status userId createdAt } } }
      stepMetrics(first: 10) { edges { node { stepNumber accuracy: metric(name: "accuracy") } } }
      latestStepMetrics { stepNumber metrics { name value } }
    }
  }
`);

const ListWithEvents = graphql(`
  query ListWithEvents($first: Int!) {
    finetunedModels(first: $first) {
      totalCount
      edges { node { id name events(first: 5) { totalCount edges { node { status } } } } }
    }
  }
`);

const FiveAliases = graphql(`
  query FiveAliases($id: ID!) {
    a: finetunedModel(id: $id) { name }
    b: finetunedModel(id: $id) { status }
    c: finetunedModel(id: $id) { createdAt }
    d: finetunedModel(id: $id) { settings { datasetId } }
    e: finetunedModel(id: $id) { id }
  }
`);

const ListThenById = graphql(`
  query ListThenById($id: ID!, $other: ID!) {
    byId: finetunedModel(id: $id) { name }
    finetunedModels(first: 5) { edges { node { id name } } }
    again: finetunedModel(id: $other) { status }
  }
`);

const IdOnly = graphql(`
  query IdOnly($id: ID!) {
    finetunedModel(id: $id) { id name }
  }
`);

describe('the read graph', () => {
  let gw: TestGateway;
  const key = freshKey('reader');
  let demoIds: string[];

  beforeAll(async () => {
    // No retries: an injected upstream failure shows in the answer at once.
    gw = await startGateway({ sandbox: { seedDemoData: true }, env: { UPSTREAM_MAX_RETRIES: '0' } });
    demoIds = gw.sandbox.demoModelIds(key);
  });
  afterAll(() => gw.stop());

  const calls = (filter: { route?: RouteName } = {}) => gw.sandbox.calls.count({ ...filter, key });

  it('returns every field of the upstream model, with enums unprefixed and the W&B key unreadable', async () => {
    const wire = ok(await sandboxRest(gw.sandbox.url, key).list({ page_size: 100 })).finetuned_models ?? [];
    for (const expected of wire) {
      const { data, errors } = await gw.execute(ModelById, { id: expected.id! }, key);
      expect(errors).toBeUndefined();
      const model = data!.finetunedModel!;
      expect(model.id).toBe(expected.id);
      expect(model.name).toBe(expected.name);
      expect(model.creatorId).toBe(expected.creator_id ?? null);
      expect(model.organizationId).toBe(expected.organization_id ?? null);
      expect(model.status).toBe((expected.status ?? 'STATUS_UNSPECIFIED').replace('STATUS_', ''));
      expect(model.createdAt).toBe(expected.created_at ?? null);
      expect(model.updatedAt).toBe(expected.updated_at ?? null);
      expect(model.completedAt).toBe(expected.completed_at ?? null);
      expect(model.lastUsed).toBe(expected.last_used ?? null);
      const s = expected.settings!;
      expect(model.settings.datasetId).toBe(s.dataset_id);
      expect(model.settings.multiLabel).toBe(s.multi_label ?? false);
      expect(model.settings.baseModel).toEqual({
        name: s.base_model?.name ?? null,
        version: s.base_model?.version ?? null,
        baseType: (s.base_model?.base_type ?? 'BASE_TYPE_UNSPECIFIED').replace('BASE_TYPE_', ''),
        strategy: (s.base_model?.strategy ?? 'STRATEGY_UNSPECIFIED').replace('STRATEGY_', ''),
      });
      const h = s.hyperparameters;
      expect(model.settings.hyperparameters).toEqual(
        h
          ? {
              earlyStoppingPatience: h.early_stopping_patience ?? null,
              earlyStoppingThreshold: h.early_stopping_threshold ?? null,
              trainBatchSize: h.train_batch_size ?? null,
              trainEpochs: h.train_epochs ?? null,
              learningRate: h.learning_rate ?? null,
              loraAlpha: h.lora_alpha ?? null,
              loraRank: h.lora_rank ?? null,
              loraTargetModules: h.lora_target_modules?.replace('LORA_TARGET_MODULES_', '') ?? null,
            }
          : null,
      );
      expect(model.settings.wandb).toEqual(
        s.wandb ? { project: s.wandb.project, entity: s.wandb.entity ?? null } : null,
      );
    }
    // The demo data covers every visible status, a W&B configuration and LoRA settings.
    const statuses = new Set(wire.map((m) => m.status));
    expect(statuses.size).toBeGreaterThanOrEqual(6);
    expect(wire.some((m) => m.settings?.wandb)).toBe(true);
  });

  it('offers no way to read the W&B api key', async () => {
    const response = await gw.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ __type(name: "FinetuningWandbConfig") { fields { name } } }' }),
    });
    const { data } = (await response.json()) as { data: { __type: { fields: { name: string }[] } } };
    expect(data.__type.fields.map((f) => f.name).sort()).toEqual(['entity', 'project']);
  });

  it('answers null for a model that does not exist', async () => {
    const { data, errors } = await gw.execute(IdOnly, { id: '00000000-0000-4000-8000-000000000000' }, key);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ finetunedModel: null });
  });

  it.each(['../../v1/other', 'a/b', '%2e%2e', '', ' ', 'x\u0000y', 'https://evil.example/x', '..', '.hidden', 'a?b=c', 'a#b'])(
    'rejects the hostile id %j with BAD_USER_INPUT and no upstream call',
    async (id) => {
      gw.sandbox.calls.reset();
      const { data, errors } = await gw.execute(IdOnly, { id }, key);
      expect(data?.finetunedModel ?? null).toBeNull();
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(gw.sandbox.calls.count()).toBe(0);
    },
  );

  it('reads one model with its events and metrics in exactly three upstream calls', async () => {
    gw.sandbox.calls.reset();
    const { data, errors } = await gw.execute(ModelWithHistory, { id: demoIds[0]! }, key);
    expect(errors).toBeUndefined();
    const model = data!.finetunedModel!;
    expect(model.events!.edges.length).toBeGreaterThan(0);
    expect(model.events!.edges.map((e) => e.node.status).at(-1)).toBe('READY');
    expect(model.stepMetrics!.edges[0]!.node.stepNumber).toBe(0);
    expect(model.latestStepMetrics?.metrics.map((m) => m.name)).toContain('accuracy');
    expect(calls({ route: 'getModel' })).toBe(1);
    expect(calls({ route: 'listEvents' })).toBe(1);
    expect(calls({ route: 'listStepMetrics' })).toBe(1);
    expect(calls()).toBe(3);
  });

  it('reads ten models from a list, each with its events, in 1 + 10 upstream calls', async () => {
    gw.sandbox.calls.reset();
    const { data, errors } = await gw.execute(ListWithEvents, { first: 10 }, key);
    expect(errors).toBeUndefined();
    const edges = data!.finetunedModels!.edges;
    expect(edges).toHaveLength(10);
    for (const edge of edges) expect(edge.node.events!.totalCount).toBeGreaterThan(0);
    expect(calls({ route: 'listModels' })).toBe(1);
    expect(calls({ route: 'listEvents' })).toBe(10);
    expect(calls()).toBe(11);
  });

  it('reads the same model under five aliases in one upstream call', async () => {
    gw.sandbox.calls.reset();
    const { data, errors } = await gw.execute(FiveAliases, { id: demoIds[1]! }, key);
    expect(errors).toBeUndefined();
    expect(data!.e!.id).toBe(demoIds[1]);
    expect(calls()).toBe(1);
  });

  it('costs no extra call to read listed models by id in the same operation', async () => {
    gw.sandbox.calls.reset();
    const { data: first } = await gw.execute(ListWithEvents, { first: 5 }, key);
    const listedIds = first!.finetunedModels!.edges.map((e) => e.node.id);
    gw.sandbox.calls.reset();
    const { data, errors } = await gw.execute(ListThenById, { id: listedIds[0]!, other: listedIds[4]! }, key);
    expect(errors).toBeUndefined();
    expect(data!.byId!.name).toBe(data!.finetunedModels!.edges[0]!.node.name);
    expect(data!.again!.status).toBeTruthy();
    expect(calls({ route: 'listModels' })).toBe(1);
    expect(calls({ route: 'getModel' })).toBe(0);
  });

  it("keeps every sibling's data when one model's events fail", async () => {
    gw.sandbox.faults.set([{ routes: ['listEvents'], status: 500, times: 1 }]);
    try {
      const { data, errors } = await gw.execute(ListWithEvents, { first: 4 }, key);
      expect(errors).toHaveLength(1);
      expect(errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
      const failedIndex = errors![0]!.path![2] as number;
      expect(errors![0]!.path).toEqual(['finetunedModels', 'edges', failedIndex, 'node', 'events']);
      const edges = data!.finetunedModels!.edges;
      expect(edges).toHaveLength(4);
      edges.forEach((edge, index) => {
        expect(edge.node.name).toBeTruthy();
        if (index === failedIndex) expect(edge.node.events).toBeNull();
        else expect(edge.node.events!.totalCount).toBeGreaterThan(0);
      });
      expect(JSON.stringify(errors)).not.toMatch(/sandbox|injected|stack/i);
    } finally {
      gw.sandbox.faults.clear();
    }
  });

  it('answers UNAUTHENTICATED without an upstream call when no key is sent', async () => {
    gw.sandbox.calls.reset();
    const { errors } = await gw.execute(IdOnly, { id: demoIds[0]! }, null);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(gw.sandbox.calls.count()).toBe(0);
  });

  it("never shows one key's models to another", async () => {
    const other = freshKey('other');
    const { data } = await gw.execute(IdOnly, { id: demoIds[0]! }, other);
    expect(data).toEqual({ finetunedModel: null });
  });
});
