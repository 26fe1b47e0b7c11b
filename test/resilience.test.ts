import { print } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { freshKey } from './helpers/fixtures.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { readSseStream } from './helpers/sse.js';
import { createModels, ok, sandboxRest } from './helpers/sandbox-rest.js';

const ReadModel = graphql(`
  query ResilientRead($id: ID!) {
    finetunedModel(id: $id) { id name }
  }
`);

const WatchStatus = graphql(`
  subscription WatchThroughOutage($id: ID!) {
    finetunedModelStatusChanged(id: $id) { previousStatus status }
  }
`);

const CreateOnce = graphql(`
  mutation CreateUnderFaults($input: CreateFinetunedModelInput!) {
    createFinetunedModel(input: $input) { __typename }
  }
`);

/** Small, fast policies so every fault plays out in milliseconds. */
const FAST = {
  UPSTREAM_TIMEOUT_MS: '200',
  OPERATION_DEADLINE_MS: '2000',
  UPSTREAM_RETRY_BASE_MS: '5',
  UPSTREAM_RETRY_MAX_MS: '20',
  UPSTREAM_MAX_RETRIES: '3',
  BREAKER_FAILURES: '50',
};

describe('upstream faults', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.stop();
    gw = undefined;
  });

  async function setup(env: Record<string, string> = {}) {
    gw = await startGateway({ env: { ...FAST, ...env } });
    const key = freshKey('faulty');
    const [id] = await createModels(gw.sandbox.url, key, 1);
    gw.sandbox.calls.reset();
    const read = () => gw!.execute(ReadModel, { id: id! }, key);
    const hits = (route: 'getModel' | 'createModel' = 'getModel') => gw!.sandbox.calls.count({ key, route });
    return { gw, key, id: id!, read, hits };
  }

  it.each([
    ['a 500 burst', { status: 500 as const, times: 1 }, 2],
    ['a 503 storm', { status: 503 as const, times: 2 }, 3],
    ['a 502 burst', { status: 502 as const, times: 1 }, 2],
    ['a 504 burst', { status: 504 as const, times: 3 }, 4],
    ['a dropped answer (hang)', { hang: true, times: 1 }, 2],
  ])('reads through %s by retrying, within the deadline', async (_what, fault, expectedHits) => {
    const { gw, read, hits } = await setup();
    gw.sandbox.faults.set([{ routes: ['getModel'], ...fault }]);
    const { data, errors } = await read();
    expect(errors).toBeUndefined();
    expect(data!.finetunedModel!.name).toBe('model-0');
    expect(hits()).toBe(expectedHits);
  });

  it('answers a 429 at once with RATE_LIMITED and its Retry-After: the caller owns its rate limit', async () => {
    const { gw, read, hits } = await setup();
    gw.sandbox.faults.set([{ routes: ['getModel'], status: 429, retryAfterSeconds: 1, times: 1 }]);
    const { errors } = await read();
    expect(errors![0]!.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    expect(hits()).toBe(1);
    expect((await read()).errors).toBeUndefined();
  });

  it('gives up at once when Retry-After is beyond the deadline, and says when to come back', async () => {
    const { gw, read, hits } = await setup();
    gw.sandbox.faults.set([{ routes: ['getModel'], status: 429, retryAfterSeconds: 30 }]);
    const { errors } = await read();
    expect(errors![0]!.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 30 });
    expect(hits()).toBe(1);
  });

  it('answers a hanging upstream with UPSTREAM_TIMEOUT within the deadline', async () => {
    const { gw, read } = await setup({ OPERATION_DEADLINE_MS: '1000' });
    gw.sandbox.faults.set([{ routes: ['getModel'], hang: true }]);
    const started = Date.now();
    const { errors } = await read();
    expect(errors![0]!.extensions!.code).toBe('UPSTREAM_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it.each([
    ['a 503', { status: 503 as const }],
    ['a 502', { status: 502 as const }],
    ['a hang', { hang: true }],
    ['a 429', { status: 429 as const, retryAfterSeconds: 1 }],
  ])('attempts a create exactly once after %s', async (_what, fault) => {
    const { gw, key, hits } = await setup();
    gw.sandbox.faults.set([{ routes: ['createModel'], ...fault, times: 1 }]);
    const { data, errors } = await gw.execute(
      CreateOnce,
      { input: { name: 'under-faults', settings: { baseModel: { baseType: 'CHAT' }, datasetId: 'dataset-chat-1' } } },
      key,
    );
    expect(data?.createFinetunedModel?.__typename ?? errors?.[0]?.extensions?.code).not.toBe('CreateFinetunedModelPayload');
    expect(hits('createModel')).toBe(1);
  });

  it('stops retrying when the retry budget is spent, so an outage does not multiply load', async () => {
    const { gw, read, hits } = await setup({ RETRY_BUDGET_RATIO: '0.5', RETRY_BUDGET_MIN_PER_SECOND: '0' });
    gw.sandbox.faults.set([{ routes: ['getModel'], status: 503 }]);
    for (let i = 0; i < 20; i += 1) {
      const { errors } = await read();
      expect(errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    }
    // Without a budget: 20 × 4 attempts. With it, retries stay near half of the calls.
    expect(hits()).toBeLessThanOrEqual(20 + 11);
  });

  it('opens the breaker after sustained failure (zero upstream calls while open) and closes it again', async () => {
    // One attempt per read, so the reads count the breaker's failures one by one.
    const { gw, read, hits } = await setup({ BREAKER_FAILURES: '3', BREAKER_HALF_OPEN_MS: '300', UPSTREAM_MAX_RETRIES: '0' });
    gw.sandbox.faults.set([{ routes: ['getModel'], status: 500 }]);
    for (let i = 0; i < 3; i += 1) expect((await read()).errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
    expect(hits()).toBe(3);
    for (let i = 0; i < 5; i += 1) {
      expect((await read()).errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 1 });
    }
    expect(hits()).toBe(3);
    gw.sandbox.faults.clear();
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await read()).errors).toBeUndefined();
    expect((await read()).errors).toBeUndefined();
    expect(hits()).toBe(5);
  });

  it('answers a burst beyond the concurrency cap with OVERLOADED, and serves the rest', async () => {
    const { gw, key, hits } = await setup({
      UPSTREAM_MAX_CONCURRENCY: '2',
      UPSTREAM_MAX_QUEUE: '2',
      UPSTREAM_TIMEOUT_MS: '10000',
      OPERATION_DEADLINE_MS: '20000',
    });
    // Slow enough that all ten are in before the first finishes, even on a busy machine.
    gw.sandbox.faults.set([{ routes: ['getModel'], latencyMs: 1_500 }]);
    // Ten different reads, so that none is collapsed into another.
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => gw.execute(ReadModel, { id: `missing-model-${i}` }, key)),
    );
    const codes = results.map((r) => (r.errors ? r.errors[0]!.extensions!.code : 'OK'));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(4);
    expect(codes.filter((c) => c === 'OVERLOADED')).toHaveLength(6);
    expect(hits()).toBe(4);
  });

  it('masks a malformed upstream answer', async () => {
    const { gw, read } = await setup();
    gw.sandbox.faults.set([{ routes: ['getModel'], malformedBody: true }]);
    const { errors } = await read();
    expect(errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
    expect(errors![0]!.message).not.toMatch(/json|unexpected token|position/i);
  });

  it('stops upstream work when the client goes away', async () => {
    const { gw, key, id, hits } = await setup({ UPSTREAM_RETRY_BASE_MS: '300', UPSTREAM_RETRY_MAX_MS: '300' });
    gw.sandbox.faults.set([{ routes: ['getModel'], status: 503 }]);
    const abort = new AbortController();
    const pending = Promise.resolve(gw.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      signal: abort.signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: `{ finetunedModel(id: "${id}") { id } }` }),
    }));
    while (hits() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    abort.abort();
    const hitsWhenGone = hits();
    await pending.catch(() => undefined);
    // Retries were due every 300 ms or less: none may follow once the client is gone.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(hits()).toBe(hitsWhenGone);
    expect(ok(await sandboxRest(gw.sandbox.url, key).list()).total_size).toBe(1);
  });
});

describe('a subscription across a 30-second upstream outage', () => {
  it('keeps its full, ordered history, polling patiently while the upstream is down', { timeout: 90_000 }, async () => {
    // The whole job takes about 12 s of real time and ends while the upstream is down.
    const gw = await startGateway({
      sandbox: { speed: 100 },
      env: {
        POLL_INTERVAL_ACTIVE_MS: '250',
        POLL_INTERVAL_STABLE_MS: '250',
        POLL_BACKOFF_MAX_MS: '2000',
        BREAKER_FAILURES: '5',
        BREAKER_HALF_OPEN_MS: '1000',
      },
    });
    try {
      const key = freshKey('outage');
      const [id] = await createModels(gw.sandbox.url, key, 1);
      let outageStarted = 0;
      const response = await gw.app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: print(WatchStatus), variables: { id } }),
      });
      const stream = await readSseStream<{ finetunedModelStatusChanged: { previousStatus: string | null; status: string } }>(
        response,
        (message) => {
          if (message.data?.finetunedModelStatusChanged.status !== 'QUEUED') return;
          outageStarted = Date.now();
          gw.sandbox.faults.set([{ status: 503 }]);
          setTimeout(() => gw.sandbox.faults.clear(), 30_000);
        },
      );
      const duringOutage = gw.sandbox.calls.list().filter((c) => c.status === 503);
      expect(stream.messages.map((m) => m.errors)).toEqual(stream.messages.map(() => undefined));
      expect(stream.messages.map((m) => [m.data!.finetunedModelStatusChanged.previousStatus, m.data!.finetunedModelStatusChanged.status])).toEqual([
        [null, 'QUEUED'],
        ['QUEUED', 'FINETUNING'],
        ['FINETUNING', 'DEPLOYING_API'],
        ['DEPLOYING_API', 'READY'],
      ]);
      expect(stream.events.at(-1)).toBe('complete');
      expect(Date.now() - outageStarted).toBeGreaterThanOrEqual(30_000);
      // Backing off and the open breaker kept the load down: nowhere near a tight loop over 30 s.
      expect(duringOutage.length).toBeGreaterThan(3);
      expect(duringOutage.length).toBeLessThan(60);
    } finally {
      await gw.stop();
    }
  });
});
