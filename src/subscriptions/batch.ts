// What a poller hands over after a poll that found something: the new items, each with its place in the
// watcher's sequence, and where a poller started afresh would carry on from. Places come from the upstream's
// own append-only lists (the index of the event or metric row), so two instances polling the same model number
// the same item alike: that is what lets a fleet of gateways hand a poller over without losing or repeating one.

export interface Sequenced<T> {
  /** Strictly increasing along a watcher's stream. */
  seq: number;
  value: T;
}

export interface Batch<T, R = unknown> {
  items: Sequenced<T>[];
  /** The poller's state right after these items, as plain JSON with no credential in it. */
  resume: R;
}

/** The highest place among the batches, or -1 when they hold nothing. */
export function lastSeq(batches: readonly Batch<unknown>[]): number {
  return batches.reduce((last, batch) => Math.max(last, batch.items.at(-1)?.seq ?? -1), -1);
}
