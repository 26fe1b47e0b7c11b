import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { createClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { graphql } from './gql/index.js';
import { freshKey } from './helpers/fixtures.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { createModels } from './helpers/sandbox-rest.js';

const SECRET = 'a-shared-secret-that-is-long-enough-for-hs256';
const SERVER_KEY = 'server-side-cohere-key';

const ListNames = graphql(`
  query SecuredList {
    finetunedModels(first: 5) { totalCount edges { node { name } } }
  }
`);

const Rename = graphql(`
  mutation SecuredRename($input: UpdateFinetunedModelInput!) {
    updateFinetunedModel(input: $input) { __typename }
  }
`);

const token = (claims: Record<string, unknown>, options: { secret?: string; expiresIn?: string; audience?: string } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(claims.sub ?? 'user-1'))
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .setAudience(options.audience ?? 'finetuning-gateway')
    .sign(new TextEncoder().encode(options.secret ?? SECRET));

describe('server key with JWT callers', () => {
  let gw: TestGateway;
  let modelId: string;

  beforeAll(async () => {
    gw = await startGateway({
      env: { AUTH_MODE: 'jwt', COHERE_API_KEY: SERVER_KEY, JWT_SECRET: SECRET, JWT_AUDIENCE: 'finetuning-gateway' },
    });
    [modelId] = (await createModels(gw.sandbox.url, SERVER_KEY, 2)) as [string];
  });
  afterAll(() => gw.stop());

  const calls = () => gw.sandbox.calls.count();

  it('serves a reader with the server key', async () => {
    gw.sandbox.calls.reset();
    const { data, errors } = await gw.execute(ListNames, {}, await token({ scope: 'finetuning:read' }));
    expect(errors).toBeUndefined();
    expect(data!.finetunedModels!.totalCount).toBe(2);
    expect(gw.sandbox.calls.count({ key: SERVER_KEY })).toBe(gw.sandbox.calls.count());
  });

  it('answers UNAUTHENTICATED to a request without a token, with no upstream call', async () => {
    gw.sandbox.calls.reset();
    const { errors } = await gw.execute(ListNames, {}, null);
    expect(errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(calls()).toBe(0);
  });

  it.each([
    ['a token signed with another secret', () => token({ scope: 'finetuning:read' }, { secret: 'x'.repeat(48) })],
    ['an expired token', () => token({ scope: 'finetuning:read' }, { expiresIn: '-1m' })],
    ['a token for another audience', () => token({ scope: 'finetuning:read' }, { audience: 'someone-else' })],
    ['a string that is no token', async () => 'not.a.jwt'],
    ['the Cohere key itself', async () => SERVER_KEY],
  ])('refuses %s with 401 UNAUTHENTICATED and no upstream call', async (_what, make) => {
    gw.sandbox.calls.reset();
    const result = await gw.execute(ListNames, {}, await make());
    expect(result.status).toBe(401);
    expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
    expect(JSON.stringify(result)).not.toMatch(/signature|expired|audience|jws/i);
    expect(calls()).toBe(0);
  });

  it('answers FORBIDDEN to a read-only caller attempting a mutation, with no upstream call', async () => {
    gw.sandbox.calls.reset();
    const result = await gw.execute(Rename, { input: { id: modelId, name: 'x' } }, await token({ scope: 'finetuning:read' }));
    expect(result.status).toBe(403);
    expect(result.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(calls()).toBe(0);
  });

  it('lets a caller with the write scope change a model', async () => {
    const result = await gw.execute(Rename, { input: { id: modelId, name: 'renamed' } }, await token({ scp: ['finetuning:write'] }));
    expect(result.data!.updateFinetunedModel!.__typename).toBe('UpdateFinetunedModelPayload');
  });

  it('keeps the idempotency keys of two callers apart even though they share the server key', async () => {
    const create = graphql(`
      mutation SecuredCreate($input: CreateFinetunedModelInput!) {
        createFinetunedModel(input: $input) { ... on CreateFinetunedModelPayload { replayed } }
      }
    `);
    const input = { name: 'shared', idempotencyKey: 'same-key', settings: { baseModel: { baseType: 'CHAT' as const }, datasetId: 'd' } };
    const first = await gw.execute(create, { input }, await token({ sub: 'alice', scope: 'finetuning:write' }));
    const second = await gw.execute(create, { input }, await token({ sub: 'bob', scope: 'finetuning:write' }));
    expect(first.data!.createFinetunedModel).toEqual({ replayed: false });
    expect(second.data!.createFinetunedModel).toEqual({ replayed: false });
  });
});

describe('JWT callers verified against a JWKS URL', () => {
  it('accepts a token signed by a key the JWKS publishes', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const gw = await startGateway({
      env: {
        AUTH_MODE: 'jwt',
        COHERE_API_KEY: SERVER_KEY,
        JWT_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
        JWT_ISSUER: 'https://issuer.test',
      },
    });
    const signed = await new SignJWT({ scope: 'finetuning:read' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://issuer.test')
      .setSubject('carol')
      .setExpirationTime('5m')
      .sign(privateKey);
    const { errors, data } = await gw.execute(ListNames, {}, signed);
    expect(errors).toBeUndefined();
    expect(data!.finetunedModels!.totalCount).toBe(0);
    await gw.stop();
    await new Promise((resolve) => jwks.close(resolve));
  });
});

describe('what a query may cost', () => {
  let gw: TestGateway;
  const key = freshKey('costly');
  beforeAll(async () => {
    gw = await startGateway({ env: { MAX_DEPTH: '6', MAX_ALIASES: '3', MAX_TOKENS: '300', MAX_DIRECTIVES: '2', MAX_QUERY_COST: '60' } });
    await createModels(gw.sandbox.url, key, 1);
  });
  afterAll(() => gw.stop());

  const post = async (query: string) => {
    gw.sandbox.calls.reset();
    const response = await gw.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
  };

  it.each([
    ['too deep', '{ finetunedModels { edges { node { settings { baseModel { name } } events { edges { node { status } } } } } } }', /depth/i],
    ['too many aliases', '{ a: finetunedModel(id: "a") { id } b: finetunedModel(id: "b") { id } c: finetunedModel(id: "c") { id } d: finetunedModel(id: "d") { id } }', /alias/i],
    ['too many tokens', `{ finetunedModels { edges { node { ${'name '.repeat(300)} } } } }`, /token/i],
    ['too many directives', '{ finetunedModels @include(if: true) { totalCount @include(if: true) @skip(if: false) } }', /directive/i],
  ])('rejects a document that is %s, with zero upstream calls', async (_what, query, message) => {
    const { body } = await post(query);
    expect(body.data ?? null).toBeNull();
    expect(body.errors![0]!.message).toMatch(message);
    expect(body.errors![0]!.extensions?.code).toMatch(/^(QUERY_TOO_COMPLEX|GRAPHQL_PARSE_FAILED)$/);
    expect(gw.sandbox.calls.count()).toBe(0);
  });

  it('rejects an operation whose estimated upstream calls exceed the limit, with zero upstream calls', async () => {
    const { body } = await post('{ finetunedModels(first: 30) { edges { node { events(first: 5) { totalCount } stepMetrics(first: 5) { edges { cursor } } } } } }');
    expect(body.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.errors![0]!.message).toContain('61');
    expect(gw.sandbox.calls.count()).toBe(0);
  });

  it('runs an operation within the limit', async () => {
    const { body } = await post('{ finetunedModels(first: 20) { edges { node { events(first: 5) { totalCount } } } } }');
    expect(body.errors).toBeUndefined();
  });
});

describe('HTTP hygiene', () => {
  let gw: TestGateway;
  const key = freshKey('hygiene');
  beforeAll(async () => {
    gw = await startGateway({ env: { CORS_ORIGINS: 'https://app.example', MAX_BODY_BYTES: '2000', INTROSPECTION: 'false' } });
  });
  afterAll(() => gw.stop());

  const request = (init: RequestInit & { path?: string } = {}) =>
    gw.app.fetch(`http://gateway.test${init.path ?? '/graphql'}`, init);

  it('refuses a GET query without the CSRF header, and serves it with the header', async () => {
    const path = `/graphql?query=${encodeURIComponent('{ __typename }')}`;
    expect((await request({ path, headers: { accept: 'application/json' } })).status).toBe(403);
    const allowed = await request({ path, headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' } });
    expect(allowed.status).toBe(200);
  });

  it('answers CORS for an allowed origin only', async () => {
    const preflight = (origin: string) =>
      request({ method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const allowed = await preflight('https://app.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('*');
  });

  it('refuses a body over the size limit', async () => {
    const response = await request({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(3000)}` }),
    });
    expect(response.status).toBe(413);
  });

  it('does not accept multipart requests', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: '{ __typename }' }));
    form.set('map', '{}');
    const response = await request({ method: 'POST', body: form, headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('hides the schema and field suggestions when introspection is off', async () => {
    const post = async (query: string) =>
      (await (
        await request({ method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query }) })
      ).json()) as { errors?: { message: string }[] };
    expect((await post('{ __schema { types { name } } }')).errors).toBeDefined();
    const typo = await post('{ finetunedModelz { totalCount } }');
    expect(typo.errors![0]!.message).not.toMatch(/did you mean/i);
  });
});

describe('WebSocket hygiene', () => {
  let gw: TestGateway;
  let url: string;
  const opened: WebSocket[] = [];
  beforeAll(async () => {
    gw = await startGateway({
      env: {
        AUTH_MODE: 'jwt',
        COHERE_API_KEY: SERVER_KEY,
        JWT_SECRET: SECRET,
        WS_MAX_MESSAGE_BYTES: '4096',
        WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '2',
        WS_MAX_CONNECTIONS_PER_CALLER: '2',
        CORS_ORIGINS: 'https://app.example',
      },
    });
    url = (await gw.app.start(0, '127.0.0.1')).replace('http', 'ws');
  });
  afterEach(() => {
    for (const socket of opened.splice(0)) socket.close();
  });
  afterAll(() => gw.stop());

  /** Opens a raw graphql-ws socket and resolves with how it ended or was acknowledged. */
  const connect = (init: { payload?: unknown; origin?: string; first?: string }) =>
    new Promise<{ acked: boolean; closeCode?: number; socket: WebSocket }>((resolve) => {
      const socket = new WebSocket(url, 'graphql-transport-ws', init.origin ? { origin: init.origin } : {});
      opened.push(socket);
      socket.on('open', () => socket.send(init.first ?? JSON.stringify({ type: 'connection_init', payload: init.payload })));
      socket.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'connection_ack') resolve({ acked: true, socket });
      });
      socket.on('close', (code) => resolve({ acked: false, closeCode: code, socket }));
      socket.on('error', () => resolve({ acked: false, socket }));
    });

  it('authenticates at connection init and closes a socket with a bad token', async () => {
    expect((await connect({ payload: { Authorization: 'Bearer nonsense' } })).closeCode).toBe(4403);
    expect((await connect({ payload: { Authorization: `Bearer ${await token({ scope: 'finetuning:read' })}` } })).acked).toBe(true);
  });

  it('refuses an upgrade from a page of another origin', async () => {
    const result = await connect({ origin: 'https://evil.example', payload: {} });
    expect(result.acked).toBe(false);
    expect((await connect({ origin: 'https://app.example', payload: {} })).acked).toBe(true);
  });

  it('closes a socket that sends a message over the size limit', async () => {
    const result = await connect({ first: JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(5000) } }) });
    expect(result.acked).toBe(false);
    expect(result.closeCode).toBe(1009);
  });

  it('caps the connections of one caller', async () => {
    const auth = { Authorization: `Bearer ${await token({ sub: 'dave', scope: 'finetuning:read' })}` };
    expect((await connect({ payload: auth })).acked).toBe(true);
    expect((await connect({ payload: auth })).acked).toBe(true);
    expect((await connect({ payload: auth })).closeCode).toBe(4403);
  });

  it('caps the subscriptions on one socket with LIMIT_EXCEEDED', async () => {
    const [id] = await createModels(gw.sandbox.url, SERVER_KEY, 1);
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${await token({ sub: 'erin', scope: 'finetuning:read' })}` },
    });
    const query = `subscription { finetunedModelStatusChanged(id: "${id}") { status } }`;
    const outcomes: unknown[] = [];
    const subscribe = () =>
      new Promise<void>((resolve) => {
        client.subscribe({ query }, { next: () => resolve(), error: (error) => (outcomes.push(error), resolve()), complete: () => resolve() });
      });
    await subscribe();
    await subscribe();
    await subscribe();
    expect(JSON.stringify(outcomes), JSON.stringify(outcomes)).toContain('LIMIT_EXCEEDED');
    await client.dispose();
  });
});
