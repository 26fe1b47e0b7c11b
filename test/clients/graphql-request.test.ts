// graphql-request against a gateway over HTTP on loopback, written as its users write it: one GraphQLClient with
// the Authorization header, `request` for data and `rawRequest` for the status and headers too. This proves that:
// - queries and mutations resolve with their data, and a mutation's typed errors arrive as data, not as throws;
// - every GraphQL error throws graphql-request's ClientError, whose response carries a stable `extensions.code`
//   and the `x-request-id` to quote in a support request;
// - what the gateway does not serve (batching, a GET without the CSRF header) is refused with a code too.
import { ClientError, GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshKey } from '../helpers/fixtures.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { createModels } from '../helpers/sandbox-rest.js';

const MODELS = `
  query GrModels($first: Int, $after: String) {
    finetunedModels(first: $first, after: $after) {
      totalCount
      edges { cursor node { id name status } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

interface ModelsData {
  finetunedModels: {
    totalCount: number;
    edges: { cursor: string; node: { id: string; name: string; status: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const MODEL = `
  query GrModel($id: ID!) {
    finetunedModel(id: $id) { id name }
  }
`;

interface ModelData {
  finetunedModel: { id: string; name: string } | null;
}

const CREATE = `
  mutation GrCreate($input: CreateFinetunedModelInput!) {
    createFinetunedModel(input: $input) {
      __typename
      ... on CreateFinetunedModelPayload {
        replayed
        finetunedModel { id name status settings { datasetId hyperparameters { trainEpochs } wandb { project } } }
      }
      ... on FinetuningError { message code }
      ... on InvalidFinetunedModelInputError { path problems { path message } }
    }
  }
`;

type CreateData = {
  createFinetunedModel:
    | {
        __typename: 'CreateFinetunedModelPayload';
        replayed: boolean;
        finetunedModel: {
          id: string;
          name: string;
          status: string;
          settings: { datasetId: string; hyperparameters: { trainEpochs: number | null } | null; wandb: { project: string } | null };
        };
      }
    | { __typename: 'InvalidFinetunedModelInputError'; message: string; code: string; path: string[]; problems: { path: string[]; message: string }[] }
    | { __typename: string; message: string; code: string };
};

const UPDATE = `
  mutation GrUpdate($input: UpdateFinetunedModelInput!) {
    updateFinetunedModel(input: $input) {
      __typename
      ... on UpdateFinetunedModelPayload { finetunedModel { id name } }
      ... on FinetuningError { message code }
      ... on FinetunedModelNotFoundError { modelId }
    }
  }
`;

type UpdateData = {
  updateFinetunedModel:
    | { __typename: 'UpdateFinetunedModelPayload'; finetunedModel: { id: string; name: string } }
    | { __typename: 'FinetunedModelNotFoundError'; message: string; code: string; modelId: string }
    | { __typename: string; message: string; code: string };
};

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The ClientError a request throws; fails the test if it resolves or throws anything else. */
async function clientError(request: Promise<unknown>): Promise<ClientError> {
  const error = await request.then(
    () => new Error('the request resolved'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ClientError);
  return error as ClientError;
}

/** The codes of the errors a ClientError's response carries. */
const codesOf = (error: ClientError) => (error.response.errors ?? []).map((e) => e.extensions?.code);

describe('graphql-request against the gateway', () => {
  let gw: TestGateway;
  let url: string;
  const key = freshKey('graphql-request');
  let client: GraphQLClient;
  let seeded: string[];

  beforeAll(async () => {
    gw = await startGateway();
    url = await gw.app.start(0, '127.0.0.1'); // the /graphql endpoint's URL
    client = new GraphQLClient(url, { headers: { authorization: `Bearer ${key}` } });
    seeded = await createModels(gw.sandbox.url, key, 3, 'gr');
  });
  afterAll(() => gw.stop());

  describe('request', () => {
    it('runs a query and resolves with its data, page after page', async () => {
      const first = await client.request<ModelsData>(MODELS, { first: 2 });
      expect(first.finetunedModels.totalCount).toBe(3);
      expect(first.finetunedModels.edges.map((edge) => edge.node.id)).toEqual(seeded.slice(0, 2));
      expect(first.finetunedModels.pageInfo).toEqual({ hasNextPage: true, endCursor: expect.any(String) });

      const rest = await client.request<ModelsData>(MODELS, { first: 2, after: first.finetunedModels.pageInfo.endCursor });
      expect(rest.finetunedModels.edges.map((edge) => edge.node.id)).toEqual(seeded.slice(2));
      expect(rest.finetunedModels.pageInfo.hasNextPage).toBe(false);
    });

    it('runs a mutation: createFinetunedModel resolves with its payload', async () => {
      const input = {
        name: 'gr-created',
        settings: { baseModel: { baseType: 'CHAT' }, datasetId: 'gr-dataset', hyperparameters: { trainEpochs: 2 }, wandb: { project: 'gr', apiKey: 'k' } },
      };
      const { createFinetunedModel: result } = await client.request<CreateData>(CREATE, { input });
      expect(result).toEqual({
        __typename: 'CreateFinetunedModelPayload',
        replayed: false,
        finetunedModel: {
          id: expect.stringMatching(UUID),
          name: 'gr-created',
          status: 'QUEUED',
          settings: { datasetId: 'gr-dataset', hyperparameters: { trainEpochs: 2 }, wandb: { project: 'gr' } },
        },
      });
    });

    it('resolves with a typed error, not a throw, when the input is invalid', async () => {
      const input = { name: 'gr-invalid', settings: { baseModel: { baseType: 'CHAT' }, datasetId: 'd', hyperparameters: { trainEpochs: 11 } } };
      const { createFinetunedModel: result } = await client.request<CreateData>(CREATE, { input });
      expect(result).toMatchObject({
        __typename: 'InvalidFinetunedModelInputError',
        code: 'BAD_USER_INPUT',
        path: ['input', 'settings', 'hyperparameters', 'trainEpochs'],
        problems: [{ path: ['input', 'settings', 'hyperparameters', 'trainEpochs'], message: expect.any(String) }],
      });
    });

    it('resolves with FinetunedModelNotFoundError when updating a model that does not exist', async () => {
      const { updateFinetunedModel: result } = await client.request<UpdateData>(UPDATE, { input: { id: UNKNOWN_ID, name: 'renamed' } });
      expect(result).toMatchObject({ __typename: 'FinetunedModelNotFoundError', code: 'NOT_FOUND', modelId: UNKNOWN_ID });
    });

    it('renames a model: the update resolves with it, and a later query sees the new name', async () => {
      const id = seeded[0]!;
      const { updateFinetunedModel: result } = await client.request<UpdateData>(UPDATE, { input: { id, name: 'gr-renamed' } });
      expect(result).toEqual({ __typename: 'UpdateFinetunedModelPayload', finetunedModel: { id, name: 'gr-renamed' } });
      expect(await client.request<ModelData>(MODEL, { id })).toEqual({ finetunedModel: { id, name: 'gr-renamed' } });
    });
  });

  describe('rawRequest', () => {
    it('resolves with the data, the status and the headers, with a fresh x-request-id', async () => {
      const response = await client.rawRequest<ModelData>(MODEL, { id: seeded[1]! });
      expect(response.status).toBe(200);
      expect(response.data).toEqual({ finetunedModel: { id: seeded[1], name: 'gr-1' } });
      expect(response.errors).toBeUndefined();
      expect(response.headers.get('x-request-id')).toMatch(UUID);
    });

    it("echoes the caller's own x-request-id", async () => {
      const response = await client.rawRequest<ModelData>(MODEL, { id: seeded[1]! }, { 'x-request-id': 'trace-42' });
      expect(response.headers.get('x-request-id')).toBe('trace-42');
    });
  });

  describe('GraphQL errors throw ClientError with a stable code', () => {
    it('`first` over the maximum: BAD_USER_INPUT, and the x-request-id to quote', async () => {
      const error = await clientError(client.request(MODELS, { first: 1000 }));
      expect(codesOf(error)).toEqual(['BAD_USER_INPUT']);
      expect(error.response.errors?.[0]?.message).toContain('`first` must be at most 100');
      expect(error.response.headers.get('x-request-id')).toMatch(UUID);
      expect(error.request).toMatchObject({ query: MODELS, variables: { first: 1000 } });
    });

    it('an id of the wrong format: BAD_USER_INPUT at the field, with the partial data', async () => {
      const error = await clientError(client.request(MODEL, { id: '../etc/passwd' }));
      expect(codesOf(error)).toEqual(['BAD_USER_INPUT']);
      expect(error.response.errors?.[0]?.path).toEqual(['finetunedModel']);
      expect(error.response.data).toEqual({ finetunedModel: null });
    });

    it('no credential: UNAUTHENTICATED, with status 401', async () => {
      const error = await clientError(new GraphQLClient(url).request(MODELS, { first: 1 }));
      expect(codesOf(error)).toEqual(['UNAUTHENTICATED']);
      expect(error.response.status).toBe(401);
      expect(error.response.headers.get('x-request-id')).toMatch(UUID);
    });

    it('a document that does not parse: GRAPHQL_PARSE_FAILED, with status 400', async () => {
      const error = await clientError(client.request('query { finetunedModels('));
      expect(codesOf(error)).toEqual(['GRAPHQL_PARSE_FAILED']);
      expect(error.response.status).toBe(400);
    });

    it("with errorPolicy 'all', resolves with the partial data and the coded errors instead", async () => {
      const lenient = new GraphQLClient(url, { headers: { authorization: `Bearer ${key}` }, errorPolicy: 'all' });
      const response = await lenient.rawRequest<ModelData>(MODEL, { id: 'not/an/id' });
      expect(response.data).toEqual({ finetunedModel: null });
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('what the gateway does not serve is refused with a code', () => {
    it('batchRequests: refused as a whole with BAD_REQUEST (the gateway does not batch)', async () => {
      const error = await clientError(client.batchRequests([{ document: MODEL, variables: { id: seeded[1]! } }, { document: MODELS }]));
      expect(error.response.status).toBe(400);
      expect(error.response.errors).toEqual([{ message: 'Batching is not supported.', extensions: { code: 'BAD_REQUEST' } }]);
    });

    it("method 'GET': refused by CSRF prevention with FORBIDDEN, served with the x-graphql-yoga-csrf header", async () => {
      const get = (headers: Record<string, string>) => new GraphQLClient(url, { method: 'GET', headers: { authorization: `Bearer ${key}`, ...headers } });

      const error = await clientError(get({}).request(MODELS, { first: 1 }));
      expect(error.response.status).toBe(403);
      expect(codesOf(error)).toEqual(['FORBIDDEN']);

      const data = await get({ 'x-graphql-yoga-csrf': '1' }).request<ModelsData>(MODELS, { first: 1 });
      expect(data.finetunedModels.edges.map((edge) => edge.node.id)).toEqual(seeded.slice(0, 1));
    });
  });
});
