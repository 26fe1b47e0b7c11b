// One source, many subscribers. The source runs while anyone listens; every subscriber receives every item
// from where it joined, in order. Items live once, in a shared log: a slow subscriber costs a position in
// it, never a private queue, and each subscriber holds at most one item on its way to the client.

/**
 * What a subscriber iterates: items, and possibly one Error as the last one — yielded rather than thrown, so
 * that every transport reports it as a GraphQL error and then completes the stream.
 */
export type Feed<T> = AsyncIterableIterator<T | Error>;

/** Where a newcomer starts: the whole log, or its latest item only (the current state). */
export type Replay = 'all' | 'latest';

export interface BroadcastOptions<T> {
  /** Opened with the first subscriber; returned (which stops it) when the last one leaves. */
  open(): AsyncIterator<T>;
  replay: Replay;
  /** Reshapes the first item each subscriber receives (e.g. to present it as a starting point). */
  asFirst?(item: T): T;
  /** Called once, when the broadcast is over: its source ended, or its last subscriber left. */
  onClose(): void;
}

/** A Repeater's `stop`: call it to end the stream; it settles once the stream has ended. */
export type RepeaterStop = (() => unknown) & Promise<unknown>;

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export class Broadcast<T> {
  private readonly log: T[] = [];
  /** Sequence number of log[0]: earlier items were read by every subscriber and are never replayed. */
  private firstSeq = 0;
  /** Each subscriber's next sequence number to deliver. */
  private readonly cursors = new Set<{ seq: number }>();
  private changed = deferred();
  private source: AsyncIterator<T> | undefined;
  /** Set once the source is over: undefined while it runs, null when it completed, else the error that ended it. */
  private ending: Error | null | undefined;
  private closed = false;

  constructor(private readonly options: BroadcastOptions<T>) {}

  private get endSeq(): number {
    return this.firstSeq + this.log.length;
  }

  /**
   * Serves one subscriber, as the executor of its Repeater: pushes items until the source is over (then the
   * error that ended it, if any, as a last item) and stops, or until the subscriber stops.
   */
  async serve(push: (item: T | Error) => Promise<unknown>, stop: RepeaterStop): Promise<void> {
    const start = this.options.replay === 'all' ? this.firstSeq : Math.max(this.firstSeq, this.endSeq - 1);
    const cursor = { seq: start };
    this.cursors.add(cursor);
    this.source ??= this.pump();
    let stopped = false;
    void stop.then(() => (stopped = true));
    try {
      while (!stopped) {
        if (cursor.seq < this.endSeq) {
          const item = this.log[cursor.seq - this.firstSeq] as T;
          const first = cursor.seq === start;
          cursor.seq += 1;
          await push(first && this.options.asFirst ? this.options.asFirst(item) : item);
        } else if (this.ending !== undefined) {
          if (this.ending) await push(this.ending);
          stop();
          return;
        } else {
          await Promise.race([this.changed.promise, stop]);
        }
      }
    } finally {
      this.cursors.delete(cursor);
      if (this.cursors.size === 0) this.close();
    }
  }

  /** Ends the source and every subscriber (they complete after what they have not read yet). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.source?.return?.();
    this.finish(null);
    this.options.onClose();
  }

  private pump(): AsyncIterator<T> {
    const source = this.options.open();
    void (async () => {
      try {
        for (;;) {
          const next = await source.next();
          if (next.done) break;
          this.append(next.value);
        }
        this.finish(null);
      } catch (error) {
        this.finish(error instanceof Error ? error : new Error(String(error)));
      }
      this.close();
    })();
    return source;
  }

  private append(item: T): void {
    this.trim();
    this.log.push(item);
    this.wake();
  }

  /** Drops what every subscriber has read and no newcomer will be replayed. */
  private trim(): void {
    if (this.options.replay === 'all') return;
    let keepFrom = this.endSeq - 1;
    for (const cursor of this.cursors) keepFrom = Math.min(keepFrom, cursor.seq);
    if (keepFrom <= this.firstSeq) return;
    this.log.splice(0, keepFrom - this.firstSeq);
    this.firstSeq = keepFrom;
  }

  private finish(ending: Error | null): void {
    if (this.ending !== undefined) return;
    this.ending = ending;
    this.wake();
  }

  private wake(): void {
    const { resolve } = this.changed;
    this.changed = deferred();
    resolve();
  }
}
