// Distributed tracing. A gateway configured with OTEL_EXPORTER_OTLP_ENDPOINT sends its spans over OTLP/HTTP to a
// collector on loopback (test/helpers/otlp-receiver.ts); real requests carry the caller's W3C trace context, and the
// gateway's stop exports what it still holds, so each story is read from the spans once its gateway has stopped.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { trace } from '@opentelemetry/api';
import { parse } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { freshKey } from './helpers/fixtures.js';
import { gatewayOn, startGateway, type GatewayOn } from './helpers/gateway.js';
import { faithful, startHostileUpstream, type HostileUpstream } from './helpers/hostile-upstream.js';
import { Watch } from './helpers/live.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './helpers/otlp-receiver.js';
import { freePort, RedisServer, redisServerInstalled } from './helpers/redis.js';
import { createModels } from './helpers/sandbox-rest.js';

const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

/** A caller's span: a new trace id and span id, as a W3C traceparent (sampled). */
function callerSpan() {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

/** JSON log lines, as the gateway writes them, with the trace of the span they were logged in. */
function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination, traceIds: true }) };
}

const MODEL_ID = '6b1c9e1e-2f0a-4c39-9d4e-6f1a2b3c4d5e';
const ReadModel = 'query ReadModel($id: ID!) { finetunedModel(id: $id) { id name } }';

async function post(url: string, key: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

describe('tracing, with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver?.stop());

  const spansOf = (traceId: string) => receiver.spans.filter((span) => span.traceId === traceId);
  const named = (spans: ReceivedSpan[], name: string) => spans.filter((span) => span.name === name);
  const one = (spans: ReceivedSpan[], name: string): ReceivedSpan => {
    const found = named(spans, name);
    expect(found.map((span) => span.name)).toEqual([name]);
    return found[0]!;
  };
  const childrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) => spans.filter((span) => span.parentSpanId === parent.spanId);

  describe('a query over HTTP, whose upstream read fails once and then answers', () => {
    const key = 'caller-key-for-the-query';
    const caller = callerSpan();
    let upstream: HostileUpstream;
    let logs: ReturnType<typeof captureLogs>;
    let result: Awaited<ReturnType<typeof post>>;

    beforeAll(async () => {
      upstream = await startHostileUpstream();
      let answered = 0;
      upstream.answer((request, res) => {
        answered += 1;
        if (answered === 1) return void res.writeHead(503).end();
        return faithful(request, res);
      });
      logs = captureLogs();
      const gateway = gatewayOn(
        upstream.url,
        {
          LOG_LEVEL: 'info',
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
          OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=collector%20secret',
          OTEL_SERVICE_NAME: 'finetuning',
          UPSTREAM_RETRY_BASE_MS: '1',
        },
        logs.logger,
      );
      const url = await gateway.app.start(0, '127.0.0.1');
      result = await post(url, key, { query: ReadModel, variables: { id: MODEL_ID } }, {
        traceparent: caller.traceparent,
        tracestate: 'vendor=opaque',
        baggage: 'tenant=acme',
      });
      // Exports every span still held.
      await gateway.stop();
    });
    afterAll(() => upstream?.stop());

    it("continues the caller's trace: operation, its parse, validate and execution, the resolver, the upstream call, each attempt", () => {
      expect(result.errors).toBeUndefined();
      const spans = spansOf(caller.traceId);
      const operation = one(spans, 'graphql.operation');
      expect(operation).toMatchObject({ parentSpanId: caller.spanId, kind: SERVER, service: 'finetuning' });
      expect(operation.attributes).toMatchObject({ 'graphql.operation.name': 'ReadModel', 'graphql.operation.type': 'query' });
      expect(childrenOf(spans, operation).map((span) => span.name).sort()).toEqual(['graphql.parse', 'graphql.validate', 'query.ReadModel']);

      const execution = one(spans, 'query.ReadModel');
      const resolver = one(spans, 'Query.finetunedModel');
      expect(resolver.parentSpanId).toBe(execution.spanId);
      const call = one(spans, 'upstream getModel');
      expect(call.parentSpanId).toBe(resolver.spanId);
      expect(call.attributes).toMatchObject({ 'finetuning.upstream.route': 'getModel', 'http.request.method': 'GET', 'finetuning.upstream.attempts': 2 });
      expect(childrenOf(spans, call).map((span) => span.name)).toEqual(['GET getModel', 'GET getModel']);
      // Nothing of this request started a trace of its own.
      expect(spans.every((span) => span.traceId === caller.traceId)).toBe(true);
      expect(spans.filter((span) => span.parentSpanId === undefined)).toEqual([]);
    });

    it('gives each upstream attempt its route, method, status and number, and sends the upstream its traceparent', () => {
      const attempts = named(spansOf(caller.traceId), 'GET getModel').sort(
        (a, b) => (a.attributes['finetuning.upstream.attempt'] as number) - (b.attributes['finetuning.upstream.attempt'] as number),
      );
      expect(attempts.map((span) => ({ kind: span.kind, status: span.status, ...span.attributes }))).toEqual([
        expect.objectContaining({
          kind: CLIENT,
          status: ERROR,
          'finetuning.upstream.route': 'getModel',
          'http.request.method': 'GET',
          'http.response.status_code': 503,
          'finetuning.upstream.attempt': 1,
          'error.type': '503',
          'url.path': `/v1/finetuning/finetuned-models/${MODEL_ID}`,
        }),
        expect.objectContaining({
          kind: CLIENT,
          'http.response.status_code': 200,
          'finetuning.upstream.attempt': 2,
          'http.request.resend_count': 1,
        }),
      ]);
      // Each attempt is the upstream's parent: same trace, the attempt's span id, the caller's trace state.
      expect(upstream.requests.map((request) => request.traceparent)).toEqual(attempts.map((span) => `00-${caller.traceId}-${span.spanId}-01`));
      expect(upstream.requests.map((request) => request.tracestate)).toEqual(['vendor=opaque', 'vendor=opaque']);
      // The caller's baggage stays here.
      expect(upstream.requests.map((request) => request.baggage)).toEqual([null, null]);
    });

    it("writes the operation's log line with its trace_id and span_id", () => {
      const line = logs.lines.find((entry) => entry.msg === 'operation');
      expect(line).toMatchObject({ operationName: 'ReadModel', trace_id: caller.traceId });
      expect(spansOf(caller.traceId).map((span) => span.spanId)).toContain(line!.span_id);
    });

    it('sends the collector the configured headers', () => {
      expect(receiver.headers.at(-1)).toMatchObject({ 'x-collector-key': 'collector secret', 'content-type': 'application/json' });
    });
  });

  it('records neither the API key nor any variable value, not even a W&B api key', async () => {
    const key = freshKey('secret-caller');
    const secrets = { apiKey: `wandb-${randomBytes(12).toString('hex')}`, name: `name-${randomBytes(6).toString('hex')}` };
    const caller = callerSpan();
    const gw = await startGateway({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } });
    const url = await gw.app.start(0, '127.0.0.1');
    const exported = receiver.bodies.length;
    const input = {
      name: secrets.name,
      settings: { baseModel: { baseType: 'CHAT' }, datasetId: 'dataset-chat-1', wandb: { project: 'p', entity: 'team', apiKey: secrets.apiKey } },
    };
    const created = await post(
      url,
      key,
      {
        query: `mutation Create($input: CreateFinetunedModelInput!) {
          createFinetunedModel(input: $input) { __typename ... on CreateFinetunedModelPayload { finetunedModel { id name } } }
        }`,
        variables: { input },
      },
      { traceparent: caller.traceparent },
    );
    // A variable that does not coerce: refused, its value in the refusal's message (to the caller, not to a span).
    const refused = await post(url, key, { query: ReadModel, variables: { id: { apiKey: secrets.apiKey } } }, { traceparent: caller.traceparent });
    await gw.stop();

    expect(created.data).toMatchObject({ createFinetunedModel: { finetunedModel: { name: secrets.name } } });
    expect(JSON.stringify(refused.errors)).toContain(secrets.apiKey);
    const spans = spansOf(caller.traceId);
    expect(named(spans, 'upstream createModel')).toHaveLength(1);
    const operations = named(spans, 'graphql.operation');
    expect(operations).toHaveLength(2);
    expect(operations.map((span) => span.attributes['graphql.error.codes'])).toContainEqual(['BAD_USER_INPUT']);
    const payload = receiver.bodies.slice(exported).join('\n');
    expect(payload).toContain(caller.traceId);
    for (const secret of [key, secrets.apiKey, secrets.name]) expect(payload).not.toContain(secret);
  });

  describe('a status subscription over graphql-ws, its trace context in the connection params', () => {
    const key = freshKey('live-traced');
    const caller = callerSpan();
    let modelId: string;
    let messages: number;

    beforeAll(async () => {
      const gw = await startGateway({
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, POLL_INTERVAL_ACTIVE_MS: '20', POLL_JITTER_RATIO: '0' },
      });
      const url = await gw.app.start(0, '127.0.0.1');
      [modelId] = (await createModels(gw.sandbox.url, key, 1, 'traced')) as [string];
      const client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { Authorization: `Bearer ${key}`, traceparent: caller.traceparent },
        retryAttempts: 0,
      });
      const document = parse('subscription LiveStatus($id: ID!) { finetunedModelStatusChanged(id: $id) { status } }');
      const watch = new Watch(client, document as TypedDocumentNode<unknown, { id: string }>, modelId);
      await watch.received(1);
      // Polls go on after the first message: a few more, then stop.
      await vi.waitFor(() => expect(gw.sandbox.calls.count({ key, route: 'getModel' })).toBeGreaterThan(2));
      messages = watch.messages.length;
      watch.unsubscribe();
      await client.dispose();
      await gw.stop();
    });

    it("continues the caller's trace: the operation's span is a child of the connection params' traceparent", () => {
      expect(messages).toBeGreaterThan(0);
      const spans = spansOf(caller.traceId);
      const operation = one(spans, 'graphql.operation');
      expect(operation).toMatchObject({ parentSpanId: caller.spanId, kind: SERVER });
      expect(operation.attributes).toMatchObject({ 'graphql.operation.type': 'subscription', 'graphql.operation.name': 'LiveStatus' });
      expect(one(spans, 'subscription.LiveStatus').parentSpanId).toBe(operation.spanId);
    });

    it('traces each poll in a trace of its own, linked to the subscription that started the poller, with its upstream calls inside', () => {
      const subscription = one(spansOf(caller.traceId), 'subscription.LiveStatus');
      const polls = receiver.spans.filter((span) => span.name === 'subscription.poll' && span.attributes['finetuning.model.id'] === modelId);
      expect(polls.length).toBeGreaterThan(1);
      for (const poll of polls) {
        expect(poll.parentSpanId).toBeUndefined();
        expect(poll.links).toEqual([{ traceId: caller.traceId, spanId: subscription.spanId }]);
        expect(poll.attributes).toMatchObject({ 'finetuning.watcher.kind': 'status' });
        const calls = receiver.spans.filter((span) => span.parentSpanId === poll.spanId);
        expect(calls.map((span) => span.name)).toContain('upstream getModel');
      }
    });
  });

  describe.skipIf(!redisServerInstalled())('with Redis: a fleet of one', () => {
    const key = freshKey('fleet-traced');
    let redis: RedisServer;
    let modelId: string;

    beforeAll(async () => {
      redis = await RedisServer.start();
      const gw = await startGateway({
        env: {
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
          REDIS_URL: redis.url,
          POLLER_LEASE_TTL_MS: '1000',
          POLLER_LEASE_RENEW_MS: '100',
          POLL_INTERVAL_ACTIVE_MS: '20',
          POLL_JITTER_RATIO: '0',
        },
      });
      const url = await gw.app.start(0, '127.0.0.1');
      [modelId] = (await createModels(gw.sandbox.url, key, 1, 'fleet')) as [string];
      const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${key}` }, retryAttempts: 0 });
      const document = parse('subscription FleetStatus($id: ID!) { finetunedModelStatusChanged(id: $id) { status } }');
      const watch = new Watch(client, document as TypedDocumentNode<unknown, { id: string }>, modelId);
      await watch.received(1);
      // A few polls and lease renewals.
      await vi.waitFor(() => expect(gw.sandbox.calls.count({ key, route: 'getModel' })).toBeGreaterThan(2));
      await new Promise((resolve) => setTimeout(resolve, 300));
      watch.unsubscribe();
      await client.dispose();
      await gw.stop();
    });
    afterAll(() => redis?.kill());

    it('traces taking, renewing and letting go of the lease, and each publish, as spans of their own', () => {
      const fleet = receiver.spans.filter((span) => span.name.startsWith('fleet.') && span.attributes['finetuning.model.id'] === modelId);
      const steps = new Set(fleet.map((span) => span.name));
      expect([...steps].sort()).toEqual(expect.arrayContaining(['fleet.lease.acquire', 'fleet.lease.release', 'fleet.lease.renew', 'fleet.publish']));
      for (const span of fleet) {
        expect(span).toMatchObject({ kind: CLIENT, parentSpanId: undefined, scope: 'finetuning-graphql-gateway/scale-out' });
        expect(span.attributes).toMatchObject({ 'db.system.name': 'redis', 'finetuning.watcher.kind': 'status' });
      }
      expect(named(fleet, 'fleet.lease.acquire')[0]!.attributes['finetuning.lease.held']).toBe(true);
      expect(named(fleet, 'fleet.publish').every((span) => span.attributes['finetuning.lease.held'] === true)).toBe(true);
      // Nothing of the credential: neither the key nor the Redis names (they carry its hash).
      const payload = receiver.bodies.join('\n');
      expect(payload).not.toContain(key);
      expect(payload).not.toContain('finetuning-gateway:v');
    });
  });

  describe('tracing off: OTEL_EXPORTER_OTLP_ENDPOINT unset, or OTEL_SDK_DISABLED', () => {
    it.each([[{}], [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9/', OTEL_SDK_DISABLED: 'true' }]])(
      'exports nothing, registers no SDK, runs no span and sends the upstream no traceparent (%j)',
      async (env: Record<string, string>) => {
        const upstream = await startHostileUpstream();
        const logs = captureLogs();
        const gateway: GatewayOn = gatewayOn(upstream.url, { LOG_LEVEL: 'info', ...env }, logs.logger);
        const url = await gateway.app.start(0, '127.0.0.1');
        const exported = receiver.bodies.length;
        const caller = callerSpan();
        const result = await post(url, 'k', { query: ReadModel, variables: { id: MODEL_ID } }, { traceparent: caller.traceparent });
        await gateway.stop();
        await upstream.stop();

        expect(result.errors).toBeUndefined();
        expect(receiver.bodies.length).toBe(exported);
        // The API's no-op tracer: nothing is recorded.
        expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
        expect(upstream.requests.map((request) => request.traceparent)).toEqual([null]);
        // Even a logger that looks for a span finds none while the operation runs.
        const line = logs.lines.find((entry) => entry.msg === 'operation');
        expect(line).toBeDefined();
        expect(line).not.toHaveProperty('trace_id');
      },
    );
  });
});

it('answers, and stops, with a collector that cannot be reached: only the spans are lost', async () => {
  const upstream = await startHostileUpstream();
  const closed = `http://127.0.0.1:${await freePort()}`;
  const gateway = gatewayOn(upstream.url, { OTEL_EXPORTER_OTLP_ENDPOINT: closed, OTEL_EXPORTER_OTLP_TIMEOUT: '500' });
  const url = await gateway.app.start(0, '127.0.0.1');
  const result = await post(url, 'k', { query: ReadModel, variables: { id: MODEL_ID } }, { traceparent: callerSpan().traceparent });
  await expect(gateway.stop()).resolves.toBeUndefined();
  await upstream.stop();
  expect(result).toEqual({ data: { finetunedModel: { id: MODEL_ID, name: `model-${MODEL_ID}` } } });
});

describe('tracing configuration', () => {
  it('is off unless an endpoint is set', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'always_on' }).tracing).toBeUndefined();
  });

  it('sends to the endpoint’s /v1/traces, or to the traces endpoint as it is, with the standard defaults', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      url: 'http://collector:4318/v1/traces',
      headers: {},
      serviceName: 'finetuning-graphql-gateway',
      resourceAttributes: {},
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      exportDelayMs: 5000,
      exportTimeoutMs: 10000,
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com/otlp' }).tracing?.url).toBe('https://otel.example.com/otlp/v1/traces');
    const both = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom' };
    expect(loadConfig(both).tracing?.url).toBe('http://traces:4318/custom');
  });

  it('reads sampling, headers and resource attributes as OpenTelemetry writes them', () => {
    const tracing = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%2Cb%3Dc, x-team = ml ,',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-resource,deployment.environment.name=prod',
    }).tracing;
    expect(tracing).toMatchObject({
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
      headers: { 'api-key': 'a,b=c', 'x-team': 'ml' },
      serviceName: 'from-resource',
      resourceAttributes: { 'deployment.environment.name': 'prod' },
    });
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318'],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'grpc://collector:4317'],
    ['OTEL_TRACES_SAMPLER', 'sometimes'],
    ['OTEL_TRACES_SAMPLER_ARG', '1.5'],
    ['OTEL_BSP_SCHEDULE_DELAY', '0'],
    ['OTEL_EXPORTER_OTLP_HEADERS', 'bearer s3cret-token'],
    ['OTEL_EXPORTER_OTLP_HEADERS', 'bad name=s3cret-token'],
    ['OTEL_RESOURCE_ATTRIBUTES', 'deployment=%E0%A4%A'],
  ])('stops with a message naming %s when it is %j, never quoting it', (name, value) => {
    const load = () => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(new RegExp(name));
    expect(load).not.toThrow(/s3cret/);
  });
});
