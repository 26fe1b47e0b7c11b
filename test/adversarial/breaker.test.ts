// One tenant must never open the circuit breaker for the others: not with a credential the HTTP client refuses to
// send, and not with answers that concern its own key alone (4xx). Only upstream faults count.
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { gatewayOn, type GatewayOn } from '../helpers/gateway.js';
import { faithful, json, startHostileUpstream, type HostileUpstream } from '../helpers/hostile-upstream.js';

const READ = 'query Read($id: ID!) { finetunedModel(id: $id) { id name } }';

const HOSTILE_KEYS: [string, string][] = [
  ['a control character', 'x\u0001y'],
  ['a character outside Latin-1', 'clé-€-key'],
  ['a space inside', 'two words'],
  ['20 KB', 'k'.repeat(20_000)],
];

describe('credentials the HTTP client would refuse to send', () => {
  let upstream: HostileUpstream;
  let gateway: GatewayOn;
  let url: string;

  beforeAll(async () => {
    upstream = await startHostileUpstream();
    // A breaker that opens after two faults: under the old behaviour two hostile reads were enough.
    gateway = gatewayOn(upstream.url, { BREAKER_FAILURES: '2', BREAKER_HALF_OPEN_MS: '60000', UPSTREAM_RETRY_BASE_MS: '1' });
    url = await gateway.app.start(0, '127.0.0.1');
  });
  afterAll(async () => {
    await gateway.stop();
    await upstream.stop();
  });

  /** Subscribes over a raw graphql-ws socket with `authorization` and resolves with how the socket ended. */
  const overWebSocket = (authorization: string) =>
    new Promise<{ code: number; messages: unknown[] }>((resolve) => {
      const socket = new WebSocket(url.replace('http', 'ws'), 'graphql-transport-ws');
      const messages: unknown[] = [];
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: authorization } })));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string };
        messages.push(message);
        if (message.type === 'connection_ack') {
          for (const id of ['1', '2']) {
            socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: READ, variables: { id: 'm1' } } }));
          }
        }
      });
      socket.on('close', (code) => resolve({ code, messages }));
    });

  it.each(HOSTILE_KEYS)('refuses a key with %s over HTTP (401) and over WebSocket (4403), before any upstream call', async (_what, key) => {
    const before = upstream.requests.length;
    for (let i = 0; i < 3; i += 1) {
      const response = await gateway.app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: READ, variables: { id: 'm1' } }),
      });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
    const socket = await overWebSocket(`Bearer ${key}`);
    expect(socket.code).toBe(4403);
    expect(upstream.requests.length).toBe(before);
  });

  it('then serves 100 reads of another tenant, and stays ready', async () => {
    for (const [, key] of HOSTILE_KEYS) await overWebSocket(`Bearer ${key}`);
    for (let i = 0; i < 100; i += 1) {
      const { errors, data } = await gateway.execute(READ, { id: `m${i}` }, 'good-tenant-key');
      expect(errors).toBeUndefined();
      expect(data).toEqual({ finetunedModel: { id: `m${i}`, name: `model-m${i}` } });
    }
    expect((await fetch(new URL('/readyz', url))).status).toBe(200);
  });
});

describe("answers that concern one caller's key", () => {
  let upstream: HostileUpstream;
  let gateway: GatewayOn;

  beforeAll(async () => {
    upstream = await startHostileUpstream();
    gateway = gatewayOn(upstream.url, { BREAKER_FAILURES: '3', BREAKER_HALF_OPEN_MS: '60000', UPSTREAM_MAX_RETRIES: '0' });
  });
  afterEach(() => upstream.answer(faithful));
  afterAll(async () => {
    await gateway.stop();
    await upstream.stop();
  });

  /** Key `bad` gets `status`; every other key the faithful answer. */
  const refuseOneKey = (status: number) =>
    upstream.answer((request, res: ServerResponse) =>
      request.key === 'bad' ? json(res, status, { message: 'no' }, status === 429 ? { 'retry-after': '1' } : {}) : faithful(request, res),
    );

  it.each([400, 401, 403, 404, 409, 422, 429, 418, 451])(
    'never open the breaker for the others when one key keeps getting %i',
    async (status) => {
      refuseOneKey(status);
      for (let i = 0; i < 10; i += 1) {
        const { errors, data } = await gateway.execute(READ, { id: 'm1' }, 'bad');
        // A missing model reads as null; every other refusal is an error with a code that is not an upstream fault.
        if (status === 404) expect(data).toEqual({ finetunedModel: null });
        else expect(errors![0]!.extensions!.code).not.toMatch(/^UPSTREAM_(ERROR|UNAVAILABLE|TIMEOUT)$/);
      }
      const { errors } = await gateway.execute(READ, { id: 'm2' }, 'good');
      expect(errors).toBeUndefined();
      expect((await gateway.app.fetch('http://gateway.test/readyz')).status).toBe(200);
    },
  );

  it('start the count of consecutive faults over: two faults, an answer, two faults leave the breaker closed', async () => {
    let failNext = 0;
    upstream.answer((request, res) => {
      if (failNext > 0) {
        failNext -= 1;
        return json(res, 500, { message: 'boom' });
      }
      return request.key === 'bad' ? json(res, 404, { message: 'not found' }) : faithful(request, res);
    });
    failNext = 2;
    for (let i = 0; i < 2; i += 1) expect((await gateway.execute(READ, { id: 'm1' }, 'good')).errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
    expect((await gateway.execute(READ, { id: 'm1' }, 'bad')).data).toEqual({ finetunedModel: null });
    failNext = 2;
    for (let i = 0; i < 2; i += 1) expect((await gateway.execute(READ, { id: 'm1' }, 'good')).errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
    expect((await gateway.execute(READ, { id: 'm3' }, 'good')).errors).toBeUndefined();
  });
});
