import { describe, expect, it } from 'vitest';
import type { FinetuningApi } from '../src/upstream/client.js';
import type { FinetunedModel, Page } from '../src/finetuning/model.js';
import { GatewayError } from '../src/errors.js';
import { createLoaders } from '../src/loaders/index.js';

const model = (id: string): FinetunedModel => ({
  id,
  name: id,
  creatorId: null,
  organizationId: null,
  status: 'READY',
  settings: {
    baseModel: { name: null, version: null, baseType: 'CHAT', strategy: 'UNSPECIFIED' },
    datasetId: 'd',
    hyperparameters: null,
    multiLabel: false,
    wandb: null,
  },
  createdAt: null,
  updatedAt: null,
  completedAt: null,
  lastUsed: null,
});

/** An api whose calls take a few milliseconds and that records how many run at once. */
function countingApi() {
  const seen = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const slow = async <T>(value: T): Promise<T> => {
    seen.calls += 1;
    seen.inFlight += 1;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    seen.inFlight -= 1;
    return value;
  };
  const emptyPage = <T>(): Page<T> => ({ items: [], nextPageToken: null, totalSize: 0 });
  const api: FinetuningApi = {
    listModels: () => slow({ items: [model('m1'), model('m2')], nextPageToken: null, totalSize: 2 }),
    getModel: (id) => (id === 'missing' ? Promise.reject(new GatewayError('NOT_FOUND', 'gone')) : slow(model(id))),
    createModel: () => Promise.reject(new Error('not used')),
    updateModel: () => Promise.reject(new Error('not used')),
    deleteModel: () => Promise.reject(new Error('not used')),
    listEvents: () => slow(emptyPage()),
    listStepMetrics: () => slow(emptyPage()),
  };
  return { api, seen };
}

describe('request-scoped loaders', () => {
  it('fetch many models in parallel, never more at once than the per-request cap', async () => {
    const { api, seen } = countingApi();
    const loaders = createLoaders(api, 3);
    const ids = Array.from({ length: 12 }, (_, i) => `m${i}`);
    const events = await Promise.all(ids.map((modelId) => loaders.eventPages.load({ modelId, order: 'ASC', pageToken: '', pageSize: 50 })));
    expect(events).toHaveLength(12);
    expect(seen.calls).toBe(12);
    expect(seen.maxInFlight).toBe(3);
  });

  it("give a failed call's slot to the next, whether it failed at once or later", async () => {
    const { api, seen } = countingApi();
    const failing: FinetuningApi = {
      ...api,
      // One throws before returning a promise, one rejects after a while: neither may keep its slot.
      listEvents: (modelId, page) => {
        if (modelId === 'throws') throw new GatewayError('BAD_USER_INPUT', 'bad id');
        if (modelId === 'rejects') return new Promise((_, reject) => setTimeout(() => reject(new GatewayError('UPSTREAM_ERROR', 'no')), 5));
        return api.listEvents(modelId, page);
      },
    };
    const loaders = createLoaders(failing, 1);
    const load = (modelId: string) => loaders.eventPages.load({ modelId, order: 'ASC', pageToken: '', pageSize: 50 });
    const results = await Promise.allSettled(['throws', 'a', 'rejects', 'b', 'c'].map(load));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(seen.calls).toBe(3);
    expect(seen.maxInFlight).toBe(1);
  });

  it('make one call for identical keys, however they were built', async () => {
    const { api, seen } = countingApi();
    const loaders = createLoaders(api, 8);
    await Promise.all([
      loaders.eventPages.load({ modelId: 'a', order: 'ASC', pageToken: '', pageSize: 50 }),
      loaders.eventPages.load({ pageSize: 50, pageToken: '', order: 'ASC', modelId: 'a' }),
      loaders.modelById.load('x'),
      loaders.modelById.load('x'),
    ]);
    expect(seen.calls).toBe(2);
  });

  it('read a missing model as null and fail only the keys that fail', async () => {
    const { api } = countingApi();
    const loaders = createLoaders(api, 8);
    const [missing, found] = await Promise.all([loaders.modelById.load('missing'), loaders.modelById.load('here')]);
    expect(missing).toBeNull();
    expect(found?.id).toBe('here');
  });

  it('serve by-id reads of listed models from the list, even when asked in the same tick', async () => {
    const { api, seen } = countingApi();
    const loaders = createLoaders(api, 8);
    const [byId, page] = await Promise.all([
      loaders.modelById.load('m2'),
      loaders.modelPages.load({ order: 'ASC', pageToken: '', pageSize: 50 }),
    ]);
    expect(page.items).toHaveLength(2);
    expect(byId?.id).toBe('m2');
    expect(seen.calls).toBe(1);
  });
});
