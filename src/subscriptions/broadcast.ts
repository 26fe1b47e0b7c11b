// One source, many subscribers. The source runs while anyone listens; every subscriber receives every item
// from where it joined, in order. Items live once, in a shared log: a slow subscriber costs a position in
// it, never a private queue, and takes an item only when its transport pulls the next one.

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

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** What the broadcast knows of a subscriber: where it is in the log, and how to tell it the log changed. */
interface Follower {
  readonly position: number;
  wake(): void;
}

export class Broadcast<T> {
  private readonly log: T[] = [];
  /** Sequence number of log[0]: earlier items were read by every subscriber and are never replayed. */
  private firstSeq = 0;
  private readonly subscribers = new Set<Follower>();
  private source: AsyncIterator<T> | undefined;
  /** Set once the source is over: undefined while it runs, null when it completed, else the error that ended it. */
  private ending: Error | null | undefined;
  private closed = false;

  constructor(private readonly options: BroadcastOptions<T>) {}

  private get endSeq(): number {
    return this.firstSeq + this.log.length;
  }

  /**
   * A subscriber's feed: every item from where it joins, then the error that ended the source (if any), then the
   * end. `broadcast` is asked for when iteration starts, not when the feed is made, so a subscriber never joins a
   * broadcast that closed in between.
   */
  static feed<T>(broadcast: () => Broadcast<T>): Feed<T> {
    return new Subscriber(broadcast);
  }

  /** Adds a subscriber; the source starts with the first. Returns the sequence number it starts from. */
  join(subscriber: Follower): number {
    this.subscribers.add(subscriber);
    this.source ??= this.pump();
    return this.options.replay === 'all' ? this.firstSeq : Math.max(this.firstSeq, this.endSeq - 1);
  }

  /** Removes a subscriber; with the last one gone, the broadcast closes. */
  leave(subscriber: Follower): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.close();
  }

  /**
   * What a subscriber at `seq` receives now: an item, the error that ended the source (its last), the end, or
   * nothing yet.
   */
  take(seq: number, first: boolean): { item: T | Error; last: boolean } | 'end' | undefined {
    if (seq < this.endSeq) {
      const item = this.log[seq - this.firstSeq] as T;
      return { item: first && this.options.asFirst ? this.options.asFirst(item) : item, last: false };
    }
    if (this.ending === undefined) return undefined;
    return this.ending ? { item: this.ending, last: true } : 'end';
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
    for (const subscriber of this.subscribers) keepFrom = Math.min(keepFrom, subscriber.position);
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
    for (const subscriber of this.subscribers) subscriber.wake();
  }
}

/**
 * One subscriber's feed, pulled by its transport. Written here rather than made a Repeater: a Repeater per
 * subscriber, with the loop that pushed the log into it, held about 4 KB of each live subscription's heap (its
 * record, bound functions, promises and the loop's suspended frame; npm run bench:subscriptions); this is one
 * object, and one promise while it waits. It holds no items of its own: it reads the log at its position.
 */
class Subscriber<T> implements Feed<T>, Follower {
  private broadcast: Broadcast<T> | undefined;
  private seq = 0;
  private start = 0;
  private done = false;
  /** The pending next()'s promise and how to settle it, while the log has nothing new for this subscriber. */
  private waiting: Promise<IteratorResult<T | Error>> | undefined;
  private settle: ((result: IteratorResult<T | Error>) => void) | undefined;

  constructor(private readonly broadcastToJoin: () => Broadcast<T>) {}

  /** Its position in the log: the next item it will take. */
  get position(): number {
    return this.seq;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T | Error>> {
    if (this.waiting) return this.waiting.then(() => this.next());
    const now = this.pull();
    if (now) return Promise.resolve(now);
    this.waiting = new Promise((resolve) => (this.settle = resolve));
    return this.waiting;
  }

  return(): Promise<IteratorResult<T | Error>> {
    this.finish();
    return Promise.resolve(DONE);
  }

  throw(error: unknown): Promise<IteratorResult<T | Error>> {
    this.finish();
    return Promise.reject(error);
  }

  /** The broadcast's log grew or its source ended: a pending next() takes what is there. */
  wake(): void {
    if (!this.settle) return;
    const now = this.pull();
    if (now) this.deliver(now);
  }

  private pull(): IteratorResult<T | Error> | undefined {
    if (this.done) return DONE;
    if (!this.broadcast) {
      this.broadcast = this.broadcastToJoin();
      this.start = this.seq = this.broadcast.join(this);
    }
    const taken = this.broadcast.take(this.seq, this.seq === this.start);
    if (taken === undefined) return undefined;
    if (taken === 'end') {
      this.leave();
      return DONE;
    }
    this.seq += 1;
    if (taken.last) this.leave();
    return { done: false, value: taken.item };
  }

  private deliver(result: IteratorResult<T | Error>): void {
    const settle = this.settle;
    this.waiting = this.settle = undefined;
    settle?.(result);
  }

  /** Ends the feed early: a pending next() completes. */
  private finish(): void {
    this.leave();
    this.deliver(DONE);
  }

  private leave(): void {
    if (this.done) return;
    this.done = true;
    this.broadcast?.leave(this);
  }
}
