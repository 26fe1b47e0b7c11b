// This service as a Federation 2 subgraph: what it publishes, how it resolves references, and how it behaves
// composed with another team's subgraph behind a real gateway. Supergraph operations are plain strings: they are
// not operations of this service's schema, which the typed test documents are checked against.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { useOpenTelemetry } from '@graphql-hive/plugin-opentelemetry';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, parse, type ObjectTypeDefinitionNode, type StringValueNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteName } from '../src/sandbox/index.js';
import { freshKey } from './helpers/fixtures.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './helpers/otlp-receiver.js';
import { startProjectsSubgraph, type ProjectsSubgraph } from './helpers/projects-subgraph.js';
import { compose, fetchSubgraph, startSupergraph, type Subgraph, type Supergraph } from './helpers/supergraph.js';
import { startTeamsSubgraph, type TeamsSubgraph } from './helpers/teams-subgraph.js';
import { createModels } from './helpers/sandbox-rest.js';

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

interface ModelRef {
  id: string;
  name: string;
}

describe('the fine-tuning subgraph on its own', () => {
  let gw: TestGateway;
  const key = freshKey('entities');
  let ids: string[];

  beforeAll(async () => {
    gw = await startGateway();
    ids = await createModels(gw.sandbox.url, key, 3, 'entity');
  });
  afterAll(() => gw?.stop());

  const post = <R>(query: string, variables: Record<string, unknown> = {}) =>
    gw.execute(parse(query) as TypedDocumentNode<R, Record<string, unknown>>, variables, key);

  it('serves exactly the subgraph SDL it publishes in schema/subgraph.graphql', async () => {
    const { data } = await post<{ _service: { sdl: string } }>('{ _service { sdl } }');
    const published = await readFile(new URL('../schema/subgraph.graphql', import.meta.url), 'utf8');
    expect(data!._service.sdl.trimEnd()).toBe(published.trimEnd());
  });

  it('declares FinetunedModel an entity keyed by id, PageInfo shareable, and every error type under its domain name', async () => {
    const published = await readFile(new URL('../schema/subgraph.graphql', import.meta.url), 'utf8');
    const types = parse(published).definitions.filter(
      (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION,
    );
    const directivesOf = (name: string) =>
      (types.find((t) => t.name.value === name)?.directives ?? []).map((d) => ({
        name: d.name.value,
        args: Object.fromEntries((d.arguments ?? []).map((a) => [a.name.value, (a.value as StringValueNode).value])),
      }));
    expect(directivesOf('FinetunedModel')).toEqual([{ name: 'key', args: { fields: 'id' } }]);
    expect(directivesOf('PageInfo')).toEqual([{ name: 'shareable', args: {} }]);
    expect(published).toMatch(/^extend schema\s+@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);

    const errorTypes = types.filter((t) => t.interfaces?.some((i) => i.name.value === 'FinetuningError'));
    expect(errorTypes.length).toBeGreaterThan(0);
    for (const type of errorTypes) expect(type.name.value).toMatch(/Finetun/);
  });

  it('resolves N references in one parallel GET per distinct id, and a missing model as null', async () => {
    const [a, b, c] = ids as [string, string, string];
    const delay = 250;
    gw.sandbox.faults.set([{ routes: ['getModel'], latencyMs: delay }]);
    gw.sandbox.calls.reset();
    try {
      const representations = [a, b, a, c, MISSING_ID, b].map((id) => ({ __typename: 'FinetunedModel', id }));
      const { data, errors } = await post<{ _entities: (ModelRef | null)[] }>(
        `query ($representations: [_Any!]!) {
          _entities(representations: $representations) { ... on FinetunedModel { id name } }
        }`,
        { representations },
      );
      expect(errors).toBeUndefined();
      expect(data!._entities.map((model) => model?.id ?? null)).toEqual([a, b, a, c, null, b]);
      expect(data!._entities[0]!.name).toBe('entity-0');
      const gets = gw.sandbox.calls.list().filter((call) => call.route === 'getModel');
      expect(gets).toHaveLength(4);
      // All four arrived before the first could be answered: they ran side by side, not one after another.
      const arrivals = gets.map((call) => call.at);
      expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(delay);
    } finally {
      gw.sandbox.faults.clear();
    }
  });
});

interface ProjectWithModels {
  id: string;
  name: string;
  models: ((ModelRef & { status: string }) | null)[];
}

interface StatusChange {
  finetunedModelStatusChanged: {
    previousStatus: string | null;
    status: string;
    model: { id: string; projects: { name: string }[] };
  };
}

describe('the fine-tuning subgraph composed with a projects subgraph behind Hive Gateway', () => {
  let gw: TestGateway;
  let projects: ProjectsSubgraph;
  let subgraphs: Subgraph[];
  let supergraph: Supergraph;
  const key = freshKey('federation');
  let m: string[];
  let clockOffsetMs = 0;

  beforeAll(async () => {
    gw = await startGateway({
      // A clock the test can move, so that a whole training job passes between two polls.
      sandbox: { now: () => Date.now() + clockOffsetMs },
      env: { POLL_INTERVAL_ACTIVE_MS: '20', POLL_INTERVAL_STABLE_MS: '200', POLL_JITTER_RATIO: '0' },
    });
    const finetuningUrl = await gw.app.start(0, '127.0.0.1');
    m = await createModels(gw.sandbox.url, key, 6, 'fed');
    projects = await startProjectsSubgraph([
      { id: 'search', name: 'Search', modelIds: [m[0]!, m[1]!, m[2]!] },
      { id: 'support', name: 'Support', modelIds: [m[1]!, m[2]!, m[3]!] },
      { id: 'labs', name: 'Labs', modelIds: [m[0]!, m[4]!, MISSING_ID] },
      { id: 'assistant', name: 'Assistant', modelIds: [m[5]!] },
    ]);
    subgraphs = await Promise.all([fetchSubgraph('finetuning', finetuningUrl), fetchSubgraph('projects', projects.url)]);
    supergraph = await startSupergraph(subgraphs, { forwardAuthorizationTo: ['finetuning'] });
  });
  afterAll(async () => {
    await supergraph?.stop();
    await projects?.stop();
    await gw?.stop();
  });

  const calls = (route?: RouteName, callerKey = key) => gw.sandbox.calls.count({ ...(route && { route }), key: callerKey });
  const reset = () => {
    gw.sandbox.calls.reset();
    projects.requests.length = 0;
  };

  it('composes: PageInfo is shared, and each subgraph adds its fields to the other', () => {
    const api = parse(supergraph.publicSdl);
    const fieldsOf = (name: string) =>
      api.definitions
        .filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === name)
        .flatMap((d) => (d.fields ?? []).map((f) => f.name.value));
    expect(fieldsOf('FinetunedModel')).toEqual(expect.arrayContaining(['id', 'name', 'status', 'events', 'projects']));
    expect(fieldsOf('Project')).toEqual(expect.arrayContaining(['id', 'name', 'models']));
    expect(fieldsOf('Query')).toEqual(expect.arrayContaining(['finetunedModel', 'finetunedModels', 'projects']));
    expect(fieldsOf('Subscription')).toContain('finetunedModelStatusChanged');
    expect(fieldsOf('PageInfo')).toEqual(['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']);
    expect(fieldsOf('_Service')).toEqual([]);
  });

  it('would not compose if PageInfo were not shareable', () => {
    const unshared = subgraphs.map((s) =>
      s.name === 'finetuning' ? { ...s, sdl: s.sdl.replace(/(type PageInfo)\s*@shareable/, '$1') } : s,
    );
    expect(unshared[0]!.sdl).not.toBe(subgraphs[0]!.sdl);
    const errors = compose(unshared).errors?.map((e) => e.message) ?? [];
    expect(errors.join('\n')).toMatch(/Non-shareable field "PageInfo\.hasNextPage"/);
  });

  it("resolves every project's models, starting in the projects subgraph, in one GET per distinct model", async () => {
    reset();
    const { data, errors } = await supergraph.execute<{ projects: { nodes: ProjectWithModels[] } }>(
      '{ projects { nodes { id name models { id name status } } pageInfo { hasNextPage } } }',
      {},
      key,
    );
    const nodes = data!.projects.nodes;
    expect(nodes.map((p) => p.models.map((model) => model?.id ?? null))).toEqual([
      [m[0], m[1], m[2]],
      [m[1], m[2], m[3]],
      [m[0], m[4], null],
      [m[5]],
    ]);
    expect(nodes[1]!.models[2]).toEqual({ id: m[3], name: 'fed-3', status: 'QUEUED' });
    // The missing model is a null item; the gateway reports the null entity at its first non-null field.
    expect(errors?.map((e) => e.path)).toEqual([['projects', 'nodes', 2, 'models', 2, 'name']]);
    // Ten references, seven distinct ids (one of them missing): seven GETs, and no list read.
    expect(calls('getModel')).toBe(7);
    expect(calls()).toBe(7);
  });

  it("adds the projects subgraph's field to a page of models, starting in this subgraph, without a GET per model", async () => {
    reset();
    const { data, errors } = await supergraph.execute<{
      finetunedModels: { edges: { node: ModelRef & { projects: { name: string }[] } }[] };
    }>('{ finetunedModels(first: 10) { edges { node { id name projects { name } } } } }', {}, key);
    expect(errors).toBeUndefined();
    const projectsOf = new Map(data!.finetunedModels.edges.map(({ node }) => [node.id, node.projects.map((p) => p.name)]));
    expect(m.map((id) => projectsOf.get(id))).toEqual([
      ['Search', 'Labs'],
      ['Search', 'Support'],
      ['Search', 'Support'],
      ['Support'],
      ['Labs'],
      ['Assistant'],
    ]);
    expect(calls('listModels')).toBe(1);
    expect(calls()).toBe(1);
    // The six models' projects came from one batched entity call to the projects subgraph.
    expect(projects.requests.filter((r) => r.query.includes('_entities'))).toHaveLength(1);
  });

  it('goes there and back: a model, the projects that use it, and their models', async () => {
    reset();
    const { data, errors } = await supergraph.execute<{
      finetunedModel: ModelRef & { projects: { name: string; models: (ModelRef | null)[] }[] };
    }>('query ($id: ID!) { finetunedModel(id: $id) { name projects { name models { name } } } }', { id: m[1] }, key);
    expect(errors).toBeUndefined();
    expect(data!.finetunedModel.name).toBe('fed-1');
    expect(data!.finetunedModel.projects.map((p) => [p.name, p.models.map((model) => model?.name)])).toEqual([
      ['Search', ['fed-0', 'fed-1', 'fed-2']],
      ['Support', ['fed-1', 'fed-2', 'fed-3']],
    ]);
    // One GET for the model; then its projects' six references, read in one entity call: one GET per distinct id.
    expect(calls('getModel')).toBe(1 + 4);
  });

  it("forwards the caller's key to this subgraph only: another tenant sees none of the models, no key is refused", async () => {
    reset();
    // `name` makes the gateway ask this subgraph: the ids alone come from the projects subgraph.
    const query = '{ projects { nodes { name models { id name } } } }';
    const stranger = freshKey('stranger');
    const theirs = await supergraph.execute<{ projects: { nodes: ProjectWithModels[] } }>(query, {}, stranger);
    expect(theirs.data!.projects.nodes.flatMap((p) => p.models)).toEqual(Array(10).fill(null));
    expect(calls('getModel', stranger)).toBe(7);
    expect(calls(undefined, key)).toBe(0);

    reset();
    const anonymous = await supergraph.execute<{ projects: { nodes: ProjectWithModels[] } }>(query, {}, null);
    expect(anonymous.data!.projects.nodes.map((p) => p.name)).toEqual(['Search', 'Support', 'Labs', 'Assistant']);
    expect(new Set(anonymous.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['UNAUTHENTICATED']));
    expect(gw.sandbox.calls.count()).toBe(0);

    // The projects subgraph was asked both times, and never saw a Cohere key.
    expect(projects.requests.length).toBeGreaterThan(0);
    expect(projects.requests.every((r) => r.authorization === null)).toBe(true);
  });

  it('streams status changes through the gateway, each with the projects that use the model', async () => {
    const stream = await supergraph.subscribe<StatusChange>(
      'subscription ($id: ID!) { finetunedModelStatusChanged(id: $id) { previousStatus status model { id projects { name } } } }',
      { id: m[5] },
      key,
      // Once the current status is in, the rest of the job passes at once: every change is caught up from events.
      () => {
        clockOffsetMs = 24 * 60 * 60_000;
      },
    );
    expect(stream.events.at(-1)).toBe('complete');
    expect(stream.messages.every((message) => message.errors === undefined)).toBe(true);
    const changes = stream.messages.map((message) => message.data!.finetunedModelStatusChanged);
    expect(changes.map((c) => [c.previousStatus, c.status])).toEqual([
      [null, 'QUEUED'],
      ['QUEUED', 'FINETUNING'],
      ['FINETUNING', 'DEPLOYING_API'],
      ['DEPLOYING_API', 'READY'],
    ]);
    for (const change of changes) expect(change.model).toEqual({ id: m[5], projects: [{ name: 'Assistant' }] });
  });
});

describe("Relay's node(id:) in a supergraph where another subgraph owns Node", () => {
  let gw: TestGateway;
  let teams: TeamsSubgraph;
  let subgraphs: Subgraph[];
  let supergraph: Supergraph;
  const key = freshKey('nodes');
  let modelId: string;

  beforeAll(async () => {
    // The fine-tuning subgraph leaves Query.node and Query.nodes to the teams subgraph; its models are still Nodes.
    gw = await startGateway({ env: { RELAY_NODE_FIELDS: 'false' } });
    [modelId] = (await createModels(gw.sandbox.url, key, 1, 'node')) as [string];
    teams = await startTeamsSubgraph([{ id: 'team:ml', name: 'ML platform' }]);
    subgraphs = await Promise.all([fetchSubgraph('finetuning', await gw.app.start(0, '127.0.0.1')), fetchSubgraph('teams', teams.url)]);
    supergraph = await startSupergraph(subgraphs, { forwardAuthorizationTo: ['finetuning'] });
  });
  afterAll(async () => {
    await supergraph?.stop();
    await teams?.stop();
    await gw?.stop();
  });

  it('publishes FinetunedModel as a Node without the node fields, and composes with the entity interface Node', () => {
    const finetuning = subgraphs[0]!.sdl;
    expect(finetuning).toMatch(/type FinetunedModel implements Node/);
    expect(finetuning).not.toMatch(/\bnode\(id: ID!\)|\bnodes\(ids:/);
    expect(supergraph.publicSdl).toMatch(/node\(id: ID!\): Node/);
  });

  it('would not compose with both subgraphs serving node(id:), which is why RELAY_NODE_FIELDS exists', async () => {
    const withNodeFields = await readFile('schema/subgraph.graphql', 'utf8');
    const errors = compose([{ ...subgraphs[0]!, sdl: withNodeFields }, subgraphs[1]!]).errors?.map((e) => e.message) ?? [];
    expect(errors.join('\n')).toMatch(/Non-shareable field "Query\.node"/);
  });

  it("resolves a fine-tuned model's node(id:) through the gateway, its fields read from this subgraph", async () => {
    const { data, errors } = await supergraph.execute<{ node: { __typename: string; id: string; name?: string; status?: string } }>(
      'query ($id: ID!) { node(id: $id) { __typename id ... on FinetunedModel { name status } } }',
      { id: modelId },
      key,
    );
    expect(errors).toBeUndefined();
    expect(data!.node).toEqual({ __typename: 'FinetunedModel', id: modelId, name: 'node-0', status: 'QUEUED' });
  });

  it('resolves nodes(ids:) of both subgraphs in one query, with null for a missing model', async () => {
    const { data, errors } = await supergraph.execute<{ nodes: ({ __typename: string; id: string; name?: string } | null)[] }>(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Team { name } ... on FinetunedModel { name } } }',
      { ids: ['team:ml', modelId, MISSING_ID] },
      key,
    );
    expect(data!.nodes).toEqual([
      { __typename: 'Team', id: 'team:ml', name: 'ML platform' },
      { __typename: 'FinetunedModel', id: modelId, name: 'node-0' },
      null,
    ]);
    // As for any missing entity, the gateway reports the null at its first non-null field.
    expect(errors?.map((e) => e.path)).toEqual([['nodes', 2, 'name']]);
  });
});

describe('one trace across the supergraph: Hive Gateway with its OpenTelemetry plugin in front of this subgraph', () => {
  let receiver: OtlpReceiver;
  const key = freshKey('traced-federation');
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  let modelId: string;
  let result: { data?: unknown; errors?: unknown[] };

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // The subgraph first: it registers the process's tracer provider, which Hive Gateway's plugin then finds. One
    // provider serves a process, so the router's spans reach the same collector, under their own scope ("gateway"),
    // though with this service's resource: in production the router is a process of its own.
    const gw = await startGateway({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SERVICE_NAME: 'finetuning' } });
    const finetuningUrl = await gw.app.start(0, '127.0.0.1');
    [modelId] = (await createModels(gw.sandbox.url, key, 1, 'traced')) as [string];
    const projects = await startProjectsSubgraph([{ id: 'search', name: 'Search', modelIds: [modelId] }]);
    const subgraphs = await Promise.all([fetchSubgraph('finetuning', finetuningUrl), fetchSubgraph('projects', projects.url)]);
    const supergraph = await startSupergraph(subgraphs, {
      forwardAuthorizationTo: ['finetuning'],
      plugins: (context) => [useOpenTelemetry({ ...context, traces: true })],
    });
    const response = await fetch(supergraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, traceparent: `00-${traceId}-${callerSpanId}-01` },
      body: JSON.stringify({ query: 'query Traced($id: ID!) { finetunedModel(id: $id) { name projects { name } } }', variables: { id: modelId } }),
    });
    result = (await response.json()) as typeof result;
    // Each stop exports what its side still holds.
    await supergraph.stop();
    await projects.stop();
    await gw.stop();
  });
  afterAll(() => receiver?.stop());

  it('goes from the caller through the router to this subgraph’s operation and on to its upstream call', () => {
    expect(result).toEqual({ data: { finetunedModel: { name: 'traced-0', projects: [{ name: 'Search' }] } } });
    const spans = receiver.spans.filter((span) => span.traceId === traceId);
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    // From the upstream call up to the caller, one parent at a time.
    const chain: ReceivedSpan[] = [];
    for (let span = spans.find((s) => s.name === 'GET getModel'); span; span = byId.get(span.parentSpanId ?? '')) chain.push(span);
    expect(chain.at(-1)!.parentSpanId).toBe(callerSpanId);
    const described = chain.map((span) => `${span.scope === 'gateway' ? 'router' : 'finetuning'}: ${span.name}`);
    const operation = described.indexOf('finetuning: graphql.operation');
    expect(described.slice(0, operation + 1)).toEqual([
      'finetuning: GET getModel',
      'finetuning: upstream getModel',
      'finetuning: Query.finetunedModel',
      'finetuning: query.Traced',
      'finetuning: graphql.operation',
    ]);
    // Above this subgraph's operation: the router's spans only, from its fetch of this subgraph up to its HTTP span.
    const router = described.slice(operation + 1);
    expect(router.every((name) => name.startsWith('router: '))).toBe(true);
    expect(router[0]).toBe('router: http.fetch');
    expect(router).toContain('router: subgraph.execute (finetuning)');
    expect(router.at(-1)).toBe('router: POST /graphql');
  });
});
