// Where a watcher's poller runs. By default here: each instance polls for its own subscribers. With several
// gateway instances, a placement may let one instance of the fleet poll and relay its items to the others
// (src/scale-out); the registry, its broadcasts and the feeds stay the same.
import { Repeater } from '@repeaterjs/repeater';
import type { Batch } from './batch.js';
import type { Replay } from './broadcast.js';

/** Names a watcher without its credential: the hash stands for the key. */
export interface WatcherId {
  kind: 'status' | 'stepMetrics';
  credentialHash: string;
  modelId: string;
  /** How the watcher's broadcast serves a newcomer: the whole stream, or its latest item. */
  replay: Replay;
}

export interface ResumablePoller<T> {
  /**
   * Polls from `from` (a batch's `resume`; undefined: from scratch) until returned, yielding one batch per poll
   * that found something. Completes when the stream is over; throws the error that ended it.
   */
  start(from: unknown): AsyncIterator<Batch<T>>;
}

export interface PollerPlacement {
  /** The items of one watcher, in order and each once, for its broadcast; returning it stops what it runs. */
  open<T>(watcher: WatcherId, poller: ResumablePoller<T>): AsyncIterator<T>;
}

/** Polls here, from scratch: what a single instance does. */
export const localPlacement: PollerPlacement = {
  open: (_watcher, poller) => valuesOf(poller.start(undefined)),
};

/** The items of each batch, in order. A Repeater, so that returning it stops the poller at once (see poll-loop.ts). */
function valuesOf<T>(batches: AsyncIterator<Batch<T>>): AsyncIterator<T> {
  return new Repeater<T>(async (push, stop) => {
    void stop.then(() => batches.return?.());
    for (let next = await batches.next(); !next.done; next = await batches.next()) {
      for (const item of next.value.items) await push(item.value);
    }
    stop();
  });
}
