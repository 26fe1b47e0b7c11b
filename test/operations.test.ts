import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { createSandbox, type Sandbox } from '../src/sandbox/index.js';
import { freshKey } from './helpers/fixtures.js';
import { createModels } from './helpers/sandbox-rest.js';

/** Collects the JSON log lines an app writes. */
function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, raw, logger: createLogger({ level: 'info', destination }) };
}

const post = (app: App, key: string, body: unknown, headers: Record<string, string> = {}) =>
  app.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify(body),
  });

/** What Prometheus sends to read /metrics. */
const SCRAPE_TOKEN = 'prometheus-scrape-token';
const SCRAPE = { headers: { authorization: `Bearer ${SCRAPE_TOKEN}` } };

describe('operations: logs, metrics, health', () => {
  let sandbox: Sandbox;
  let app: App;
  const logs = captureLogs();
  const key = freshKey('observed');
  let id: string;

  beforeAll(async () => {
    sandbox = createSandbox({ seedDemoData: false });
    await sandbox.start();
    app = createApp({
      config: loadConfig({ GRAPHIQL: 'false', UPSTREAM_RETRY_BASE_MS: '1', UPSTREAM_RETRY_MAX_MS: '2', METRICS_TOKEN: SCRAPE_TOKEN }),
      upstreamUrl: sandbox.url,
      logger: logs.logger,
    });
    [id] = (await createModels(sandbox.url, key, 1)) as [string];
  });
  afterAll(async () => {
    await app.stop();
    await sandbox.stop();
  });

  it('logs each operation as one JSON line with its request id, name, duration and upstream calls', async () => {
    const response = await post(
      app,
      key,
      { query: 'query WatchedModel($id: ID!) { finetunedModel(id: $id) { name events { totalCount } } }', variables: { id } },
      { 'x-request-id': 'req-123' },
    );
    expect(response.headers.get('x-request-id')).toBe('req-123');
    const line = logs.lines.find((l) => l.msg === 'operation' && l.requestId === 'req-123');
    expect(line).toMatchObject({ operationName: 'WatchedModel', operationType: 'query', upstreamCalls: 2, level: 30 });
    expect(typeof line!.durationMs).toBe('number');
  });

  it('makes up a request id when the caller sends none or a strange one', async () => {
    const response = await post(app, key, { query: '{ finetunedModels(first: 1) { totalCount } }' }, { 'x-request-id': 'bad id\u0001' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes a key or a secret to the logs or the metrics', async () => {
    await post(app, key, {
      query: 'mutation($i: CreateFinetunedModelInput!) { createFinetunedModel(input: $i) { __typename } }',
      variables: {
        i: {
          name: 'secret-holder',
          settings: { baseModel: { baseType: 'CHAT' }, datasetId: 'd', wandb: { project: 'p', apiKey: 'wandb-top-secret' } },
        },
      },
    });
    await post(app, 'another-secret-key', { query: '{ finetunedModels { totalCount } }' }, { authorization: 'Basic not-a-bearer' });
    const metrics = await (await app.fetch('http://gateway.test/metrics', SCRAPE)).text();
    for (const secret of [key, 'wandb-top-secret', 'another-secret-key', 'not-a-bearer']) {
      expect(logs.raw.join('\n')).not.toContain(secret);
      expect(metrics).not.toContain(secret);
    }
  });

  it('exports operation durations, upstream calls, retries, breaker state, subscriptions and pollers', async () => {
    sandbox.faults.set([{ routes: ['getModel'], status: 503, times: 1 }]);
    await post(app, key, { query: 'query RetriedRead($id: ID!) { finetunedModel(id: $id) { id } }', variables: { id } });
    sandbox.faults.clear();
    const response = await app.fetch('http://gateway.test/metrics', SCRAPE);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{operation_name="RetriedRead",operation_type="query",outcome="ok"\} 1/);
    expect(text).toMatch(/upstream_calls_total\{route="getModel",status="503"\} 1/);
    expect(text).toMatch(/upstream_calls_total\{route="getModel",status="200"\} \d+/);
    expect(text).toMatch(/upstream_retries_total\{route="getModel"\} 1/);
    expect(text).toMatch(/upstream_breaker_state 0/);
    expect(text).toMatch(/graphql_subscriptions_active 0/);
    expect(text).toMatch(/subscription_pollers_active 0/);
  });

  it("logs a subscription's start and its end, however it ends, and counts it active in between", async () => {
    const active = async () => /graphql_subscriptions_active (\d+)/.exec(await (await app.fetch('http://gateway.test/metrics', SCRAPE)).text())?.[1];
    const subscribe = async (requestId: string, model: string) => {
      const response = await post(
        app,
        key,
        { query: 'subscription Followed($id: ID!) { finetunedModelStatusChanged(id: $id) { status } }', variables: { id: model } },
        { 'x-request-id': requestId, accept: 'text/event-stream' },
      );
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!text.includes('data:')) text += (await reader.read()).value ?? '';
      return { text, leave: () => reader.cancel() };
    };
    const linesOf = (requestId: string) => logs.lines.filter((line) => line.requestId === requestId).map((line) => line.msg);

    // One that runs until its client leaves.
    const followed = await subscribe('sub-left', id);
    expect(followed.text).toContain('"status":"QUEUED"');
    expect(linesOf('sub-left')).toEqual(['subscription started']);
    expect(await active()).toBe('1');
    await followed.leave();
    await vi.waitFor(() => expect(linesOf('sub-left')).toEqual(['subscription started', 'subscription ended']));
    expect(logs.lines.find((line) => line.requestId === 'sub-left' && line.msg === 'subscription ended')?.durationMs).toBeGreaterThan(0);
    expect(await active()).toBe('0');

    // One that ends by itself: the model does not exist.
    const missing = await subscribe('sub-missing', 'no-such-model');
    expect(missing.text).toContain('NOT_FOUND');
    await vi.waitFor(() => expect(linesOf('sub-missing')).toEqual(['subscription started', 'subscription ended']));
    expect(await active()).toBe('0');
  });

  it('answers /healthz, and /readyz while the upstream answers', async () => {
    expect(await (await app.fetch('http://gateway.test/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.fetch('http://gateway.test/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { shutdown: 'ok', upstream: 'ok', breaker: 'ok' } });
  });

  it('is not ready when the upstream cannot be reached', async () => {
    const lonely = createApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), upstreamUrl: 'http://127.0.0.1:9' });
    const ready = await lonely.fetch('http://gateway.test/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not ready', checks: { upstream: 'failing' } });
    await lonely.stop();
  });
});

describe('graceful shutdown', () => {
  it('fails readiness, finishes every accepted operation, refuses new connections and exits in time', async () => {
    const sandbox = createSandbox({ seedDemoData: false, faults: [{ routes: ['getModel'], latencyMs: 600 }] });
    await sandbox.start();
    const key = freshKey('draining');
    const [id] = await createModels(sandbox.url, key, 1);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: '0', COHERE_BASE_URL: sandbox.url, LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '5000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // A failing assertion must not leave the gateway running.
    onTestFinished(() => void child.kill('SIGKILL'));
    let output = '';
    const url = await new Promise<string>((resolve) => {
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const match = /ready: (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
    });
    const origin = new URL(url).origin;
    // Each request reads its own model and a model of its own caller, so none is collapsed into another.
    const query = (n: number) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({
          query: `query Slow${n}($id: ID!, $other: ID!) { finetunedModel(id: $id) { id } other: finetunedModel(id: $other) { id } }`,
          variables: { id, other: `missing-${n}` },
        }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { data?: { finetunedModel: { id: string } } } }));

    const accepted = Array.from({ length: 20 }, (_, n) => query(n));
    while (sandbox.calls.count({ route: 'getModel' }) < 20) await new Promise((r) => setTimeout(r, 10));
    const stoppedAt = Date.now();
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    const readyDuringDrain = await fetch(`${origin}/readyz`).then((r) => r.status, () => 'refused');
    expect(['refused', 503]).toContain(readyDuringDrain);

    const results = await Promise.all(accepted);
    for (const result of results) {
      expect(result.status).toBe(200);
      expect(result.body.data?.finetunedModel.id).toBe(id);
    }
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    await expect(fetch(`${origin}/healthz`)).rejects.toThrow();
    await sandbox.stop();
  });
});
