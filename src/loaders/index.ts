// Request-scoped DataLoaders: one set per operation, so no operation ever makes the same upstream call twice.
// The upstream has no batch endpoint: a batch becomes parallel calls under the request's concurrency cap.
import DataLoader from 'dataloader';
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

/**
 * At most `concurrency` calls running at once; the others start in turn, in the order they came. Hand-written rather
 * than p-limit, which an operation's loaders used: p-limit starts every call a few promise ticks later (five promises
 * per call) and defines accessor properties on each limiter it makes (about 7 µs per operation, measured in
 * isolation), while here a limiter is made per operation and most calls start at once.
 */
function limiter(concurrency: number): Limit {
  let running = 0;
  const waiting: (() => void)[] = [];
  const done = () => {
    running -= 1;
    waiting.shift()?.();
  };
  const start = <T>(call: () => PromiseLike<T> | T): Promise<T> => {
    running += 1;
    let result: Promise<T>;
    try {
      result = Promise.resolve(call());
    } catch (error) {
      result = Promise.reject(error as Error);
    }
    result.then(done, done);
    return result;
  };
  return (call) => (running < concurrency ? start(call) : new Promise((resolve) => waiting.push(() => resolve(start(call)))));
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

// Fields in a fixed order, so keys built in different places still meet in the cache.
const byPage = (key: PageKey & { modelId?: string; order?: OrderDirection }) =>
  [key.modelId ?? '', key.order ?? '', key.pageSize, key.pageToken].join('\u0000');

/**
 * An operation's loaders. Each DataLoader is made on first use: a query needs two or three of the four, and a
 * subscription between two messages none (its context lives as long as the subscription).
 */
class OperationLoaders implements Loaders {
  private limiter: Limit | undefined;
  // Models seen in list pages of this operation, and the list loads still running: a by-id read waits for
  // them, so "list, and the same models by id" costs no GET even when both are asked for side by side.
  private listed: Map<string, FinetunedModel> | undefined;
  private readonly listsInFlight = new Set<Promise<unknown>>();
  private byId: Loaders['modelById'] | undefined;
  private modelPageLoader: Loaders['modelPages'] | undefined;
  private eventPageLoader: Loaders['eventPages'] | undefined;
  private stepMetricPageLoader: Loaders['stepMetricPages'] | undefined;

  constructor(
    private readonly api: FinetuningApi,
    private readonly concurrency: number,
  ) {}

  get modelById(): Loaders['modelById'] {
    return (this.byId ??= new DataLoader<string, FinetunedModel | null>(
      async (ids) => {
        if (this.listsInFlight.size > 0) await Promise.allSettled(this.listsInFlight);
        return parallel(this.limit, (id: string) => {
          const listed = this.listed?.get(id);
          return listed ? Promise.resolve(listed) : this.getModel(id);
        })(ids);
      },
      // One macrotask later than DataLoader's default, so list loads started in the same tick are in flight.
      { batchScheduleFn: (callback) => setImmediate(callback) },
    ));
  }

  get modelPages(): Loaders['modelPages'] {
    return (this.modelPageLoader ??= new DataLoader<ModelPageKey, Page<FinetunedModel>, string>((keys) => Promise.all(keys.map((key) => this.listPage(key))), {
      cacheKeyFn: byPage,
    }));
  }

  get eventPages(): Loaders['eventPages'] {
    return (this.eventPageLoader ??= new DataLoader<EventPageKey, Page<FinetunedModelEvent>, string>(
      parallel(this.limit, (key: EventPageKey) =>
        this.api.listEvents(key.modelId, { pageSize: key.pageSize, pageToken: key.pageToken || null, order: key.order }),
      ),
      { cacheKeyFn: byPage },
    ));
  }

  get stepMetricPages(): Loaders['stepMetricPages'] {
    return (this.stepMetricPageLoader ??= new DataLoader<ModelChildPageKey, Page<TrainingStepMetrics>, string>(
      parallel(this.limit, (key: ModelChildPageKey) =>
        this.api.listStepMetrics(key.modelId, { pageSize: key.pageSize, pageToken: key.pageToken || null }),
      ),
      { cacheKeyFn: byPage },
    ));
  }

  recordWrite(id: string, model: FinetunedModel | null): void {
    this.listed?.delete(id);
    this.modelById.clear(id).prime(id, model);
    this.modelPageLoader?.clearAll();
    this.eventPageLoader?.clearAll();
    this.stepMetricPageLoader?.clearAll();
  }

  /** Upstream calls of this operation, at most `concurrency` at once (a limiter made on the first). */
  private readonly limit: Limit = (call) => (this.limiter ??= limiter(this.concurrency))(call);

  private getModel(id: string): Promise<FinetunedModel | null> {
    return this.api.getModel(id).catch((error: unknown) => {
      if (error instanceof GatewayError && error.code === 'NOT_FOUND') return null;
      throw error;
    });
  }

  private listPage(key: ModelPageKey): Promise<Page<FinetunedModel> | Error> {
    const loading = this.limit(() =>
      this.api.listModels({ pageSize: key.pageSize, pageToken: key.pageToken || null, order: key.order }),
    ).then((page) => {
      const listed = (this.listed ??= new Map());
      for (const model of page.items) {
        listed.set(model.id, model);
        this.modelById.prime(model.id, model);
      }
      return page;
    });
    this.listsInFlight.add(loading);
    void loading.catch(() => undefined).finally(() => this.listsInFlight.delete(loading));
    return loading.catch(toError);
  }
}

/** `concurrency`: upstream calls one operation runs at once. */
export function createLoaders(api: FinetuningApi, concurrency: number): Loaders {
  return new OperationLoaders(api, concurrency);
}
