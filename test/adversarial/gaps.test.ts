// Smaller gaps, each closed: the operation log records the codes clients received, the micro-cache keeps only
// answers that converted cleanly, slow clients are cut by the server's timeouts, requests for a host name the
// gateway does not serve are refused (DNS rebinding), and credential hashes in Redis are keyed.
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { hashCredential } from '../../src/upstream/credential.js';
import { freshKey } from '../helpers/fixtures.js';
import { gatewayOn, startGateway, type TestGateway } from '../helpers/gateway.js';
import { RedisServer, redisServerInstalled } from '../helpers/redis.js';
import { createModels } from '../helpers/sandbox-rest.js';
import { faithful, json, startHostileUpstream, wireModel } from '../helpers/hostile-upstream.js';

describe('the operation log', () => {
  it('records the error codes its clients received', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const upstream = await startHostileUpstream();
    const app = createApp({
      config: loadConfig({ LOG_LEVEL: 'info', GRAPHIQL: 'false', COHERE_BASE_URL: upstream.url, UPSTREAM_MAX_RETRIES: '0' }),
      upstreamUrl: upstream.url,
      logger: createLogger({ level: 'info', destination }),
    });
    try {
      upstream.answer((request, res) => (request.key === 'limited' ? json(res, 429, { message: 'slow down' }) : faithful(request, res)));
      const cases: [string, string | null][] = [
        ['query Cursor { finetunedModels(after: "forged") { totalCount } }', 'k'],
        ['query Limited { finetunedModel(id: "m1") { id } }', 'limited'],
        ['query Nobody { finetunedModel(id: "m1") { id } }', null],
        ['query Fine { finetunedModel(id: "m1") { id } }', 'k'],
      ];
      const received: string[][] = [];
      for (const [query, key] of cases) {
        const response = await app.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
          body: JSON.stringify({ query }),
        });
        const body = (await response.json()) as { errors?: { extensions: { code: string } }[] };
        received.push((body.errors ?? []).map((error) => error.extensions.code));
      }
      expect(received).toEqual([['BAD_USER_INPUT'], ['RATE_LIMITED'], ['UNAUTHENTICATED'], []]);
      await vi.waitFor(() => expect(lines.filter((line) => line.msg === 'operation')).toHaveLength(4));
      const logged = lines.filter((line) => line.msg === 'operation').map((line) => (line.errorCodes as string[] | undefined) ?? []);
      expect(logged).toEqual(received);
    } finally {
      await app.stop();
      await upstream.stop();
    }
  });
});

describe('the micro-cache', () => {
  it('keeps only answers that converted cleanly', async () => {
    const upstream = await startHostileUpstream();
    const gateway = gatewayOn(upstream.url, { UPSTREAM_MICROCACHE_MS: '60000', UPSTREAM_MAX_RETRIES: '0' });
    try {
      let malformed = true;
      upstream.answer((request, res) => {
        if (!malformed) return faithful(request, res);
        malformed = false;
        // Valid JSON of the wrong shape: a model without an id.
        return json(res, 200, { finetuned_model: { ...wireModel('m1'), id: undefined } });
      });
      const read = () => gateway.execute('query { finetunedModel(id: "m1") { id } }', {}, 'key');
      expect((await read()).errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
      expect((await read()).data).toEqual({ finetunedModel: { id: 'm1' } });
      expect(upstream.requests).toHaveLength(2);
      // A clean answer is kept.
      expect((await read()).data).toEqual({ finetunedModel: { id: 'm1' } });
      expect(upstream.requests).toHaveLength(2);
    } finally {
      await gateway.stop();
      await upstream.stop();
    }
  });
});

describe('slow clients', () => {
  let gw: TestGateway;
  let port: number;
  beforeAll(async () => {
    gw = await startGateway({ env: { HTTP_HEADERS_TIMEOUT_MS: '400', HTTP_REQUEST_TIMEOUT_MS: '800' } });
    port = Number(new URL(await gw.app.start(0, '127.0.0.1')).port);
  });
  afterAll(() => gw.stop());

  /** Opens a raw connection, sends `first`, then `drip` every 100 ms; resolves with what came back and when it closed. */
  const trickle = (first: string, drip: string) =>
    new Promise<{ answer: string; afterMs: number }>((resolve) => {
      const started = Date.now();
      const socket = connect(port, '127.0.0.1', () => socket.write(first));
      let answer = '';
      const timer = setInterval(() => socket.writable && socket.write(drip), 100);
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ answer, afterMs: Date.now() - started });
      });
    });

  it('cuts a client that sends its headers a byte at a time (slowloris)', async () => {
    const { answer, afterMs } = await trickle('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'x');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeLessThan(3_000);
  });

  it('cuts a client that sends its body a byte at a time', async () => {
    const head = 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n';
    const { afterMs } = await trickle(head, ' ');
    expect(afterMs).toBeLessThan(4_000);
  });
});

describe('host names', () => {
  it('refuses HTTP requests and upgrades for a host name the gateway does not serve (DNS rebinding)', async () => {
    const gw = await startGateway();
    try {
      const url = new URL(await gw.app.start(0, '127.0.0.1'));
      const asked = (host: string) =>
        new Promise<number>((resolve) => {
          const body = '{"query":"{ __typename }"}';
          const head = `POST /graphql HTTP/1.1\r\nHost: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`;
          const socket = connect(Number(url.port), '127.0.0.1', () => socket.write(head + body));
          let answer = '';
          socket.on('data', (chunk) => (answer += chunk.toString()));
          socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1])));
        });
      expect(await asked(`evil.example:${url.port}`)).toBe(421);
      expect(await asked(`localhost:${url.port}`)).toBe(200);
      expect(await asked(`127.0.0.1:${url.port}`)).toBe(200);

      const upgrade = (host: string) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`ws://127.0.0.1:${url.port}/graphql`, 'graphql-transport-ws', { headers: { host }, origin: `http://${host}` });
          socket.on('open', () => {
            socket.close();
            resolve('open');
          });
          socket.on('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
          socket.on('error', () => resolve('refused'));
        });
      expect(await upgrade(`evil.example:${url.port}`)).toMatch(/^refused/);
      expect(await upgrade(`localhost:${url.port}`)).toBe('open');
    } finally {
      await gw.stop();
    }
  });

  it('accepts every host name with ALLOWED_HOSTS=*', async () => {
    const gw = await startGateway({ env: { ALLOWED_HOSTS: '*' } });
    try {
      const response = await gw.app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { host: 'any.example', 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.status).toBe(200);
    } finally {
      await gw.stop();
    }
  });
});

describe.skipIf(!redisServerInstalled())('credential hashes in Redis', () => {
  it('are keyed with CREDENTIAL_HASH_SECRET: neither the key nor its plain SHA-256 is stored', async () => {
    const redis = await RedisServer.start();
    const secret = 'a-fleet-wide-credential-hash-secret-0001';
    const gw = await startGateway({ env: { REDIS_URL: redis.url, CREDENTIAL_HASH_SECRET: secret, POLL_INTERVAL_ACTIVE_MS: '50' } });
    const key = freshKey('hashed');
    const controller = new AbortController();
    try {
      const [id] = await createModels(gw.sandbox.url, key, 1);
      const url = await gw.app.start(0, '127.0.0.1');
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: `subscription { finetunedModelStatusChanged(id: "${id}") { status } }` }),
        signal: controller.signal,
      });
      void response.body?.getReader().read().catch(() => undefined);
      await vi.waitFor(async () => expect(Object.keys(await redis.contents()).length).toBeGreaterThan(0));
      const stored = JSON.stringify(await redis.contents());
      expect(stored).toContain(hashCredential(key, secret));
      expect(stored).not.toContain(hashCredential(key));
      expect(stored).not.toContain(key);
    } finally {
      controller.abort();
      await gw.stop();
      await redis.kill();
    }
  });
});
