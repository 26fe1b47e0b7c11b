// Request-scoped DataLoaders: one set per operation, so no operation ever makes the same upstream call twice.
// The upstream has no batch endpoint: a batch becomes parallel calls under the request's concurrency cap.
import DataLoader from 'dataloader';
import pLimit, { type LimitFunction } from 'p-limit';
import type { FinetuningApi } from '../upstream/client.js';
import type {
  FinetunedModel,
  FinetunedModelEvent,
  OrderDirection,
  Page,
  TrainingStepMetrics,
} from '../finetuning/model.js';
import { GatewayError } from '../errors.js';

interface PageKey {
  pageToken: string;
  pageSize: number;
}
interface ModelPageKey extends PageKey {
  order: OrderDirection;
}
interface ModelChildPageKey extends PageKey {
  modelId: string;
}
interface EventPageKey extends ModelChildPageKey {
  order: OrderDirection;
}

export interface Loaders {
  /** null when the model does not exist (or no longer does). */
  modelById: DataLoader<string, FinetunedModel | null>;
  modelPages: DataLoader<ModelPageKey, Page<FinetunedModel>, string>;
  eventPages: DataLoader<EventPageKey, Page<FinetunedModelEvent>, string>;
  stepMetricPages: DataLoader<ModelChildPageKey, Page<TrainingStepMetrics>, string>;
  /**
   * After a write: the model now reads as `model` (null once deleted), and every cached list is dropped, so the
   * payload and any later field of the same operation see the write.
   */
  recordWrite(id: string, model: FinetunedModel | null): void;
}

/** A batch function that runs one call per key, in parallel under `limit`, failing only the keys that fail. */
function parallel<K, V>(limit: Limit, load: (key: K) => Promise<V>) {
  return (keys: readonly K[]): Promise<(V | Error)[]> =>
    Promise.all(keys.map((key) => limit(() => load(key)).catch((error: unknown) => toError(error))));
}

type Limit = <T>(call: () => PromiseLike<T> | T) => Promise<T>;

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

// Fields in a fixed order, so keys built in different places still meet in the cache.
const byPage = (key: PageKey & { modelId?: string; order?: OrderDirection }) =>
  [key.modelId ?? '', key.order ?? '', key.pageSize, key.pageToken].join('\u0000');

/** `concurrency`: upstream calls one operation runs at once (a limiter made on its first call). */
export function createLoaders(api: FinetuningApi, concurrency: number): Loaders {
  let limiter: LimitFunction | undefined;
  const limit = <T>(call: () => PromiseLike<T> | T): Promise<T> => (limiter ??= pLimit(concurrency))(call);
  // Models seen in list pages of this operation, and the list loads still running: a by-id read waits for
  // them, so "list, and the same models by id" costs no GET even when both are asked for side by side.
  const listed = new Map<string, FinetunedModel>();
  const listsInFlight = new Set<Promise<unknown>>();

  const getModel = (id: string) =>
    api.getModel(id).catch((error: unknown) => {
      if (error instanceof GatewayError && error.code === 'NOT_FOUND') return null;
      throw error;
    });

  const modelById = new DataLoader<string, FinetunedModel | null>(
    async (ids) => {
      if (listsInFlight.size > 0) await Promise.allSettled(listsInFlight);
      return parallel(limit, (id: string) => (listed.has(id) ? Promise.resolve(listed.get(id) ?? null) : getModel(id)))(ids);
    },
    // One macrotask later than DataLoader's default, so list loads started in the same tick are in flight.
    { batchScheduleFn: (callback) => setImmediate(callback) },
  );

  const listPage = (key: ModelPageKey) => {
    const loading = limit(() =>
      api.listModels({ pageSize: key.pageSize, pageToken: key.pageToken || null, order: key.order }),
    ).then((page) => {
      for (const model of page.items) {
        listed.set(model.id, model);
        modelById.prime(model.id, model);
      }
      return page;
    });
    listsInFlight.add(loading);
    void loading.catch(() => undefined).finally(() => listsInFlight.delete(loading));
    return loading.catch(toError);
  };
  const modelPages = new DataLoader<ModelPageKey, Page<FinetunedModel>, string>((keys) => Promise.all(keys.map(listPage)), {
    cacheKeyFn: byPage,
  });

  const eventPages = new DataLoader<EventPageKey, Page<FinetunedModelEvent>, string>(
    parallel(limit, (key) =>
      api.listEvents(key.modelId, { pageSize: key.pageSize, pageToken: key.pageToken || null, order: key.order }),
    ),
    { cacheKeyFn: byPage },
  );

  const stepMetricPages = new DataLoader<ModelChildPageKey, Page<TrainingStepMetrics>, string>(
    parallel(limit, (key) => api.listStepMetrics(key.modelId, { pageSize: key.pageSize, pageToken: key.pageToken || null })),
    { cacheKeyFn: byPage },
  );

  return {
    modelById,
    modelPages,
    eventPages,
    stepMetricPages,
    recordWrite(id, model) {
      listed.delete(id);
      modelById.clear(id).prime(id, model);
      modelPages.clearAll();
      eventPages.clearAll();
      stepMetricPages.clearAll();
    },
  };
}
