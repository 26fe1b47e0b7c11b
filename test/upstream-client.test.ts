import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpstreamClient } from '../src/upstream/client.js';
import type { FinetunedModelWrite } from '../src/finetuning/model.js';
import { GatewayError } from '../src/errors.js';
import { createSandbox, type Sandbox } from '../src/sandbox/index.js';
import { apiFor, testClient } from './helpers/client.js';
import { freshKey } from './helpers/fixtures.js';

const write: FinetunedModelWrite = {
  name: 'client-test',
  settings: {
    baseModel: { baseType: 'CHAT' },
    datasetId: 'dataset-1',
    hyperparameters: { trainEpochs: 2, learningRate: 0.01, loraTargetModules: 'QKVO' },
    wandb: { project: 'p', entity: 'e', apiKey: 'wandb-secret' },
  },
};

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; retryAfterSeconds?: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    const e = error as GatewayError;
    return { code: e.code, retryAfterSeconds: e.retryAfterSeconds, message: e.message };
  }
  throw new Error('expected the call to fail');
}

describe('the Cohere client', () => {
  let sandbox: Sandbox;
  let client: UpstreamClient;

  beforeAll(async () => {
    sandbox = createSandbox({ seedDemoData: false });
    await sandbox.start();
    // No retries and no breaker here: each test looks at what one upstream answer becomes.
    client = testClient(sandbox.url, { resilience: { maxRetries: 0, breakerFailures: 1000 } });
  });
  afterAll(async () => {
    await client.close();
    await sandbox.stop();
  });

  it('runs all seven operations on their documented paths with the key and client name', async () => {
    const key = freshKey();
    const api = apiFor(client, key);
    sandbox.calls.reset();
    const created = await api.createModel(write);
    expect(created.settings.wandb).toEqual({ project: 'p', entity: 'e' });
    expect(JSON.stringify(created)).not.toContain('wandb-secret');
    expect(created.settings.hyperparameters).toMatchObject({ trainEpochs: 2, learningRate: 0.01, loraTargetModules: 'QKVO' });
    expect((await api.getModel(created.id)).name).toBe('client-test');
    const listed = await api.listModels({ pageSize: 10, pageToken: null, order: 'DESC' });
    expect(listed).toMatchObject({ totalSize: 1, nextPageToken: null });
    const updated = await api.updateModel(created.id, { ...write, name: 'renamed' });
    expect(updated.name).toBe('renamed');
    const events = await api.listEvents(created.id, { pageSize: 10, pageToken: null, order: 'ASC' });
    expect(events.items[0]?.status).toBe('QUEUED');
    const metrics = await api.listStepMetrics(created.id, { pageSize: 10, pageToken: null });
    expect(metrics.totalSize).toBeNull();
    await api.deleteModel(created.id);

    expect(sandbox.calls.count({ key })).toBe(7);
    const calls = sandbox.calls.list();
    expect(calls.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toEqual([
      'POST /v1/finetuning/finetuned-models',
      `GET /v1/finetuning/finetuned-models/${created.id}`,
      'GET /v1/finetuning/finetuned-models',
      `PATCH /v1/finetuning/finetuned-models/${created.id}`,
      `GET /v1/finetuning/finetuned-models/${created.id}/events`,
      `GET /v1/finetuning/finetuned-models/${created.id}/training-step-metrics`,
      `DELETE /v1/finetuning/finetuned-models/${created.id}`,
    ]);
    for (const call of calls) {
      expect(call.clientName).toBe('gateway-tests');
      expect(call.status).toBe(200);
    }
  });

  it.each([
    '../../other',
    '..',
    '.',
    'a/b',
    'a%2Fb',
    '%2e%2e',
    'a?x=1',
    'a#frag',
    '',
    ' ',
    'a\nb',
    '\u0000',
    'https://evil.example/',
    '//evil.example',
    'é',
    'x'.repeat(129),
  ])('never lets the id %j reach the upstream', async (id) => {
    sandbox.calls.reset();
    const api = apiFor(client, freshKey());
    for (const call of [
      () => api.getModel(id),
      () => api.deleteModel(id),
      () => api.updateModel(id, write),
      () => api.listEvents(id, { pageSize: 1, pageToken: null }),
      () => api.listStepMetrics(id, { pageSize: 1, pageToken: null }),
    ]) {
      expect((await codeOf(call())).code).toBe('BAD_USER_INPUT');
    }
    expect(sandbox.calls.count()).toBe(0);
  });

  it('maps every upstream failure to a stable code and a message of its own', async () => {
    const api = apiFor(client, freshKey());
    const cases: [number, string, number | undefined][] = [
      [429, 'RATE_LIMITED', 7],
      [500, 'UPSTREAM_ERROR', undefined],
      [502, 'UPSTREAM_UNAVAILABLE', undefined],
      [503, 'UPSTREAM_UNAVAILABLE', 3],
      [504, 'UPSTREAM_TIMEOUT', undefined],
      [408, 'UPSTREAM_TIMEOUT', undefined],
    ];
    for (const [status, code, retryAfterSeconds] of cases) {
      sandbox.faults.set([{ status: status as 429, retryAfterSeconds, times: 1 }]);
      const error = await codeOf(api.getModel('some-id'));
      expect(error).toEqual({ code, retryAfterSeconds, message: expect.any(String) });
      expect(error.message).not.toMatch(/injected|sandbox/i);
    }
    sandbox.faults.clear();
  });

  it('maps the upstream’s own 400, 401, 403 and 404 answers', async () => {
    const key = freshKey();
    expect((await codeOf(apiFor(client, key).listModels({ pageSize: 10, pageToken: 'forged', order: 'ASC' }))).code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await codeOf(apiFor(client, 'has space').getModel('x'))).code).toBe('UNAUTHENTICATED');
    expect((await codeOf(apiFor(client, `ro-${key}`).createModel(write))).code).toBe('FORBIDDEN');
    expect((await codeOf(apiFor(client, key).getModel('no-such-model'))).code).toBe('NOT_FOUND');
  });

  it('turns a hanging upstream into UPSTREAM_TIMEOUT after its timeout', async () => {
    const impatient = testClient(sandbox.url, { timeoutMs: 200, resilience: { maxRetries: 0 } });
    sandbox.faults.set([{ hang: true, times: 1 }]);
    const started = Date.now();
    expect((await codeOf(apiFor(impatient, freshKey()).getModel('x'))).code).toBe('UPSTREAM_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2_000);
    sandbox.faults.clear();
    await impatient.close();
  });

  it('turns a body that stops arriving into UPSTREAM_TIMEOUT after its timeout', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"finetuned_model": {"id": "');
      // …and nothing more, with the connection left open.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const stalled = testClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { timeoutMs: 200, resilience: { maxRetries: 0 } });
    const started = Date.now();
    expect((await codeOf(apiFor(stalled, 'k').getModel('x'))).code).toBe('UPSTREAM_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2_000);
    await stalled.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('turns a malformed body into a masked UPSTREAM_ERROR', async () => {
    sandbox.faults.set([{ malformedBody: true, times: 1 }]);
    const error = await codeOf(apiFor(client, freshKey()).listModels({ pageSize: 1, pageToken: null }));
    expect(error.code).toBe('UPSTREAM_ERROR');
    sandbox.faults.clear();
  });

  it('turns an unexpected shape into UPSTREAM_ERROR', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ finetuned_models: 'not a list' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const odd = testClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    expect((await codeOf(apiFor(odd, 'k').listModels({ pageSize: 1, pageToken: null }))).code).toBe('UPSTREAM_ERROR');
    await odd.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps a base URL path prefix in front of every route', async () => {
    const paths: string[] = [];
    const server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const prefixed = testClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/cohere/`);
    await apiFor(prefixed, 'k').deleteModel('abc');
    expect(paths).toEqual(['/cohere/v1/finetuning/finetuned-models/abc']);
    await prefixed.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reports an unreachable upstream as UPSTREAM_UNAVAILABLE', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const gone = testClient(`http://127.0.0.1:${port}`, { resilience: { maxRetries: 0 } });
    expect((await codeOf(apiFor(gone, 'k').getModel('x'))).code).toBe('UPSTREAM_UNAVAILABLE');
    await gone.close();
  });
});
