// Apollo Client 4 against the gateway, used the way a frontend developer uses it: a real gateway on a port, in
// front of a fresh sandbox, and nothing but Apollo's own links and cache. It proves that
// - relayStylePagination() type policies page `finetunedModels` and a model's `events` with fetchMore, one request a
//   page, into one cache-merged list;
// - codegen's possibleTypes let the cache match fragments on the mutation result unions, and typed errors (which
//   carry `modelId`, not `id`) are never normalised over the model they name;
// - mutations keep the normalised cache right without refetching: a created model prepended from the payload's
//   edge, an update with `ifUpdatedAt` taken from a JavaScript Date, a delete evicted from the cache;
// - subscriptions arrive in order over GraphQLWsLink and over plain HttpLink (Apollo's multipart protocol), and
//   walk the cached model through every status;
// - PersistedQueryLink falls back to the document by default, and sends the hash alone once the gateway knows it.
//
// The documents are plain strings given to Apollo's `gql` through `doc()`: codegen reads every `gql` tag under
// test/, so a tagged document here would need test/gql regenerated. Their result types are written by hand.
import { createHash, randomUUID } from 'node:crypto';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql, type OperationVariables, type TypedDocumentNode } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { relayStylePagination } from '@apollo/client/utilities';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import introspection from '../gql/possible-types.js';
import { freshKey } from '../helpers/fixtures.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { FAST_POLLING, LIFE_CYCLE, WHOLE_JOB } from '../helpers/live.js';
import { createModels } from '../helpers/sandbox-rest.js';

// ---- Documents and their result types ------------------------------------------------------------------------

const doc = <R, V extends OperationVariables = Record<string, never>>(source: string): TypedDocumentNode<R, V> => gql(source);

type Order = 'CREATED_AT_ASC' | 'CREATED_AT_DESC';
type PageInfo = { hasNextPage: boolean; endCursor: string | null };
type ListedModel = { __typename: 'FinetunedModel'; id: string; name: string; status: string; updatedAt: string | null };
type ModelEdge = { __typename: 'FinetunedModelEdge'; cursor: string; node: ListedModel };
type ModelsPageData = { finetunedModels: { totalCount: number; edges: ModelEdge[]; pageInfo: PageInfo } | null };

const ModelsPage = doc<ModelsPageData, { first: number; after?: string | null; orderBy: Order }>(`
  query ApolloModelsPage($first: Int!, $after: String, $orderBy: FinetuningOrderBy!) {
    finetunedModels(first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      edges { cursor node { id name status updatedAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

type ModelEventsData = {
  finetunedModel: {
    id: string;
    events: { totalCount: number; edges: { cursor: string; node: { status: string; createdAt: string | null } }[]; pageInfo: PageInfo } | null;
  } | null;
};

const ModelEvents = doc<ModelEventsData, { id: string; first: number; after?: string | null }>(`
  query ApolloModelEvents($id: ID!, $first: Int!, $after: String) {
    finetunedModel(id: $id) {
      id
      events(first: $first, after: $after) {
        totalCount
        edges { cursor node { status createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

const ModelById = doc<{ finetunedModel: ListedModel | null }, { id: string }>(`
  query ApolloModelById($id: ID!) {
    finetunedModel(id: $id) { id name status updatedAt }
  }
`);

const ModelStatus = doc<{ status: string }>(`
  fragment ApolloModelStatus on FinetunedModel { status }
`);

type TypedError = {
  __typename:
    | 'FinetunedModelNotFoundError'
    | 'FinetunedModelConflictError'
    | 'InvalidFinetunedModelInputError'
    | 'FinetuningPermissionDeniedError'
    | 'FinetuningRateLimitedError'
    | 'FinetuningIdempotencyKeyReusedError';
  code: string;
  message: string;
  modelId?: string;
};

type CreateData = {
  createFinetunedModel: { __typename: 'CreateFinetunedModelPayload'; finetunedModelEdge: ModelEdge } | TypedError | null;
};

const CreateModel = doc<CreateData, { input: { name: string; settings: { baseModel: { baseType: 'CHAT' }; datasetId: string } } }>(`
  mutation ApolloCreateModel($input: CreateFinetunedModelInput!) {
    createFinetunedModel(input: $input) {
      __typename
      ... on CreateFinetunedModelPayload {
        finetunedModelEdge { cursor node { id name status updatedAt } }
      }
      ... on FinetuningError { code message }
    }
  }
`);

type UpdateData = {
  updateFinetunedModel: { __typename: 'UpdateFinetunedModelPayload'; finetunedModel: ListedModel } | TypedError | null;
};

const UpdateModel = doc<UpdateData, { input: { id: string; name?: string; ifUpdatedAt?: string } }>(`
  mutation ApolloUpdateModel($input: UpdateFinetunedModelInput!) {
    updateFinetunedModel(input: $input) {
      __typename
      ... on UpdateFinetunedModelPayload { finetunedModel { id name status updatedAt } }
      ... on FinetuningError { code message }
      ... on FinetunedModelNotFoundError { modelId }
      ... on FinetunedModelConflictError { modelId }
    }
  }
`);

type DeleteData = {
  deleteFinetunedModel: { __typename: 'DeleteFinetunedModelPayload'; deletedId: string; deletedName: string } | TypedError | null;
};

const DeleteModel = doc<DeleteData, { id: string }>(`
  mutation ApolloDeleteModel($id: ID!) {
    deleteFinetunedModel(id: $id) {
      __typename
      ... on DeleteFinetunedModelPayload { deletedId deletedName }
      ... on FinetuningError { code message }
      ... on FinetunedModelNotFoundError { modelId }
    }
  }
`);

type StatusChangedData = {
  finetunedModelStatusChanged: { previousStatus: string | null; status: string; model: { __typename: 'FinetunedModel'; id: string; status: string } };
};

const StatusChanged = doc<StatusChangedData, { id: string }>(`
  subscription ApolloStatusChanged($id: ID!) {
    finetunedModelStatusChanged(id: $id) {
      previousStatus
      status
      model { id status }
    }
  }
`);

// ---- Clients -------------------------------------------------------------------------------------------------

/** One HTTP request an Apollo client sent, and what came back. */
interface Sent {
  body: { operationName?: string; query?: string; variables?: Record<string, unknown>; extensions?: { persistedQuery?: unknown } };
  accept: string | null;
  status: number;
  contentType: string;
  /** `errors[].extensions.code` of a JSON answer. */
  errorCodes: unknown[];
}

/** Node's fetch, recording every request (and the error codes of every JSON answer) in `log`. */
function recordingFetch(log: Sent[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const contentType = response.headers.get('content-type') ?? '';
    const answer = contentType.includes('json') ? ((await response.clone().json()) as { errors?: { extensions?: { code?: unknown } }[] }) : {};
    log.push({
      body: JSON.parse(String(init?.body)) as Sent['body'],
      accept: new Headers(init?.headers).get('accept'),
      status: response.status,
      contentType,
      errorCodes: (answer.errors ?? []).map((error) => error.extensions?.code),
    });
    return response;
  };
}

/** The cache a frontend sets up for this API: codegen's possibleTypes, and Relay-style lists merged by cursor. */
const newCache = () =>
  new InMemoryCache({
    possibleTypes: introspection.possibleTypes,
    typePolicies: {
      Query: { fields: { finetunedModels: relayStylePagination(['orderBy']) } },
      FinetunedModel: { fields: { events: relayStylePagination(['orderBy']) } },
    },
  });

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The gateway on a real port, its sandbox's clock steppable, and the Apollo clients and sockets it hands out. */
async function startApolloGateway(env: Record<string, string> = {}) {
  let offsetMs = 0;
  const gw: TestGateway = await startGateway({
    sandbox: { now: () => Date.now() + offsetMs },
    // Fast polling, so that a stepped clock shows in a subscription at once (as in test/subscriptions.test.ts).
    env: { ...FAST_POLLING, ...env },
  });
  const url = await gw.app.start(0, '127.0.0.1');
  const clients: ApolloClient[] = [];
  const sockets: WsClient[] = [];
  return {
    gw,
    url,
    advance(ms: number) {
      offsetMs += ms;
    },
    /** An Apollo client with `key`: HTTP for everything, or subscriptions over `ws`; with PersistedQueryLink if asked. */
    client(key: string, options: { ws?: WsClient; persisted?: boolean } = {}) {
      const sent: Sent[] = [];
      const http = new HttpLink({ uri: url, headers: { authorization: `Bearer ${key}` }, fetch: recordingFetch(sent) });
      let link: ApolloLink = options.persisted ? new PersistedQueryLink({ sha256 }).concat(http) : http;
      if (options.ws) link = ApolloLink.split(({ operationType }) => operationType === 'subscription', new GraphQLWsLink(options.ws), link);
      const client = new ApolloClient({ link, cache: newCache() });
      clients.push(client);
      return { client, sent };
    },
    /** A graphql-ws client on ws://…/graphql, sending `key` in the connection params. */
    socket(key: string) {
      const socket = createWsClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { Authorization: `Bearer ${key}` },
        retryAttempts: 0,
      });
      sockets.push(socket);
      return socket;
    },
    async stop() {
      for (const client of clients) client.stop();
      await Promise.all(sockets.map((socket) => socket.dispose()));
      await gw.stop();
    },
  };
}
type ApolloGateway = Awaited<ReturnType<typeof startApolloGateway>>;

/** A watched query, subscribed like a component would, with every result it emitted. */
function watch<R, V extends OperationVariables>(client: ApolloClient, query: TypedDocumentNode<R, V>, variables: NoInfer<V>) {
  const observable = client.watchQuery({ query, variables });
  const results: { data: unknown; loading: boolean }[] = [];
  const subscription = observable.subscribe((result) => results.push(result));
  return {
    observable,
    /** Waits for the latest result to have complete data that passes `check`, and returns that data. */
    async settled(check: (data: R) => boolean = () => true): Promise<R> {
      return vi.waitFor(() => {
        const latest = results.at(-1);
        const data = latest && !latest.loading ? (latest.data as R | undefined) : undefined;
        if (data === undefined || !check(data)) throw new Error('the watched query has not settled yet');
        return data;
      });
    },
    stop: () => subscription.unsubscribe(),
  };
}

/** A subscription's messages, and a promise of its end. */
function follow<R>(client: ApolloClient, query: TypedDocumentNode<R, { id: string }>, id: string, onMessage: () => void = () => {}) {
  const messages: { data?: R | undefined; error?: unknown }[] = [];
  const finished = new Promise<void>((resolve, reject) => {
    client.subscribe({ query, variables: { id } }).subscribe({
      next: (message) => {
        messages.push(message as (typeof messages)[number]);
        onMessage();
      },
      error: reject,
      complete: resolve,
    });
  });
  return { messages, finished };
}

/** The client's normalised cache, by entity key (`ApolloClient.cache` is typed as any ApolloCache). */
const storeOf = (client: ApolloClient) => client.cache.extract() as Record<string, Record<string, unknown> | undefined>;
const queriesIn = (sent: Sent[], operationName: string) => sent.filter((request) => request.body.operationName === operationName);
const idsOf = (data: ModelsPageData) => data.finetunedModels!.edges.map((edge) => edge.node.id);

// ---- Tests -----------------------------------------------------------------------------------------------------

describe('Apollo Client 4 against the gateway', () => {
  let live: ApolloGateway;

  beforeAll(async () => {
    live = await startApolloGateway();
  });
  afterAll(() => live.stop());

  describe('queries with relayStylePagination', () => {
    it('walks finetunedModels with fetchMore into one cache-merged list, one request a page', async () => {
      const key = freshKey('apollo-pages');
      const ids = await createModels(live.gw.sandbox.url, key, 5);
      const { client, sent } = live.client(key);

      const list = watch(client, ModelsPage, { first: 2, orderBy: 'CREATED_AT_ASC' });
      let data = await list.settled();
      while (data.finetunedModels!.pageInfo.hasNextPage) {
        const seen = data.finetunedModels!.edges.length;
        await list.observable.fetchMore({ variables: { after: data.finetunedModels!.pageInfo.endCursor } });
        data = await list.settled((next) => next.finetunedModels!.edges.length > seen);
      }
      list.stop();

      expect(idsOf(data)).toEqual(ids);
      expect(data.finetunedModels!.totalCount).toBe(5);
      // Pages of 2, 2 and 1; each fetchMore resumed at the end of what the cache held.
      const pages = queriesIn(sent, 'ApolloModelsPage');
      expect(pages).toHaveLength(3);
      expect(pages.map((page) => page.body.variables?.after ?? null)).toEqual([null, data.finetunedModels!.edges[1]!.cursor, data.finetunedModels!.edges[3]!.cursor]);
      expect(sent).toHaveLength(3);
    });

    it("walks a model's nested events with fetchMore, one request a page", async () => {
      const key = freshKey('apollo-events');
      const [id] = await createModels(live.gw.sandbox.url, key, 1);
      live.advance(WHOLE_JOB); // the job runs to READY: one event per status
      const { client, sent } = live.client(key);

      const events = watch(client, ModelEvents, { id: id!, first: 1 });
      let data = await events.settled();
      while (data.finetunedModel!.events!.pageInfo.hasNextPage) {
        const seen = data.finetunedModel!.events!.edges.length;
        await events.observable.fetchMore({ variables: { after: data.finetunedModel!.events!.pageInfo.endCursor } });
        data = await events.settled((next) => next.finetunedModel!.events!.edges.length > seen);
      }
      events.stop();

      expect(data.finetunedModel!.events!.edges.map((edge) => edge.node.status)).toEqual(LIFE_CYCLE);
      expect(data.finetunedModel!.events!.totalCount).toBe(LIFE_CYCLE.length);
      expect(queriesIn(sent, 'ApolloModelEvents')).toHaveLength(LIFE_CYCLE.length);
      // The events are merged into the one normalised model.
      expect(Object.keys(storeOf(client)).filter((id) => id.startsWith('FinetunedModel:'))).toEqual([`FinetunedModel:${id}`]);
    });
  });

  describe('typed errors and possibleTypes', () => {
    it('reads typed errors through fragments on the union and FinetuningError, never normalised over the model', async () => {
      const key = freshKey('apollo-errors');
      const [id] = await createModels(live.gw.sandbox.url, key, 1);
      const { client } = live.client(key);
      const { data } = await client.query({ query: ModelById, variables: { id: id! } });
      const modelKey = client.cache.identify({ __typename: 'FinetunedModel', id: id! })!;
      const stored = storeOf(client)[modelKey];
      expect(stored).toMatchObject({ __typename: 'FinetunedModel', id, name: data!.finetunedModel!.name });

      // A stale ifUpdatedAt: FinetunedModelConflictError, which names the model by modelId.
      const conflict = await client.mutate({
        mutation: UpdateModel,
        variables: { input: { id: id!, name: 'never-written', ifUpdatedAt: '2000-01-01T00:00:00.000Z' } },
      });
      expect(conflict.data?.updateFinetunedModel).toEqual({
        __typename: 'FinetunedModelConflictError',
        code: 'CONFLICT',
        message: expect.any(String),
        modelId: id,
      });

      // Another id: FinetunedModelNotFoundError, from an update and from a delete.
      const missing = randomUUID();
      const notUpdated = await client.mutate({ mutation: UpdateModel, variables: { input: { id: missing, name: 'nobody' } } });
      const notDeleted = await client.mutate({ mutation: DeleteModel, variables: { id: missing } });
      for (const result of [notUpdated.data?.updateFinetunedModel, notDeleted.data?.deleteFinetunedModel]) {
        expect(result).toEqual({ __typename: 'FinetunedModelNotFoundError', code: 'NOT_FOUND', message: expect.any(String), modelId: missing });
      }

      // The error objects have no `id`, so the cache keeps them inline: the model's record is untouched, and no
      // entity was made for the errors or for the missing id.
      const cache = storeOf(client);
      expect(Object.keys(cache).sort()).toEqual([modelKey, 'ROOT_MUTATION', 'ROOT_QUERY']);
      expect(cache[modelKey]).toEqual(stored);
      expect(client.cache.readFragment({ id: modelKey, fragment: ModelStatus })).toEqual({ __typename: 'FinetunedModel', status: 'QUEUED' });
      expect((await client.query({ query: ModelById, variables: { id: id! } })).data?.finetunedModel?.name).toBe(data!.finetunedModel!.name);
    });

    it("needs codegen's possibleTypes: without them the cache drops the fields of `... on FinetuningError`", async () => {
      const key = freshKey('apollo-no-possible-types');
      const missing = randomUUID();
      const mutate = async (cache: InMemoryCache) => {
        const client = new ApolloClient({ link: new HttpLink({ uri: live.url, headers: { authorization: `Bearer ${key}` } }), cache });
        try {
          return (await client.mutate({ mutation: DeleteModel, variables: { id: missing } })).data?.deleteFinetunedModel;
        } finally {
          client.stop();
        }
      };

      expect(await mutate(newCache())).toEqual({ __typename: 'FinetunedModelNotFoundError', code: 'NOT_FOUND', message: expect.any(String), modelId: missing });
      // Apollo cannot tell that FinetunedModelNotFoundError implements FinetuningError: it warns, and the result it
      // hands back (read through the cache) keeps only what the fragment on the object type itself selected.
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      try {
        expect(await mutate(new InMemoryCache())).toEqual({ __typename: 'FinetunedModelNotFoundError', modelId: missing });
        expect(warn.mock.calls.flat().join(' ')).toContain('missing `possibleTypes` entry');
      } finally {
        warn.mockRestore();
      }
    });
  });

  describe('mutations keep the normalised cache right', () => {
    /** Creates a model with Apollo, prepending the payload's edge to the cached newest-first list. */
    const createAndPrepend = (client: ApolloClient, name: string) =>
      client.mutate({
        mutation: CreateModel,
        variables: { input: { name, settings: { baseModel: { baseType: 'CHAT' }, datasetId: 'dataset-chat-1' } } },
        update(cache, { data }) {
          const created = data?.createFinetunedModel;
          if (created?.__typename !== 'CreateFinetunedModelPayload') return;
          const { cursor, node } = created.finetunedModelEdge;
          cache.modify({
            fields: {
              finetunedModels(existing, { storeFieldName, toReference }) {
                if (!storeFieldName.includes('"CREATED_AT_DESC"')) return existing;
                const list = existing as { edges: unknown[]; totalCount: number };
                const edge = { __typename: 'FinetunedModelEdge', cursor, node: toReference(node) };
                return { ...list, totalCount: list.totalCount + 1, edges: [edge, ...list.edges] };
              },
            },
          });
        },
      });

    it("createFinetunedModel: the payload's edge, prepended in update(), shows in the watched list without a refetch", async () => {
      const key = freshKey('apollo-create');
      const ids = await createModels(live.gw.sandbox.url, key, 5);
      const { client, sent } = live.client(key);
      const list = watch(client, ModelsPage, { first: 2, orderBy: 'CREATED_AT_DESC' });
      expect(idsOf(await list.settled())).toEqual([ids[4], ids[3]]);

      const { data } = await createAndPrepend(client, 'created-by-apollo');
      expect(data?.createFinetunedModel?.__typename).toBe('CreateFinetunedModelPayload');
      const created = (data!.createFinetunedModel as { finetunedModelEdge: ModelEdge }).finetunedModelEdge.node;
      expect(created).toMatchObject({ name: 'created-by-apollo', status: 'QUEUED' });

      const shown = await list.settled((next) => next.finetunedModels!.edges.length === 3);
      list.stop();
      expect(idsOf(shown)).toEqual([created.id, ids[4], ids[3]]);
      expect(shown.finetunedModels!.totalCount).toBe(6);
      // One query for the list, one mutation: no refetch.
      expect(sent.map((request) => request.body.operationName)).toEqual(['ApolloModelsPage', 'ApolloCreateModel']);
    });

    it('createFinetunedModel: fetchMore from the prepended list continues it without duplicates', async () => {
      const key = freshKey('apollo-create-more');
      const ids = await createModels(live.gw.sandbox.url, key, 5);
      const { client, sent } = live.client(key);
      const list = watch(client, ModelsPage, { first: 2, orderBy: 'CREATED_AT_DESC' });
      await list.settled();
      const { data: created } = await createAndPrepend(client, 'created-by-apollo');
      const newId = (created!.createFinetunedModel as { finetunedModelEdge: ModelEdge }).finetunedModelEdge.node.id;

      let data = await list.settled((next) => next.finetunedModels!.edges.length === 3);
      while (data.finetunedModels!.pageInfo.hasNextPage) {
        const seen = data.finetunedModels!.edges.length;
        await list.observable.fetchMore({ variables: { after: data.finetunedModels!.pageInfo.endCursor } });
        data = await list.settled((next) => next.finetunedModels!.edges.length > seen || !next.finetunedModels!.pageInfo.hasNextPage);
      }
      list.stop();

      // Newest first: the created model, then the five older ones, each once. The cached endCursor was minted before
      // the create, and an edge's cursor "resumes right after that edge" (docs/api.md), whatever came before it since.
      expect(idsOf(data)).toEqual([newId, ...[...ids].reverse()]);
      expect(queriesIn(sent, 'ApolloModelsPage')).toHaveLength(3);
    });

    it('updateFinetunedModel with ifUpdatedAt from a JavaScript Date updates the normalised model', async () => {
      const key = freshKey('apollo-update');
      const [id] = await createModels(live.gw.sandbox.url, key, 1);
      const { client, sent } = live.client(key);
      const model = watch(client, ModelById, { id: id! });
      const before = (await model.settled()).finetunedModel!;

      const { data } = await client.mutate({
        mutation: UpdateModel,
        variables: { input: { id: id!, name: 'renamed-by-apollo', ifUpdatedAt: new Date(before.updatedAt!).toISOString() } },
      });
      expect(data?.updateFinetunedModel).toMatchObject({
        __typename: 'UpdateFinetunedModelPayload',
        finetunedModel: { id, name: 'renamed-by-apollo' },
      });

      // The watched query sees the new name from the cache alone.
      const after = (await model.settled((next) => next.finetunedModel?.name === 'renamed-by-apollo')).finetunedModel!;
      model.stop();
      expect(after.updatedAt).not.toBeNull();
      expect(new Date(after.updatedAt!).getTime()).toBeGreaterThanOrEqual(new Date(before.updatedAt!).getTime());
      expect(storeOf(client)[`FinetunedModel:${id}`]).toMatchObject({ name: 'renamed-by-apollo' });
      expect(sent.map((request) => request.body.operationName)).toEqual(['ApolloModelById', 'ApolloUpdateModel']);
    });

    it('deleteFinetunedModel, then cache.evict() and cache.gc(): the model leaves the cache and the watched list', async () => {
      const key = freshKey('apollo-delete');
      const [kept, deleted] = await createModels(live.gw.sandbox.url, key, 2);
      const { client, sent } = live.client(key);
      const list = watch(client, ModelsPage, { first: 10, orderBy: 'CREATED_AT_ASC' });
      expect(idsOf(await list.settled())).toEqual([kept, deleted]);

      const { data } = await client.mutate({
        mutation: DeleteModel,
        variables: { id: deleted! },
        update(cache, { data: result }) {
          const payload = result?.deleteFinetunedModel;
          if (payload?.__typename !== 'DeleteFinetunedModelPayload') return;
          cache.evict({ id: cache.identify({ __typename: 'FinetunedModel', id: payload.deletedId }) });
          cache.gc();
        },
      });
      expect(data?.deleteFinetunedModel).toEqual({ __typename: 'DeleteFinetunedModelPayload', deletedId: deleted, deletedName: 'model-1' });

      const shown = await list.settled((next) => next.finetunedModels!.edges.length === 1);
      list.stop();
      expect(idsOf(shown)).toEqual([kept]);
      expect(Object.keys(storeOf(client))).not.toContain(`FinetunedModel:${deleted}`);
      expect(storeOf(client)).toHaveProperty(`FinetunedModel:${kept}`);
      expect(sent.map((request) => request.body.operationName)).toEqual(['ApolloModelsPage', 'ApolloDeleteModel']);
    });
  });

  describe('subscriptions', () => {
    /** Follows a model's status to READY on `client`, noting the cached model's status at each message. */
    async function followToReady(client: ApolloClient, id: string) {
      const modelKey = client.cache.identify({ __typename: 'FinetunedModel', id })!;
      const cachedStatuses: (string | undefined)[] = [];
      const subscribedAt = Date.now();
      let firstMessageMs = Number.POSITIVE_INFINITY;
      const watched = follow(client, StatusChanged, id, () => {
        firstMessageMs = Math.min(firstMessageMs, Date.now() - subscribedAt);
        cachedStatuses.push(client.cache.readFragment({ id: modelKey, fragment: ModelStatus })?.status);
      });
      await vi.waitFor(() => expect(watched.messages.length).toBeGreaterThanOrEqual(1), { timeout: 10_000 });
      live.advance(WHOLE_JOB); // the whole job runs before the next poll
      await watched.finished;
      const changes = watched.messages.map((message) => message.data?.finetunedModelStatusChanged);
      const finalStatus = client.cache.readFragment({ id: modelKey, fragment: ModelStatus })?.status;
      return { watched, changes, cachedStatuses, finalStatus, firstMessageMs };
    }

    /**
     * The current status is the first message, sent as soon as the subscription starts: a client shows it at once.
     * Generous for a busy machine, and still well under the 5 s between the multipart stream's heartbeats.
     */
    const PROMPTLY_MS = 2_500;

    it('over GraphQLWsLink: every status in order, each walking the cached model, then completes', async () => {
      const key = freshKey('apollo-ws');
      const [id] = await createModels(live.gw.sandbox.url, key, 1);
      const { client, sent } = live.client(key, { ws: live.socket(key) });

      const { watched, changes, cachedStatuses, finalStatus, firstMessageMs } = await followToReady(client, id!);

      expect(watched.messages.every((message) => message.error === undefined)).toBe(true);
      expect(changes.map((change) => change?.status)).toEqual(LIFE_CYCLE);
      expect(changes.map((change) => change?.previousStatus)).toEqual([null, ...LIFE_CYCLE.slice(0, -1)]);
      expect(changes.map((change) => change?.model)).toEqual(LIFE_CYCLE.map((status) => ({ __typename: 'FinetunedModel', id, status })));
      expect(cachedStatuses).toEqual(LIFE_CYCLE);
      expect(finalStatus).toBe('READY');
      expect(sent).toHaveLength(0); // everything went over the socket
      expect(firstMessageMs, 'ms from subscribing to the first message (the current status)').toBeLessThan(PROMPTLY_MS);
    });

    it('over plain HttpLink (multipart subscriptions): every status in order, each walking the cached model, then completes', async () => {
      const key = freshKey('apollo-multipart');
      const [id] = await createModels(live.gw.sandbox.url, key, 1);
      const { client, sent } = live.client(key);

      const { watched, changes, cachedStatuses, finalStatus, firstMessageMs } = await followToReady(client, id!);

      expect(watched.messages.every((message) => message.error === undefined)).toBe(true);
      expect(changes.map((change) => change?.status)).toEqual(LIFE_CYCLE);
      expect(changes.map((change) => change?.previousStatus)).toEqual([null, ...LIFE_CYCLE.slice(0, -1)]);
      expect(changes.map((change) => change?.model)).toEqual(LIFE_CYCLE.map((status) => ({ __typename: 'FinetunedModel', id, status })));
      expect(cachedStatuses).toEqual(LIFE_CYCLE);
      expect(finalStatus).toBe('READY');
      // One HTTP request, answered as one multipart stream.
      expect(sent).toHaveLength(1);
      expect(sent[0]!.accept).toMatch(/multipart\/mixed;.*subscriptionSpec=1\.0/);
      expect(sent[0]!.status).toBe(200);
      expect(sent[0]!.contentType).toMatch(/^multipart\/mixed/);
      expect(firstMessageMs, 'ms from subscribing to the first message (the current status)').toBeLessThan(PROMPTLY_MS);
    });
  });

  describe('PersistedQueryLink', () => {
    it('by default: the hash alone is answered PersistedQueryNotFound, and the link sends it again with the query', async () => {
      const key = freshKey('apollo-apq-off');
      const ids = await createModels(live.gw.sandbox.url, key, 2);
      const { client, sent } = live.client(key, { persisted: true });

      const { data } = await client.query({ query: ModelsPage, variables: { first: 10, orderBy: 'CREATED_AT_ASC' } });
      expect(idsOf(data!)).toEqual(ids);

      expect(sent).toHaveLength(2);
      const [hashAlone, withQuery] = sent as [Sent, Sent];
      expect(hashAlone.body.query).toBeUndefined();
      expect(hashAlone.errorCodes).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect(withQuery.body.query).toContain('query ApolloModelsPage');
      expect(withQuery.errorCodes).toEqual([]);
      // Both carry the sha256 of the very text the second one sends.
      const persistedQuery = { version: 1, sha256Hash: sha256(withQuery.body.query!) };
      expect(hashAlone.body.extensions?.persistedQuery).toEqual(persistedQuery);
      expect(withQuery.body.extensions?.persistedQuery).toEqual(persistedQuery);
    });

    describe('with PERSISTED_OPERATIONS=allow', () => {
      let apq: ApolloGateway;
      beforeAll(async () => {
        apq = await startApolloGateway({ PERSISTED_OPERATIONS: 'allow' });
      });
      afterAll(() => apq.stop());

      it('a query registered by one client is answered to another from its hash alone', async () => {
        const key = freshKey('apollo-apq-allow');
        const ids = await createModels(apq.gw.sandbox.url, key, 2);
        const variables = { first: 10, orderBy: 'CREATED_AT_ASC' } as const;

        const first = apq.client(key, { persisted: true });
        expect(idsOf((await first.client.query({ query: ModelsPage, variables })).data!)).toEqual(ids);
        expect(first.sent.map((request) => request.body.query === undefined)).toEqual([true, false]);

        const second = apq.client(key, { persisted: true }); // a fresh cache: it must ask the gateway
        expect(idsOf((await second.client.query({ query: ModelsPage, variables })).data!)).toEqual(ids);
        expect(second.sent).toHaveLength(1);
        expect(second.sent[0]!.body.query).toBeUndefined();
        expect(second.sent[0]!.body.extensions?.persistedQuery).toEqual(first.sent[1]!.body.extensions?.persistedQuery);
        expect(second.sent[0]!.errorCodes).toEqual([]);
      });
    });
  });
});
