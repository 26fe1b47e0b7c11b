// Per-caller rate limits: a caller gets so many operations, and so many estimated upstream calls, per window. An
// operation over either budget is refused with RATE_LIMITED and a retry hint before it runs (no upstream call, HTTP
// 429 with Retry-After), spends nothing, and leaves other callers alone; subscriptions count when they start, over
// graphql-ws and SSE alike; with Redis, every instance of a fleet spends the same budget.
import type { FormattedExecutionResult } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshKey } from './helpers/fixtures.js';
import { gatewayOn, startGateway, type GatewayOn, type TestGateway } from './helpers/gateway.js';
import { wsClient, type Message } from './helpers/live.js';
import { RedisServer, redisServerInstalled } from './helpers/redis.js';
import { createModels } from './helpers/sandbox-rest.js';
import { readSseStream } from './helpers/sse.js';

const MODEL = 'query Model($id: ID!) { finetunedModel(id: $id) { name } }';
const STATUS = 'subscription Status($id: ID!) { finetunedModelStatusChanged(id: $id) { status } }';
/** `count` reads of one model by id: estimated at `count` upstream calls. */
const reads = (count: number) =>
  `query Reads($id: ID!) { ${Array.from({ length: count }, (_, i) => `m${i}: finetunedModel(id: $id) { name }`).join(' ')} }`;

type Errors = FormattedExecutionResult['errors'];
const codeOf = (errors: Errors) => errors?.[0]?.extensions?.code;

const METRICS_TOKEN = 'rate-limit-metrics';
const metricsOf = async (gw: GatewayOn) =>
  (await gw.app.fetch('http://gateway.test/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();

/** A caller with one model of its own. */
async function caller(gw: TestGateway, label: string): Promise<{ key: string; id: string }> {
  const key = freshKey(label);
  const [id] = (await createModels(gw.sandbox.url, key, 1)) as [string];
  return { key, id };
}

describe('a limit of operations per caller', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { RATE_LIMIT_OPERATIONS: '3', RATE_LIMIT_WINDOW_SECONDS: '60', METRICS_TOKEN } });
  });
  afterAll(() => gw.stop());

  it('refuses the fourth operation of a window with RATE_LIMITED and a retry hint, before any upstream call', async () => {
    const { key, id } = await caller(gw, 'ops');
    for (let i = 0; i < 3; i += 1) expect((await gw.execute(MODEL, { id }, key)).data).toEqual({ finetunedModel: { name: 'model-0' } });
    const callsBefore = gw.sandbox.calls.count({ key });

    const refused = await gw.execute(MODEL, { id }, key);

    expect(refused.data).toBeUndefined();
    expect(codeOf(refused.errors)).toBe('RATE_LIMITED');
    const wait = refused.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(refused.errors![0]!.message).toContain('at most 3 operations every 60 s');
    expect(gw.sandbox.calls.count({ key })).toBe(callsBefore);
  });

  it('answers HTTP 429 with Retry-After over a real socket, whatever the client accepts', async () => {
    const url = await gw.app.start(0, '127.0.0.1');
    const { key, id } = await caller(gw, 'http');
    for (let i = 0; i < 3; i += 1) await gw.execute(MODEL, { id }, key);

    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: MODEL, variables: { id } }),
      });
      const body = (await response.json()) as FormattedExecutionResult;
      expect(response.status).toBe(429);
      expect(codeOf(body.errors)).toBe('RATE_LIMITED');
      expect(response.headers.get('retry-after')).toBe(String(body.errors![0]!.extensions!.retryAfterSeconds));
      // What steers the answer's status stays out of its body.
      expect(body.errors![0]!.extensions).not.toHaveProperty('http');
    }
  });

  it('leaves another caller its own budget', async () => {
    const spent = await caller(gw, 'spent');
    const other = await caller(gw, 'other');
    for (let i = 0; i < 4; i += 1) await gw.execute(MODEL, { id: spent.id }, spent.key);
    expect(codeOf((await gw.execute(MODEL, { id: spent.id }, spent.key)).errors)).toBe('RATE_LIMITED');

    for (let i = 0; i < 3; i += 1) {
      expect((await gw.execute(MODEL, { id: other.id }, other.key)).data).toEqual({ finetunedModel: { name: 'model-0' } });
    }
  });

  it('spends nothing on an operation another check refused', async () => {
    const { key, id } = await caller(gw, 'refused');
    // A missing variable (BAD_USER_INPUT) and an unknown field (GRAPHQL_VALIDATION_FAILED) never reach the limit.
    for (let i = 0; i < 5; i += 1) expect(codeOf((await gw.execute(MODEL, {}, key)).errors)).toBe('BAD_USER_INPUT');
    for (let i = 0; i < 5; i += 1) expect(codeOf((await gw.execute('{ nope }', {}, key)).errors)).toBe('GRAPHQL_VALIDATION_FAILED');
    for (let i = 0; i < 3; i += 1) expect((await gw.execute(MODEL, { id }, key)).data).toBeDefined();
  });

  it('never limits schema reads from callers without a credential: they cost no upstream call', async () => {
    for (let i = 0; i < 5; i += 1) {
      const { data } = await gw.execute('{ __schema { queryType { name } } }', {}, null);
      expect(data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    }
  });

  it('counts the Prometheus refusals by the budget that refused them', async () => {
    const { key, id } = await caller(gw, 'metrics');
    for (let i = 0; i < 5; i += 1) await gw.execute(MODEL, { id }, key);
    expect(await metricsOf(gw)).toMatch(/^graphql_rate_limited_total\{limit="operations"\} [1-9]\d*$/m);
  });
});

describe('a limit of estimated upstream calls per caller', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { RATE_LIMIT_COST: '10', RATE_LIMIT_WINDOW_SECONDS: '60' } });
  });
  afterAll(() => gw.stop());

  it('refuses an operation whose estimate exceeds what is left, and leaves what is left to smaller ones', async () => {
    const { key, id } = await caller(gw, 'cost');
    expect((await gw.execute(reads(4), { id }, key)).data).toBeDefined();
    const callsBefore = gw.sandbox.calls.count({ key });

    // 6 of 10 are left: 7 is too many.
    const refused = await gw.execute(reads(7), { id }, key);
    expect(refused.data).toBeUndefined();
    expect(codeOf(refused.errors)).toBe('RATE_LIMITED');
    expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(gw.sandbox.calls.count({ key })).toBe(callsBefore);

    // The refusal spent nothing: the 6 left still pass, and then nothing does.
    expect((await gw.execute(reads(6), { id }, key)).data).toBeDefined();
    expect(codeOf((await gw.execute(reads(1), { id }, key)).errors)).toBe('RATE_LIMITED');
  });

  it('refuses an operation estimated above the whole budget as QUERY_TOO_COMPLEX: waiting would not help', async () => {
    const { key, id } = await caller(gw, 'huge');
    const refused = await gw.execute(reads(11), { id }, key);
    expect(codeOf(refused.errors)).toBe('QUERY_TOO_COMPLEX');
    expect(refused.errors![0]!.extensions).not.toHaveProperty('retryAfterSeconds');
    // It spent nothing either.
    expect((await gw.execute(reads(10), { id }, key)).data).toBeDefined();
  });

});

describe('callers without a key of their own', () => {
  let gw: TestGateway;
  let serverKey: string;
  let id: string;
  beforeAll(async () => {
    // The gateway's own key (COHERE_API_KEY) serves requests that bring none.
    serverKey = freshKey('server');
    gw = await startGateway({ env: { COHERE_API_KEY: serverKey, RATE_LIMIT_OPERATIONS: '2', RATE_LIMIT_WINDOW_SECONDS: '60' } });
    [id] = (await createModels(gw.sandbox.url, serverKey, 1)) as [string];
  });
  afterAll(() => gw.stop());

  it('share one budget, the gateway key’s, which broken credentials never spend', async () => {
    for (let i = 0; i < 3; i += 1) expect(codeOf((await gw.execute(MODEL, { id }, 'not a token')).errors)).toBe('UNAUTHENTICATED');
    expect((await gw.execute(MODEL, { id }, null)).data).toEqual({ finetunedModel: { name: 'model-0' } });
    expect((await gw.execute(MODEL, { id }, null)).data).toEqual({ finetunedModel: { name: 'model-0' } });
    expect(codeOf((await gw.execute(MODEL, { id }, null)).errors)).toBe('RATE_LIMITED');
    // A caller who sends its own key has a budget of its own.
    const own = await caller(gw, 'own');
    expect((await gw.execute(MODEL, { id: own.id }, own.key)).data).toEqual({ finetunedModel: { name: 'model-0' } });
  });
});

describe('a window that passes', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { RATE_LIMIT_OPERATIONS: '1', RATE_LIMIT_WINDOW_SECONDS: '1' } });
  });
  afterAll(() => gw.stop());

  it('gives the caller its whole budget back once the window closes', async () => {
    const { key, id } = await caller(gw, 'window');
    expect((await gw.execute(MODEL, { id }, key)).data).toBeDefined();
    const refused = await gw.execute(MODEL, { id }, key);
    expect(codeOf(refused.errors)).toBe('RATE_LIMITED');
    expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 1_100));

    expect((await gw.execute(MODEL, { id }, key)).data).toEqual({ finetunedModel: { name: 'model-0' } });
  });
});

describe('subscriptions', () => {
  let gw: TestGateway;
  let url: string;
  beforeAll(async () => {
    const polls = { POLL_INTERVAL_ACTIVE_MS: '10', POLL_INTERVAL_STABLE_MS: '10' };
    gw = await startGateway({ env: { RATE_LIMIT_OPERATIONS: '3', RATE_LIMIT_WINDOW_SECONDS: '60', ...polls } });
    url = await gw.app.start(0, '127.0.0.1');
  });
  afterAll(() => gw.stop());

  it('count once when they start over graphql-ws, not per poll, and are refused over the budget', async () => {
    const { key, id } = await caller(gw, 'live');
    const client = wsClient(url, key);
    const subscribe = () => {
      const messages: Message<unknown>[] = [];
      const done = new Promise<void>((resolve, reject) => {
        client.subscribe<unknown, Record<string, unknown>>(
          { query: STATUS, variables: { id } },
          { next: (message) => messages.push(message), error: reject, complete: resolve },
        );
      });
      return { messages, done };
    };
    try {
      const live = subscribe();
      await vi.waitFor(() => expect(live.messages[0]?.data).toBeDefined());
      // The watcher polls on, for this subscriber: none of its polls is an operation of the caller's.
      const polls = gw.sandbox.calls.count({ key, route: 'getModel' });
      await vi.waitFor(() => expect(gw.sandbox.calls.count({ key, route: 'getModel' })).toBeGreaterThan(polls + 3));
      expect((await gw.execute(MODEL, { id }, key)).data).toBeDefined();
      expect((await gw.execute(MODEL, { id }, key)).data).toBeDefined();

      const refused = subscribe();
      await refused.done;
      expect(refused.messages).toHaveLength(1);
      expect(codeOf(refused.messages[0]!.errors)).toBe('RATE_LIMITED');
      expect(refused.messages[0]!.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      // The running subscription goes on.
      expect(live.messages.every((m) => m.errors === undefined)).toBe(true);
    } finally {
      await client.dispose();
    }
  });

  it('are refused over SSE as an event of the stream', async () => {
    const { key, id } = await caller(gw, 'sse');
    for (let i = 0; i < 3; i += 1) await gw.execute(MODEL, { id }, key);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: STATUS, variables: { id } }),
    });
    expect(response.status).toBe(200);
    const stream = await readSseStream(response);
    expect(stream.messages.map((m) => codeOf(m.errors))).toEqual(['RATE_LIMITED']);
  });
});

const installed = redisServerInstalled();
if (!installed) console.warn('test/rate-limits.test.ts: redis-server is not installed (apt-get install redis-server): Redis tests skipped');

describe.skipIf(!installed)('a fleet sharing one redis-server', () => {
  const env = (redis: RedisServer) => ({
    REDIS_URL: redis.url,
    RATE_LIMIT_OPERATIONS: '3',
    RATE_LIMIT_WINDOW_SECONDS: '60',
    METRICS_TOKEN,
  });
  let redis: RedisServer;
  let one: TestGateway;
  let two: GatewayOn;
  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterEach(async () => {
    await two?.stop();
    await one?.stop();
  });
  afterAll(() => redis.kill());

  /** Two instances in front of one sandbox, once both reach Redis. */
  async function fleet() {
    one = await startGateway({ env: env(redis) });
    two = gatewayOn(one.sandbox.url, env(redis));
    for (const instance of [one, two]) {
      const readiness = async () => (await instance.app.fetch('http://gateway.test/readyz')).json();
      await vi.waitFor(async () => expect(await readiness()).toMatchObject({ checks: { redis: 'ok' } }));
    }
  }

  it('spends one budget per caller, whichever instance runs the operation', async () => {
    await fleet();
    const { key, id } = await caller(one, 'fleet');
    expect((await one.execute(MODEL, { id }, key)).data).toBeDefined();
    expect((await two.execute(MODEL, { id }, key)).data).toBeDefined();
    expect((await one.execute(MODEL, { id }, key)).data).toBeDefined();
    const callsBefore = one.sandbox.calls.count({ key });

    expect(codeOf((await two.execute(MODEL, { id }, key)).errors)).toBe('RATE_LIMITED');
    expect(codeOf((await one.execute(MODEL, { id }, key)).errors)).toBe('RATE_LIMITED');
    expect(one.sandbox.calls.count({ key })).toBe(callsBefore);

    // Redis names the caller by a hash, never by its key.
    const names = Object.keys(await redis.contents()).filter((name) => name.includes(':rate:'));
    expect(names.length).toBeGreaterThan(0);
    expect(names.some((name) => name.includes(key))).toBe(false);
  });

  it('lets each instance enforce the budget on its own while Redis is away', async () => {
    await fleet();
    const { key, id } = await caller(one, 'away');
    await redis.kill();
    try {
      for (let i = 0; i < 3; i += 1) expect((await one.execute(MODEL, { id }, key)).data).toBeDefined();
      expect(codeOf((await one.execute(MODEL, { id }, key)).errors)).toBe('RATE_LIMITED');
      // The other instance keeps a budget of its own meanwhile.
      expect((await two.execute(MODEL, { id }, key)).data).toBeDefined();
      expect(await metricsOf(one)).toMatch(/^rate_limit_local_checks_total [1-9]\d*$/m);
    } finally {
      await redis.start();
    }
  });
});
