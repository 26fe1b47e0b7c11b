// Relay against the gateway, as a Relay app uses it. relay-compiler 21 compiles the documents in ./relay/ against
// schema/schema.graphql on every run (a compiler error fails the suite with its output), and relay-runtime 21
// runs the artifacts it generates against a real gateway on 127.0.0.1. This proves that:
// - the compiler accepts the schema with @refetchable fragments (refetched through `node(id:)`), a pagination
//   fragment with @connection on a model's `events`, and the `finetunedModels` connection ordered by a nullable
//   variable with a default;
// - a refetch by id updates the model's record in the store;
// - paging a model's events as usePaginationFragment's loadNext does gathers every edge in the store's
//   connection, in order, once each, until hasNextPage is false;
// - `createFinetunedModel`'s finetunedModelEdge with @prependEdge puts the new model first in the list, and
//   `deletedId` with @deleteEdge and @deleteRecord takes it out of the list and the store;
// - the typed errors of mutations (which name the model as `modelId`) never share a record with the model, so
//   Relay warns of no broken "globally unique id", and the model's record stays a FinetunedModel.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  commitLocalUpdate,
  commitMutation,
  ConnectionHandler,
  createOperationDescriptor,
  Environment,
  fetchQuery,
  getSingularSelector,
  Network,
  RecordSource,
  ROOT_ID,
  Store,
  type ConcreteRequest,
  type GraphQLResponse,
  type ReaderFragment,
  type RecordProxy,
  type RecordSourceSelectorProxy,
  type Variables,
} from 'relay-runtime';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshKey } from '../helpers/fixtures.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { LIFE_CYCLE, WHOLE_JOB } from '../helpers/live.js';
import { createModels, ok, sandboxRest } from '../helpers/sandbox-rest.js';

const DOCUMENTS_DIR = fileURLToPath(new URL('./relay/', import.meta.url));
const SCHEMA = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));
const require = createRequire(import.meta.url);
/** relay-compiler's launcher, which runs the native binary for this platform (what node_modules/.bin/relay-compiler runs). */
const RELAY_COMPILER = require.resolve('relay-compiler/cli.js');

const LIST_KEY = 'ModelList_finetunedModels';
const EVENTS_KEY = 'ModelEvents_events';
/** The list connection's filters: its arguments other than first/after, `orderBy` at the query's default. */
const NEWEST_FIRST = { orderBy: 'CREATED_AT_DESC' };

let workDir: string;
let artifactDir: string;
let gw: TestGateway;
let url: string;
let clockOffsetMs = 0;

/** Runs relay-compiler on ./relay/ with a config in a temp dir; a compiler error fails with its output. */
async function compileDocuments(): Promise<void> {
  const configPath = join(workDir, 'relay.config.json');
  const config = {
    src: DOCUMENTS_DIR,
    schema: SCHEMA,
    artifactDirectory: artifactDir,
    language: 'typescript',
    useImportTypeSyntax: true,
  };
  await writeFile(configPath, JSON.stringify(config, null, 2));
  try {
    const args = [RELAY_COMPILER, '--noWatchman', configPath];
    await promisify(execFile)(process.execPath, args, { env: { ...process.env, NO_COLOR: '1' } });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`relay-compiler failed on ${DOCUMENTS_DIR}:\n${stdout}${stderr}`, { cause: error });
  }
}

/** The default export of a generated artifact, e.g. `ModelCardRefetchQuery` (typed by what it is, not its data). */
async function artifact<T extends ConcreteRequest | ReaderFragment>(name: string): Promise<T> {
  const module = (await import(pathToFileURL(join(artifactDir, `${name}.graphql.ts`)).href)) as { default: T };
  return module.default;
}

/** A Relay environment with an empty store, whose network POSTs to the gateway with `key`. */
function relayEnvironment(key: string): Environment {
  return new Environment({
    network: Network.create(async (request, variables) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: request.text, operationName: request.name, variables }),
      });
      return (await response.json()) as GraphQLResponse;
    }),
    store: new Store(new RecordSource()),
  });
}

/** Runs a query as useLazyLoadQuery does: retained (so the store keeps its records), then fetched. */
async function load<R>(env: Environment, query: ConcreteRequest, variables: Variables): Promise<R> {
  env.retain(createOperationDescriptor(query, variables));
  return (await fetchQuery(env, query, variables).toPromise()) as R;
}

/** Commits a mutation and resolves with its response; GraphQL errors reject. */
function mutate<R>(env: Environment, mutation: ConcreteRequest, variables: Variables): Promise<R> {
  return new Promise((resolve, reject) => {
    commitMutation(env, {
      mutation,
      variables,
      onCompleted: (response, errors) => (errors?.length ? reject(new Error(JSON.stringify(errors))) : resolve(response as R)),
      onError: reject,
    });
  });
}

/** What a component reads through a fragment (useFragment), given the fragment reference a query returned. */
function readFragment<R>(env: Environment, fragment: ReaderFragment, ref: unknown): R {
  return env.lookup(getSingularSelector(fragment, ref)).data as R;
}

/** Reads the store through the record proxies ConnectionHandler works with, in an updater that writes nothing. */
function readStore<T>(env: Environment, read: (store: RecordSourceSelectorProxy) => T): T {
  let result: { value: T } | undefined;
  commitLocalUpdate(env, (store) => {
    result = { value: read(store) };
  });
  if (result === undefined) throw new Error('commitLocalUpdate did not run its updater synchronously');
  return result.value;
}

/** A connection's edges as records: each edge's cursor and node. */
const edgesOf = (connection: RecordProxy | null | undefined) =>
  (connection?.getLinkedRecords('edges') ?? []).map((edge) => ({
    cursor: edge?.getValue('cursor'),
    node: edge?.getLinkedRecord('node'),
  }));

/** The ids of the models in the list connection, as the store holds it. */
const listedIds = (env: Environment) =>
  readStore(env, (store) => {
    const connection = ConnectionHandler.getConnection(store.getRoot(), LIST_KEY, NEWEST_FIRST);
    return edgesOf(connection).map((edge) => edge.node?.getDataID());
  });

const chatInput = (name: string) => ({ name, settings: { baseModel: { baseType: 'CHAT' }, datasetId: 'dataset-chat-1' } });

// The data the test reads, as in the generated `$data` types (which live in the temp dir, out of tsc's reach).
interface ModelListData {
  finetunedModels: { __id: string; totalCount: number; edges: { cursor: string; node: { id: string; name: string } }[] };
}
interface ModelCardData {
  id: string;
  name: string;
  status: string;
  updatedAt: string;
}
interface EventsData {
  events: {
    totalCount: number;
    edges: { cursor: string; node: { status: string } }[];
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}
/** A mutation's response: its result union as one object, the fields of each member optional. */
type MutationResult<K extends string, P> = Record<K, ({ __typename: string; message?: string; code?: string } & Partial<P>) | null>;
interface CreatedEdge {
  finetunedModelEdge: { cursor: string; node: { id: string; name: string } };
}

// Relay reports a broken "globally unique id" (and every other dev warning) with console.error: any fails the test.
let consoleErrors: string[];
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void consoleErrors.push(args.map(String).join(' ')));
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void consoleErrors.push(args.map(String).join(' ')));
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(consoleErrors).toEqual([]);
});

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'relay-test-'));
  artifactDir = join(workDir, 'artifacts');
  await mkdir(artifactDir);
  await compileDocuments();
  gw = await startGateway({ sandbox: { now: () => Date.now() + clockOffsetMs } });
  url = `${await gw.app.start(0, '127.0.0.1')}/graphql`;
});

afterAll(async () => {
  await gw?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('Relay (relay-compiler 21, relay-runtime 21)', () => {
  it('compiles @refetchable fragments, a @connection pagination fragment and a list ordered by a defaulted variable', async () => {
    expect((await readdir(artifactDir)).sort()).toEqual(
      [
        'ModelCardQuery',
        'ModelCardRefetchQuery',
        'ModelCard_model',
        'ModelEventsPaginationQuery',
        'ModelEventsQuery',
        'ModelEvents_model',
        'ModelListQuery',
        'ModelMutationsCreateMutation',
        'ModelMutationsDeleteMutation',
        'ModelMutationsUpdateMutation',
      ].map((name) => `${name}.graphql.ts`),
    );
    // Both refetchable fragments refetch through Query.node.
    for (const name of ['ModelCardRefetchQuery', 'ModelEventsPaginationQuery']) {
      const text = (await artifact<ConcreteRequest>(name)).params.text ?? '';
      expect(text).toMatch(/\$id: ID!/);
      expect(text).toMatch(/\bnode\(id: \$id\) \{/);
    }
    // The pagination fragment tells usePaginationFragment which connection and variables to page with.
    const events = await artifact<ReaderFragment>('ModelEvents_model');
    expect(events.metadata?.connection).toEqual([
      { count: 'count', cursor: 'cursor', direction: 'forward', path: ['events'] },
    ]);
    expect(events.metadata?.refetch).toMatchObject({
      fragmentPathInResult: ['node'],
      identifierInfo: { identifierField: 'id' },
    });
    const list = (await artifact<ConcreteRequest>('ModelListQuery')).params.text ?? '';
    expect(list).toMatch(/\$orderBy: FinetuningOrderBy = CREATED_AT_DESC/);
  });

  it('refetches a model by id through node(id:) and updates its record in the store', async () => {
    const key = freshKey('relay');
    const [id] = (await createModels(gw.sandbox.url, key, 1, 'card')) as [string];
    const env = relayEnvironment(key);
    const [query, refetchQuery, fragment] = await Promise.all([
      artifact<ConcreteRequest>('ModelCardQuery'),
      artifact<ConcreteRequest>('ModelCardRefetchQuery'),
      artifact<ReaderFragment>('ModelCard_model'),
    ]);
    const { finetunedModel: ref } = await load<{ finetunedModel: unknown }>(env, query, { id });
    const before = readFragment<ModelCardData>(env, fragment, ref);
    expect(before).toMatchObject({ id, name: 'card-0' });

    // Someone else renames the model (the upstream PATCH takes the whole name and settings).
    const upstream = sandboxRest(gw.sandbox.url, key);
    const { settings } = ok(await upstream.get(id)).finetuned_model ?? {};
    const renamed = ok(await upstream.update(id, { name: 'card-renamed', settings })).finetuned_model;
    expect(readFragment<ModelCardData>(env, fragment, ref).name).toBe('card-0'); // the store does not know yet

    await fetchQuery(env, refetchQuery, { id }).toPromise();
    const record = env.getStore().getSource().get(id);
    expect(record?.__typename).toBe('FinetunedModel');
    expect(record?.name).toBe('card-renamed');
    const after = readFragment<ModelCardData>(env, fragment, ref);
    expect(after).toMatchObject({ id, name: 'card-renamed' });
    expect(Date.parse(after.updatedAt)).toBe(Date.parse(renamed?.updated_at ?? '')); // the rename's, not the creation's
  });

  it("pages a model's events as loadNext does: every edge once, in order, until hasNextPage is false", async () => {
    const key = freshKey('relay');
    const [id] = (await createModels(gw.sandbox.url, key, 1, 'events')) as [string];
    clockOffsetMs += WHOLE_JOB; // the job runs to READY: QUEUED, FINETUNING, DEPLOYING_API, READY
    const env = relayEnvironment(key);
    const [query, paginationQuery, fragment] = await Promise.all([
      artifact<ConcreteRequest>('ModelEventsQuery'),
      artifact<ConcreteRequest>('ModelEventsPaginationQuery'),
      artifact<ReaderFragment>('ModelEvents_model'),
    ]);
    const { finetunedModel: ref } = await load<{ finetunedModel: unknown }>(env, query, { id, count: 1 });

    // loadNext: the pagination query from the rendered endCursor, while hasNextPage; each page adds one edge.
    let rendered = readFragment<EventsData>(env, fragment, ref);
    const shown = [rendered.events.edges.length];
    while (rendered.events.pageInfo.hasNextPage) {
      expect(shown.length, 'more pages than events').toBeLessThan(LIFE_CYCLE.length);
      await fetchQuery(env, paginationQuery, { id, count: 1, cursor: rendered.events.pageInfo.endCursor }).toPromise();
      rendered = readFragment<EventsData>(env, fragment, ref);
      shown.push(rendered.events.edges.length);
    }
    expect(shown).toEqual([1, 2, 3, 4]);
    expect(rendered.events.edges.map((edge) => edge.node.status)).toEqual(LIFE_CYCLE);
    expect(rendered.events.totalCount).toBe(LIFE_CYCLE.length);

    // The store's connection, as ConnectionHandler finds it on the model's record.
    const stored = readStore(env, (store) => {
      const connection = ConnectionHandler.getConnection(store.get(id) as RecordProxy, EVENTS_KEY);
      return {
        edges: edgesOf(connection).map((edge) => ({ cursor: edge.cursor, status: edge.node?.getValue('status') })),
        hasNextPage: connection?.getLinkedRecord('pageInfo')?.getValue('hasNextPage'),
      };
    });
    expect(stored.edges.map((edge) => edge.status)).toEqual(LIFE_CYCLE);
    expect(new Set(stored.edges.map((edge) => edge.cursor)).size).toBe(LIFE_CYCLE.length);
    expect(stored.hasNextPage).toBe(false);
  });

  it('puts a created model first in the loaded list with @prependEdge on finetunedModelEdge', async () => {
    const key = freshKey('relay');
    const [oldest, newer] = (await createModels(gw.sandbox.url, key, 2, 'listed')) as [string, string];
    const env = relayEnvironment(key);
    const [listQuery, create] = await Promise.all([
      artifact<ConcreteRequest>('ModelListQuery'),
      artifact<ConcreteRequest>('ModelMutationsCreateMutation'),
    ]);
    const list = await load<ModelListData>(env, listQuery, {});
    const connectionId = ConnectionHandler.getConnectionID(ROOT_ID, LIST_KEY, NEWEST_FIRST);
    expect(list.finetunedModels.__id).toBe(connectionId);
    expect(listedIds(env)).toEqual([newer, oldest]);

    const response = await mutate<MutationResult<'createFinetunedModel', CreatedEdge>>(env, create, {
      input: chatInput('relay-created'),
      connections: [connectionId],
    });
    expect(response.createFinetunedModel?.__typename).toBe('CreateFinetunedModelPayload');
    const created = response.createFinetunedModel?.finetunedModelEdge?.node.id ?? '';
    expect(listedIds(env)).toEqual([created, newer, oldest]);
    // What the list component renders, and what the gateway says when asked again.
    const rendered = env.lookup(createOperationDescriptor(listQuery, {}).fragment).data as unknown as ModelListData;
    expect(rendered.finetunedModels.edges[0]?.node).toMatchObject({ id: created, name: 'relay-created' });
    const fresh = (await fetchQuery(env, listQuery, {}).toPromise()) as ModelListData;
    expect(fresh.finetunedModels.edges.map((edge) => edge.node.id)).toEqual([created, newer, oldest]);
  });

  it('takes a deleted model out of the list and the store with @deleteEdge and @deleteRecord on deletedId', async () => {
    const key = freshKey('relay');
    const [oldest, newer] = (await createModels(gw.sandbox.url, key, 2, 'listed')) as [string, string];
    const env = relayEnvironment(key);
    const [listQuery, remove] = await Promise.all([
      artifact<ConcreteRequest>('ModelListQuery'),
      artifact<ConcreteRequest>('ModelMutationsDeleteMutation'),
    ]);
    await load<ModelListData>(env, listQuery, {});
    expect(env.getStore().getSource().get(newer)?.__typename).toBe('FinetunedModel');

    const connectionId = ConnectionHandler.getConnectionID(ROOT_ID, LIST_KEY, NEWEST_FIRST);
    const response = await mutate<MutationResult<'deleteFinetunedModel', { deletedId: string }>>(env, remove, {
      id: newer,
      connections: [connectionId],
    });
    expect(response.deleteFinetunedModel).toMatchObject({ __typename: 'DeleteFinetunedModelPayload', deletedId: newer });
    expect(env.getStore().getSource().get(newer)).toBeNull(); // deleted, not merely unknown (undefined)
    expect(listedIds(env)).toEqual([oldest]);
    const rendered = env.lookup(createOperationDescriptor(listQuery, {}).fragment).data as unknown as ModelListData;
    expect(rendered.finetunedModels.edges.map((edge) => edge.node.id)).toEqual([oldest]);
  });

  it('keeps FinetunedModelNotFoundError { modelId } out of the store records of models', async () => {
    const key = freshKey('relay');
    const env = relayEnvironment(key);
    const update = await artifact<ConcreteRequest>('ModelMutationsUpdateMutation');
    const missing = '00000000-0000-4000-8000-000000000000';
    const response = await mutate<MutationResult<'updateFinetunedModel', { modelId: string }>>(env, update, {
      input: { id: missing, name: 'nobody' },
    });
    expect(response.updateFinetunedModel).toMatchObject({
      __typename: 'FinetunedModelNotFoundError',
      modelId: missing,
      code: 'NOT_FOUND',
    });
    expect(env.getStore().getSource().get(missing)).toBeUndefined(); // no record under the model's id
    expect(consoleErrors).toEqual([]);
  });

  it('keeps FinetunedModelConflictError { modelId currentUpdatedAt } from retyping the model it names', async () => {
    const key = freshKey('relay');
    const [id] = (await createModels(gw.sandbox.url, key, 1, 'conflict')) as [string];
    const env = relayEnvironment(key);
    const [query, fragment, update] = await Promise.all([
      artifact<ConcreteRequest>('ModelCardQuery'),
      artifact<ReaderFragment>('ModelCard_model'),
      artifact<ConcreteRequest>('ModelMutationsUpdateMutation'),
    ]);
    const { finetunedModel: ref } = await load<{ finetunedModel: unknown }>(env, query, { id });
    const { updatedAt } = readFragment<ModelCardData>(env, fragment, ref);

    type Conflict = { modelId: string; currentUpdatedAt: string };
    const response = await mutate<MutationResult<'updateFinetunedModel', Conflict>>(env, update, {
      input: { id, name: 'lost-update', ifUpdatedAt: '2001-01-01T00:00:00Z' },
    });
    expect(response.updateFinetunedModel).toMatchObject({
      __typename: 'FinetunedModelConflictError',
      modelId: id,
      code: 'CONFLICT',
    });
    expect(Date.parse(response.updateFinetunedModel?.currentUpdatedAt ?? '')).toBe(Date.parse(updatedAt));
    expect(consoleErrors.filter((message) => message.includes('globally unique'))).toEqual([]);
    const record = env.getStore().getSource().get(id);
    expect(record?.__typename).toBe('FinetunedModel');
    expect(readFragment<ModelCardData>(env, fragment, ref)).toMatchObject({ id, name: 'conflict-0', updatedAt });
  });
});
