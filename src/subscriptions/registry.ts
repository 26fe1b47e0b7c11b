// The app-wide registry of watchers: one shared, reference-counted poller per (kind, credential hash, model
// id), started by its first subscriber and stopped when its last one leaves. Keyed by the hash of the
// caller's key, never the key, so two tenants never share a watcher even for the same model id.
import { Repeater } from 'graphql-yoga';
import type { CohereApi } from '../cohere/client.js';
import type { TrainingStepMetrics } from '../cohere/domain.js';
import type { Credential } from '../context.js';
import { Broadcast, type Feed, type Replay } from './broadcast.js';
import type { PollCadence } from './cadence.js';
import { pollStepMetrics } from './metrics-feed.js';
import { pollLoop, type Poll } from './poll-loop.js';
import { asStartingPoint, pollStatus, type StatusChange } from './status-feed.js';

export type { Feed } from './broadcast.js';
export type { StatusChange } from './status-feed.js';

export interface SubscriptionRegistryOptions {
  /** The upstream API for a caller's key, asked for on every poll; `signal` aborts its calls when the watcher stops. */
  connect(apiKey: string, signal: AbortSignal): CohereApi;
  cadence: PollCadence;
  /** Page size asked of the upstream when reading events and metric rows. */
  pageSize: number;
}

interface WatcherSpec<T> {
  kind: 'status' | 'stepMetrics';
  replay: Replay;
  asFirst?(item: T): T;
  poll(connect: () => CohereApi, signal: AbortSignal): Poll<T>;
}

export class SubscriptionRegistry {
  private readonly watchers = new Map<string, Broadcast<unknown>>();

  constructor(private readonly options: SubscriptionRegistryOptions) {}

  /** The model's current status first, then every change, in order; completes after a terminal status. */
  watchStatus(credential: Credential, modelId: string): Feed<StatusChange> {
    return this.watch(credential, modelId, {
      kind: 'status',
      replay: 'latest',
      asFirst: asStartingPoint,
      poll: (connect) => pollStatus(connect, modelId, this.options.pageSize),
    });
  }

  /** Every metric row of the run, oldest first: those already written, then each new one; completes after training. */
  watchStepMetrics(credential: Credential, modelId: string): Feed<TrainingStepMetrics> {
    return this.watch(credential, modelId, {
      kind: 'stepMetrics',
      replay: 'all',
      poll: (connect, signal) =>
        pollStepMetrics(connect, modelId, this.options.pageSize, this.watchStatus(credential, modelId), signal),
    });
  }

  /** Watchers polling right now. */
  get size(): number {
    return this.watchers.size;
  }

  /** Stops every watcher; their subscribers complete. */
  close(): void {
    for (const watcher of [...this.watchers.values()]) watcher.close();
  }

  private watch<T>(credential: Credential, modelId: string, spec: WatcherSpec<T>): Feed<T> {
    const key = JSON.stringify([spec.kind, credential.hash, modelId]);
    const { connect, cadence } = this.options;
    // The subscriber joins when iteration starts, not when the iterator is made, so it never finds a watcher
    // that closed in between.
    return new Repeater<T | Error>((push, stop) => {
      let watcher = this.watchers.get(key) as Broadcast<T> | undefined;
      if (!watcher) {
        const created: Broadcast<T> = new Broadcast<T>({
          open: () => pollLoop((signal) => spec.poll(() => connect(credential.apiKey, signal), signal), cadence),
          replay: spec.replay,
          asFirst: spec.asFirst,
          onClose: () => {
            if (this.watchers.get(key) === created) this.watchers.delete(key);
          },
        });
        this.watchers.set(key, created);
        watcher = created;
      }
      return watcher.serve(push, stop);
    });
  }
}
