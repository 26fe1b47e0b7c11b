import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpstreamClient } from '../src/upstream/client.js';
import type { FinetunedModelWrite } from '../src/finetuning/model.js';
import { GatewayError } from '../src/errors.js';
import { createSandbox, type Sandbox } from '../src/sandbox/index.js';
import { ReadCollapser } from '../src/sharing/collapse.js';
import { apiFor, testClient } from './helpers/client.js';
import { freshKey } from './helpers/fixtures.js';
import { startGateway } from './helpers/gateway.js';
import { createModels } from './helpers/sandbox-rest.js';

const CONCURRENT = 20;
const MICROCACHE_MS = 300;

const renamed = (name: string): FinetunedModelWrite => ({
  name,
  settings: { baseModel: { baseType: 'CHAT' }, datasetId: 'dataset-chat-1' },
});

describe('identical upstream reads of one key, shared across operations', () => {
  let sandbox: Sandbox;
  let collapsing: UpstreamClient;
  let caching: UpstreamClient;

  beforeAll(async () => {
    // Every answer takes a moment, so reads started together are in flight together.
    sandbox = createSandbox({ seedDemoData: false, faults: [{ latencyMs: 50 }] });
    await sandbox.start();
    collapsing = testClient(sandbox.url, { reads: new ReadCollapser({ collapse: true, microcacheMs: 0 }) });
    caching = testClient(sandbox.url, { reads: new ReadCollapser({ collapse: true, microcacheMs: MICROCACHE_MS }) });
  });
  afterAll(async () => {
    await collapsing.close();
    await caching.close();
    await sandbox.stop();
  });

  const getModels = (client: UpstreamClient, key: string, id: string, times: number) =>
    Promise.all(Array.from({ length: times }, () => apiFor(client, key).getModel(id)));

  it('answers concurrent identical reads of one key with one upstream call', async () => {
    const key = freshKey();
    const [id] = await createModels(sandbox.url, key, 1);
    const models = await getModels(collapsing, key, id!, CONCURRENT);
    expect(models.map((model) => model.id)).toEqual(Array(CONCURRENT).fill(id));
    expect(sandbox.calls.count({ route: 'getModel', key })).toBe(1);
  });

  it("holds one listener on the starting caller's signal, however many callers join its read", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const key = freshKey();
      const [id] = await createModels(sandbox.url, key, 1);
      await getModels(collapsing, key, id!, 50);
      await new Promise((resolve) => setImmediate(resolve));
      // Node warns of a possible leak past ten listeners on one signal: a hot key would have had one per caller.
      expect(warnings).not.toContain('MaxListenersExceededWarning');
      expect(sandbox.calls.count({ route: 'getModel', key })).toBe(1);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('never shares a read between two keys, even of the same path', async () => {
    const [one, two] = [freshKey('one'), freshKey('two')];
    const [id] = await createModels(sandbox.url, one, 1);
    const [mine, theirs] = await Promise.allSettled([
      getModels(collapsing, one, id!, CONCURRENT),
      getModels(collapsing, two, id!, CONCURRENT),
    ]);
    expect(mine.status).toBe('fulfilled');
    // The model is the first key's: the second key's own call answers "not found".
    expect(theirs.status === 'rejected' && (theirs.reason as GatewayError).code).toBe('NOT_FOUND');
    expect(sandbox.calls.count({ route: 'getModel', key: one })).toBe(1);
    expect(sandbox.calls.count({ route: 'getModel', key: two })).toBe(1);
  });

  it('does not collapse reads that differ in their query', async () => {
    const key = freshKey();
    const [id] = await createModels(sandbox.url, key, 1);
    const api = apiFor(collapsing, key);
    await Promise.all([
      api.listEvents(id!, { pageSize: 5, pageToken: null, order: 'ASC' }),
      api.listEvents(id!, { pageSize: 5, pageToken: null, order: 'ASC' }),
      api.listEvents(id!, { pageSize: 5, pageToken: null, order: 'DESC' }),
      api.listEvents(id!, { pageSize: 6, pageToken: null, order: 'ASC' }),
    ]);
    expect(sandbox.calls.count({ route: 'listEvents', key })).toBe(3);
  });

  it('keeps a shared read going for its starter when a caller who joined it gives up', async () => {
    const key = freshKey();
    const [id] = await createModels(sandbox.url, key, 1);
    const patient = apiFor(collapsing, key).getModel(id!);
    const impatient = apiFor(collapsing, key, 10).getModel(id!);
    await expect(impatient).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect((await patient).id).toBe(id);
    expect(sandbox.calls.count({ route: 'getModel', key })).toBe(1);
  });

  it('answers the callers who joined a read whose starter gave up: the read is made again for them', async () => {
    const key = freshKey();
    const [id] = await createModels(sandbox.url, key, 1);
    // The read runs under its starter's deadline (no signal of its own until someone joins it): when the starter
    // gives up the read ends, and the callers still waiting ask again, once, together.
    const impatient = apiFor(collapsing, key, 10).getModel(id!);
    const patient = Array.from({ length: 5 }, () => apiFor(collapsing, key).getModel(id!));
    await expect(impatient).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    for (const model of await Promise.all(patient)) expect(model.id).toBe(id);
    expect(sandbox.calls.count({ route: 'getModel', key })).toBe(2);
  });

  it('starts afresh for a caller who comes after everyone else gave up on a read', async () => {
    const key = freshKey();
    const [id] = await createModels(sandbox.url, key, 1);
    // The newcomer arrives the moment the last caller leaves, while the abandoned read is still being cancelled.
    const newcomer = apiFor(collapsing, key, 10)
      .getModel(id!)
      .catch(() => apiFor(collapsing, key).getModel(id!));
    expect((await newcomer).id).toBe(id);
    expect(sandbox.calls.count({ route: 'getModel', key })).toBe(2);
  });

  it('serves a read from the micro-cache within its lifetime, and calls again after it', async () => {
    const key = freshKey();
    const [id] = await createModels(sandbox.url, key, 1);
    await apiFor(caching, key).getModel(id!);
    await apiFor(caching, key).getModel(id!);
    expect(sandbox.calls.count({ route: 'getModel', key })).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, MICROCACHE_MS + 50));
    await apiFor(caching, key).getModel(id!);
    expect(sandbox.calls.count({ route: 'getModel', key })).toBe(2);
  });

  it('never serves one key a read cached for another', async () => {
    const [one, two] = [freshKey('one'), freshKey('two')];
    await apiFor(caching, one).listModels({ pageSize: 10, pageToken: null, order: 'ASC' });
    await createModels(sandbox.url, two, 1);
    const theirs = await apiFor(caching, two).listModels({ pageSize: 10, pageToken: null, order: 'ASC' });
    expect(theirs.items).toHaveLength(1);
    expect(sandbox.calls.count({ route: 'listModels', key: one })).toBe(1);
    expect(sandbox.calls.count({ route: 'listModels', key: two })).toBe(1);
  });

  it("drops a key's cached reads when that key writes, so a read after a write is never stale", async () => {
    const key = freshKey();
    const [id] = await createModels(sandbox.url, key, 1);
    const api = apiFor(caching, key);
    expect((await api.getModel(id!)).name).toBe('model-0');
    await api.updateModel(id!, renamed('renamed'));
    expect((await api.getModel(id!)).name).toBe('renamed');
    expect(sandbox.calls.count({ route: 'getModel', key })).toBe(2);
  });

  it('never shares writes', async () => {
    const key = freshKey();
    const [id] = await createModels(sandbox.url, key, 1);
    const api = apiFor(caching, key);
    await Promise.all([api.updateModel(id!, renamed('same')), api.updateModel(id!, renamed('same'))]);
    expect(sandbox.calls.count({ route: 'updateModel', key })).toBe(2);
  });
});

describe('concurrent operations through the gateway', () => {
  it('share the upstream reads of one key, and never those of another', async () => {
    const gw = await startGateway({ sandbox: { seedDemoData: true, faults: [{ latencyMs: 30 }] } });
    try {
      const query = `query ($id: ID!) { finetunedModel(id: $id) { name events(first: 10) { totalCount } stepMetrics(first: 10) { edges { node { stepNumber } } } } }`;
      const run = async (key: string) => {
        const response = await gw.app.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query, variables: { id: gw.sandbox.demoModelIds(key)[0] } }),
        });
        return (await response.json()) as { data?: { finetunedModel: { name: string } }; errors?: unknown };
      };
      const [one, two] = [freshKey('one'), freshKey('two')];
      const results = await Promise.all([...Array.from({ length: 10 }, () => run(one)), ...Array.from({ length: 10 }, () => run(two))]);
      for (const result of results) expect(result.data?.finetunedModel.name).toBe('customer-support-chat');
      // One model, its events and its metrics: three reads per key, however many operations asked.
      expect(gw.sandbox.calls.count({ key: one })).toBe(3);
      expect(gw.sandbox.calls.count({ key: two })).toBe(3);
    } finally {
      await gw.stop();
    }
  });

  it('answer the others in full when the client whose query started the shared run goes away', async () => {
    const gw = await startGateway({ sandbox: { seedDemoData: true, faults: [{ latencyMs: 100 }] } });
    try {
      const key = freshKey();
      const query = `query ($id: ID!) { finetunedModel(id: $id) { name events(first: 10) { totalCount } } }`;
      const run = async (signal?: AbortSignal) => {
        const response = await gw.app.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query, variables: { id: gw.sandbox.demoModelIds(key)[0] } }),
          signal,
        });
        return (await response.json()) as { data?: { finetunedModel: { name: string } }; errors?: unknown };
      };
      const leaving = new AbortController();
      const first = run(leaving.signal).catch(() => 'gone');
      await new Promise((resolve) => setTimeout(resolve, 20));
      const others = Array.from({ length: 5 }, () => run());
      await new Promise((resolve) => setTimeout(resolve, 20));
      leaving.abort();
      for (const result of await Promise.all(others)) {
        expect(result.errors).toBeUndefined();
        expect(result.data?.finetunedModel.name).toBe('customer-support-chat');
      }
      await first;
      // The abandoned run's two reads, and the others' one run of them again.
      expect(gw.sandbox.calls.count({ key })).toBe(4);
    } finally {
      await gw.stop();
    }
  });
});
