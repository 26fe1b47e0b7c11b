// The graphql-sse client (the reference GraphQL-over-SSE client) against a real gateway on 127.0.0.1, as its
// users configure it. This proves that:
// - in distinct connections mode (graphql-sse's default), a status subscription delivers a model's whole life
//   cycle in order and completes, and a query works over the same transport;
// - single connection mode is refused with a coded reason that the client hands to the application, instead of
//   a bare 403 from CSRF prevention;
// - a subscription without a credential reaches the application as an UNAUTHENTICATED result, once, instead of
//   a network error the client would silently retry.
import { createClient, NetworkError, type Client, type ExecutionResult, type RequestParams } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshKey } from '../helpers/fixtures.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { FAST_POLLING, LIFE_CYCLE, transitions, WHOLE_JOB } from '../helpers/live.js';
import { createModels } from '../helpers/sandbox-rest.js';

const STATUS_CHANGED = `
  subscription SseStatusChanged($id: ID!) {
    finetunedModelStatusChanged(id: $id) { previousStatus status changedAt model { id status } }
  }
`;

interface StatusChangedData {
  finetunedModelStatusChanged: { previousStatus: string | null; status: string; changedAt: string | null; model: { id: string; status: string } };
}

const MODEL_NAME = `
  query SseModelName($id: ID!) {
    finetunedModel(id: $id) { id name status }
  }
`;

interface ModelNameData {
  finetunedModel: { id: string; name: string; status: string } | null;
}

/** Every result one subscription delivered, and how it ended: `complete`, or the error handed to the sink. */
class Subscription<R> {
  readonly results: ExecutionResult<R, unknown>[] = [];
  /** Resolves with 'complete' or with the error the client passed to `sink.error`; never rejects. */
  readonly ended: Promise<'complete' | { error: unknown }>;

  constructor(client: Client<boolean>, request: RequestParams) {
    this.ended = new Promise((resolve) => {
      client.subscribe<R, unknown>(request, {
        next: (result) => this.results.push(result),
        error: (error) => resolve({ error }),
        complete: () => resolve('complete'),
      });
    });
  }

  async received(count: number): Promise<void> {
    await vi.waitFor(() => expect(this.results.length).toBeGreaterThanOrEqual(count), { timeout: 10_000, interval: 5 });
  }
}

/**
 * A fetch that records the requests graphql-sse makes, by method, and the body of every error answer. The body is
 * read before graphql-sse sees the response: graphql-sse aborts the request as it reports the error, so reading
 * the body from `NetworkError.response` afterwards fails with an AbortError.
 */
function recordingFetch() {
  const methods: string[] = [];
  const errorBodies: unknown[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    methods.push(init?.method ?? 'GET');
    const response = await fetch(input, init);
    if (response.ok) return response;
    const body = await response.text();
    errorBodies.push(JSON.parse(body));
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { methods, errorBodies, fetchFn };
}

describe('graphql-sse against the gateway', () => {
  let gw: TestGateway;
  let endpoint: string;
  let offsetMs = 0;
  const clients: Client<boolean>[] = [];
  const key = freshKey('sse');

  beforeAll(async () => {
    // Fast polling, and a sandbox clock the test steps, as in the subscription tests.
    gw = await startGateway({
      sandbox: { now: () => Date.now() + offsetMs },
      env: { ...FAST_POLLING, POLL_JITTER_RATIO: '0' },
    });
    endpoint = await gw.app.start(0, '127.0.0.1'); // the /graphql endpoint's URL
  });
  afterAll(async () => {
    for (const client of clients) client.dispose();
    await gw.stop();
  });

  /** A graphql-sse client as its users write one; `retryAttempts: 0` so that a test sees an error at once. */
  function sseClient<S extends boolean = false>(options: { key: string | null; singleConnection?: S; fetchFn?: typeof fetch }): Client<S> {
    const client = createClient<S>({
      url: endpoint,
      headers: options.key === null ? {} : { authorization: `Bearer ${options.key}` },
      retryAttempts: 0,
      ...(options.singleConnection !== undefined && { singleConnection: options.singleConnection }),
      ...(options.fetchFn && { fetchFn: options.fetchFn }),
    });
    clients.push(client);
    return client;
  }

  const newModel = async () => (await createModels(gw.sandbox.url, key, 1, 'sse'))[0]!;

  describe('distinct connections mode (the default)', () => {
    it('delivers the whole life cycle of a model in order, then completes', async () => {
      const id = await newModel();
      const watch = new Subscription<StatusChangedData>(sseClient({ key }), { query: STATUS_CHANGED, variables: { id } });
      await watch.received(1);
      offsetMs += WHOLE_JOB;

      expect(await watch.ended).toBe('complete');
      expect(watch.results.every((result) => result.errors === undefined)).toBe(true);
      const changes = watch.results.map((result) => result.data!.finetunedModelStatusChanged);
      expect(changes.map((change) => [change.previousStatus, change.status])).toEqual(transitions(LIFE_CYCLE));
      expect(changes.map((change) => change.model)).toEqual(LIFE_CYCLE.map((status) => ({ id, status })));
      expect(changes.every((change) => typeof change.changedAt === 'string')).toBe(true);
    });

    it('runs a query too: one result, then the stream completes', async () => {
      const id = await newModel();
      const results: ExecutionResult<ModelNameData, unknown>[] = [];
      for await (const result of sseClient({ key }).iterate<ModelNameData, unknown>({ query: MODEL_NAME, variables: { id } })) {
        results.push(result);
      }
      expect(results).toEqual([{ data: { finetunedModel: { id, name: 'sse-0', status: expect.any(String) } } }]);
    });

    it('ends a subscription to a model that does not exist with a NOT_FOUND result, then completes', async () => {
      const watch = new Subscription<StatusChangedData>(sseClient({ key }), {
        query: STATUS_CHANGED,
        variables: { id: '00000000-0000-4000-8000-000000000000' },
      });
      expect(await watch.ended).toBe('complete');
      expect(watch.results.flatMap((result) => result.errors ?? []).map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    });
  });

  describe('single connection mode (refused)', () => {
    /** Subscribes in single connection mode and returns the error graphql-sse hands the sink. */
    async function refusal(fetchFn?: typeof fetch): Promise<NetworkError<Response>> {
      const client = sseClient({ key, singleConnection: true, ...(fetchFn && { fetchFn }) });
      const ended = await new Subscription(client, { query: STATUS_CHANGED, variables: { id: await newModel() } }).ended;
      if (ended === 'complete') throw new Error('single connection mode was not refused');
      expect(ended.error).toBeInstanceOf(NetworkError);
      return ended.error as NetworkError<Response>;
    }

    it('hands the application a NetworkError with the 405 and the methods allowed', async () => {
      const error = await refusal();
      // graphql-sse's message is `Server responded with <status>: <reason phrase>`.
      expect(error.message).toMatch(/^Server responded with 405:/);
      expect(error.response?.status).toBe(405);
      expect(error.response?.headers.get('allow')).toBe('GET, POST');
    });

    it('answers the reservation with a coded JSON reason that names the fix', async () => {
      const { methods, errorBodies, fetchFn } = recordingFetch();
      await refusal(fetchFn);
      expect(errorBodies).toEqual([
        {
          errors: [
            {
              message: expect.stringMatching(/^graphql-sse's single connection mode is not supported: .*`singleConnection: false`/),
              extensions: { code: 'BAD_REQUEST' },
            },
          ],
        },
      ]);
      // The reservation (PUT) was refused, so no operation was ever sent.
      expect(methods).toEqual(['PUT']);
    });

    it('is refused alike on every retry: graphql-sse counts a 405 as a network error and retries it', async () => {
      const { methods, fetchFn } = recordingFetch();
      const client = createClient({
        url: endpoint,
        headers: { authorization: `Bearer ${key}` },
        singleConnection: true,
        fetchFn,
        retryAttempts: 2,
        retry: async () => {}, // no backoff
      });
      clients.push(client);
      const ended = await new Subscription(client, { query: STATUS_CHANGED, variables: { id: await newModel() } }).ended;
      expect((ended as { error: NetworkError<Response> }).error.response?.status).toBe(405);
      expect(methods).toEqual(['PUT', 'PUT', 'PUT']);
    });
  });

  describe('no credential', () => {
    it('delivers UNAUTHENTICATED as a result, once, and completes: no retry loop', async () => {
      const { methods, errorBodies, fetchFn } = recordingFetch();
      const watch = new Subscription<StatusChangedData>(sseClient({ key: null, fetchFn }), {
        query: STATUS_CHANGED,
        variables: { id: await newModel() },
      });

      expect(await watch.ended).toBe('complete');
      expect(watch.results).toHaveLength(1);
      expect(watch.results[0]!.data ?? null).toBeNull();
      expect(watch.results[0]!.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(methods).toEqual(['POST']);
      expect(errorBodies).toEqual([]); // answered 200: the error is in the stream
    });

    it('delivers UNAUTHENTICATED for a malformed credential too', async () => {
      const watch = new Subscription<StatusChangedData>(sseClient({ key: 'not a key' }), {
        query: STATUS_CHANGED,
        variables: { id: await newModel() },
      });
      expect(await watch.ended).toBe('complete');
      expect(watch.results.flatMap((result) => result.errors ?? []).map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    });
  });
});
