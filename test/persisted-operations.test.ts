// Trusted documents: with PERSISTED_OPERATIONS=only the gateway runs the operations of a frontend's manifest
// (here the example dashboard's, written by codegen), sent by hash, over HTTP and graphql-ws alike, and refuses
// any other document before it costs an upstream call. `allow` takes both.
import { readFileSync } from 'node:fs';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { DASHBOARD_MANIFEST } from './helpers/fixtures.js';
import { freshKey } from './helpers/fixtures.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { createModels } from './helpers/sandbox-rest.js';

const manifest = JSON.parse(readFileSync(DASHBOARD_MANIFEST, 'utf8')) as Record<string, string>;

/** The hash under which the manifest keeps an operation of the dashboard. */
function hashOf(operationName: string): string {
  const entry = Object.entries(manifest).find(([, document]) => new RegExp(`(query|mutation|subscription) ${operationName}\\b`).test(document));
  if (!entry) throw new Error(`${operationName} is not in ${DASHBOARD_MANIFEST}`);
  return entry[0];
}

const byHash = (operationName: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(operationName) } } });
const ARBITRARY = '{ finetunedModels(first: 1) { totalCount } }';

interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function send(gateway: TestGateway, key: string, body: Record<string, unknown>): Promise<Answer> {
  const response = await gateway.app.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

const codesOf = (answer: Answer) => answer.errors?.map((error) => error.extensions?.code);

describe('a gateway that runs only trusted documents', () => {
  let gateway: TestGateway;
  let client: Client;
  const key = freshKey('trusted');

  beforeAll(async () => {
    gateway = await startGateway({ env: { PERSISTED_OPERATIONS: 'only', PERSISTED_OPERATIONS_MANIFEST: DASHBOARD_MANIFEST } });
    const url = await gateway.app.start(0, '127.0.0.1');
    client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${key}` },
      retryAttempts: 0,
    });
  });
  afterAll(async () => {
    await client.dispose();
    await gateway.stop();
  });

  it('runs an operation of the manifest sent by its hash alone', async () => {
    await createModels(gateway.sandbox.url, key, 2);
    const answer = await send(gateway, key, { ...byHash('DashboardModels'), variables: { first: 5 } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({ finetunedModels: { totalCount: 2 } });
  });

  it('refuses a document sent as text, before any upstream call', async () => {
    const before = gateway.sandbox.calls.count();
    const answer = await send(gateway, key, { query: ARBITRARY });
    expect(codesOf(answer)).toEqual(['PERSISTED_QUERY_ONLY']);
    expect(answer.data).toBeUndefined();
    expect(gateway.sandbox.calls.count()).toBe(before);
  });

  it('refuses a hash the manifest does not have', async () => {
    const answer = await send(gateway, key, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
    expect(answer.errors?.[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
  });

  it('applies the same rule over graphql-ws: a hash subscribes, a text is refused', async () => {
    const [id] = await createModels(gateway.sandbox.url, key, 1, 'watched');
    const first = await new Promise<unknown>((resolve, reject) => {
      const stop = client.subscribe(
        { query: '', variables: { id }, ...byHash('DashboardStatus') },
        { next: (message) => (stop(), resolve(message)), error: reject, complete: () => reject(new Error('completed')) },
      );
    });
    expect(first).toMatchObject({ data: { finetunedModelStatusChanged: { status: 'QUEUED', model: { id, name: 'watched-0' } } } });

    const refusal = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: ARBITRARY }, { next: () => resolve('ran'), error: resolve, complete: () => resolve('ran') });
    });
    expect(refusal).toEqual([expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_ONLY' } })]);
  });
});

describe('a gateway that allows trusted documents besides others', () => {
  let gateway: TestGateway;
  const key = freshKey('allow');

  beforeAll(async () => {
    gateway = await startGateway({ env: { PERSISTED_OPERATIONS: 'allow', PERSISTED_OPERATIONS_MANIFEST: DASHBOARD_MANIFEST } });
  });
  afterAll(() => gateway.stop());

  it('runs a hash of the manifest and a document sent as text alike', async () => {
    const persisted = await send(gateway, key, { ...byHash('DashboardModels'), variables: { first: 5 } });
    const text = await send(gateway, key, { query: ARBITRARY });
    expect(persisted.data).toMatchObject({ finetunedModels: { totalCount: 0 } });
    expect(text.data).toEqual({ finetunedModels: { totalCount: 0 } });
  });

  it('still refuses a hash it does not know', async () => {
    const answer = await send(gateway, key, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
    expect(codesOf(answer)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });
});

describe('persisted operations configuration', () => {
  it('refuses to start without a readable manifest, naming the variable', () => {
    const config = loadConfig({ PERSISTED_OPERATIONS: 'only', PERSISTED_OPERATIONS_MANIFEST: 'no/such/manifest.json' });
    expect(() => createApp({ config, upstreamUrl: 'http://127.0.0.1:9' })).toThrow(/PERSISTED_OPERATIONS_MANIFEST: cannot read no\/such\/manifest\.json/);
  });

  it('refuses an unknown mode, naming the variable', () => {
    expect(() => loadConfig({ PERSISTED_OPERATIONS: 'sometimes' })).toThrow(/PERSISTED_OPERATIONS/);
    // The manifest is the frontend's: the gateway has no default one to fall back on.
    expect(() => loadConfig({ PERSISTED_OPERATIONS: 'only' })).toThrow(/PERSISTED_OPERATIONS_MANIFEST: is required when PERSISTED_OPERATIONS=only/);
  });
});
