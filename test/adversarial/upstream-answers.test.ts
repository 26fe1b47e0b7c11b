// A hostile (or broken) upstream: huge bodies, the wrong content type, page tokens without end, and Retry-After
// values no timer can hold. Each ends as a bounded UPSTREAM_ERROR or a bounded wait, never as unbounded work.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nextPollDelay } from '../../src/subscriptions/cadence.js';
import { parseRetryAfter } from '../../src/upstream/errors.js';
import { gatewayOn, type GatewayOn } from '../helpers/gateway.js';
import { readSseStream } from '../helpers/sse.js';
import { faithful, json, startHostileUpstream, wireModel, type HostileUpstream } from '../helpers/hostile-upstream.js';

const READ = 'query Read($id: ID!) { finetunedModel(id: $id) { id name } }';
const EVENTS = 'query Events($id: ID!, $first: Int) { finetunedModel(id: $id) { events(first: $first) { edges { node { status } } } } }';
const LATEST = 'query Latest($id: ID!) { finetunedModel(id: $id) { latestStepMetrics { stepNumber } } }';
const CREATE =
  'mutation { createFinetunedModel(input: { name: "n", settings: { baseModel: { baseType: CHAT }, datasetId: "d" } }) { __typename ... on FinetuningRateLimitedError { retryAfterSeconds } } }';

describe('an upstream that answers without bounds', () => {
  let upstream: HostileUpstream;
  let gateway: GatewayOn;

  beforeAll(async () => {
    upstream = await startHostileUpstream();
    gateway = gatewayOn(upstream.url, { UPSTREAM_MAX_BODY_BYTES: '100000', UPSTREAM_MAX_PAGES: '20', UPSTREAM_MAX_RETRIES: '0', BREAKER_FAILURES: '1000' });
  });
  afterEach(() => upstream.answer(faithful));
  afterAll(async () => {
    await gateway.stop();
    await upstream.stop();
  });

  it('refuses a body over the cap as UPSTREAM_ERROR, and passes nothing of it on', async () => {
    const padding = 'x'.repeat(5_000_000);
    upstream.answer((_request, res) => json(res, 200, { finetuned_model: { ...wireModel('m1'), name: padding } }));
    const result = await gateway.execute(READ, { id: 'm1' }, 'key');
    expect(result.errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
    expect(JSON.stringify(result).length).toBeLessThan(2_000);
  });

  it('refuses a chunked body that grows past the cap without declaring its length', async () => {
    upstream.answer((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(64_000);
      let sent = 0;
      const more = () => {
        while (sent < 100 && res.write(chunk)) sent += 1;
        if (sent < 100) res.once('drain', more);
      };
      res.write('{"finetuned_model":{"id":"m1","name":"');
      more();
    });
    expect((await gateway.execute(READ, { id: 'm1' }, 'key')).errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
  });

  it('refuses an answer that is not JSON', async () => {
    upstream.answer((_request, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('{"finetuned_model":{"id":"m1"}}');
    });
    expect((await gateway.execute(READ, { id: 'm1' }, 'key')).errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
  });

  it('follows no more pages than a connection needs when every page hands out another token', async () => {
    let n = 0;
    upstream.answer((request, res) => {
      if (!request.path.endsWith('/events')) return faithful(request, res);
      n += 1;
      return json(res, 200, { events: [], next_page_token: `token-${n}`, total_size: 5 });
    });
    const started = upstream.requests.length;
    const result = await gateway.execute(EVENTS, { id: 'm1', first: 10 }, 'key');
    expect(result.errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
    // One model read, and at most the pages 10 events at the default page size need, plus one.
    expect(upstream.requests.length - started).toBeLessThanOrEqual(1 + 2);
  });

  it('stops at a page token handed out twice', async () => {
    upstream.answer((request, res) => {
      if (!request.path.endsWith('/training-step-metrics')) return faithful(request, res);
      return json(res, 200, { step_metrics: [{ step_number: 1, metrics: {} }], next_page_token: 'again' });
    });
    const started = upstream.requests.length;
    const result = await gateway.execute(LATEST, { id: 'm1' }, 'key');
    expect(result.errors![0]).toMatchObject({ message: expect.stringMatching(/same page token/), extensions: { code: 'UPSTREAM_ERROR' } });
    expect(upstream.requests.length - started).toBeLessThanOrEqual(3);
  });

  it('follows at most UPSTREAM_MAX_PAGES pages of a list read to its end', async () => {
    let n = 0;
    upstream.answer((request, res) => {
      if (!request.path.endsWith('/training-step-metrics')) return faithful(request, res);
      n += 1;
      return json(res, 200, { step_metrics: [{ step_number: n, metrics: {} }], next_page_token: `t${n}` });
    });
    const started = upstream.requests.length;
    expect((await gateway.execute(LATEST, { id: 'm1' }, 'key')).errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
    expect(upstream.requests.length - started).toBeLessThanOrEqual(1 + 20);
  });
});

describe('Retry-After values no timer can hold', () => {
  it.each([
    ['2147484', 2147484],
    ['99999999999999999999', 2 ** 31 - 1],
    ['Fri, 31 Dec 9999 23:59:59 GMT', 2 ** 31 - 1],
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
    ['soon', undefined],
  ])('reads %j as %j seconds', (header, seconds) => {
    expect(parseRetryAfter(header)).toBe(seconds);
  });

  it('never make a poller wait longer than the back-off ceiling, nor overflow a timer', () => {
    const cadence = { activeIntervalMs: 20, stableIntervalMs: 200, jitterRatio: 0, backoffMaxMs: 300 };
    expect(nextPollDelay(cadence, 'active', 1, 2 ** 31 - 1, () => 0.5)).toBe(300);
  });

  describe('over the gateway', () => {
    let upstream: HostileUpstream;
    let gateway: GatewayOn;
    beforeAll(async () => {
      upstream = await startHostileUpstream();
      gateway = gatewayOn(upstream.url, { POLL_INTERVAL_ACTIVE_MS: '20', POLL_BACKOFF_MAX_MS: '200', BREAKER_FAILURES: '1000' });
    });
    afterAll(async () => {
      await gateway.stop();
      await upstream.stop();
    });

    it('keep a watcher polling at its back-off ceiling, not hundreds of times a second', async () => {
      upstream.answer((_request, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': '2147484' }));
      const controller = new AbortController();
      const response = await fetch(await gateway.app.start(0, '127.0.0.1'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: 'Bearer key' },
        body: JSON.stringify({ query: 'subscription { finetunedModelStatusChanged(id: "m1") { status } }' }),
        signal: controller.signal,
      });
      const reading = readSseStream(response).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      controller.abort();
      await reading;
      // At most one poll per 200 ms (the ceiling), plus the first.
      expect(upstream.requests.length).toBeGreaterThan(0);
      expect(upstream.requests.length).toBeLessThanOrEqual(7);
    });

    it('answer a huge Retry-After as a 32-bit Int, in errors and in typed results', async () => {
      upstream.answer((_request, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': '99999999999' }));
      const read = await gateway.execute(READ, { id: 'm1' }, 'key');
      expect(read.errors![0]!.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 2 ** 31 - 1 });
      const created = await gateway.execute(CREATE, {}, 'key');
      expect(created.errors).toBeUndefined();
      expect(created.data).toEqual({ createFinetunedModel: { __typename: 'FinetuningRateLimitedError', retryAfterSeconds: 2 ** 31 - 1 } });
    });
  });
});
