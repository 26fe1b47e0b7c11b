// One watcher's stream on one instance of a fleet. Whichever instance holds the watcher's lease polls, hands
// each batch to its own subscribers and publishes it; the others (followers) relay what they receive. Every
// item carries its place in the stream, and an instance hands its subscribers only items past the last place
// it delivered: an item that arrives twice (the holder's own echo, history read after subscribing, two pollers
// for a moment) is delivered once. When the holder dies its lease expires, and a follower takes it and polls
// from the resume point of the last batch it delivered, so the stream goes on with no item lost or repeated.
// While Redis is away every instance polls for its own subscribers, and rejoins the fleet when it returns.
import { Repeater } from '@repeaterjs/repeater';
import type { Logger } from '../observability/logger.js';
import { lastSeq, type Batch, type Sequenced } from '../subscriptions/batch.js';
import type { ResumablePoller, WatcherId } from '../subscriptions/placement.js';
import { errorOf, parseMessage, type WatcherStore } from './watcher-store.js';

/** What a watcher needs of the fleet it belongs to. */
export interface FleetLink {
  /** Redis answers and this instance's channels listen. */
  readonly healthy: boolean;
  /** How often a holder renews its lease and a follower tries to take a free one. */
  readonly renewIntervalMs: number;
  readonly logger: Logger;
  onHealthChange(listener: () => void): () => void;
  /** Resolves once the channel listens (at once while Redis is away: it will listen when Redis returns). */
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  /** Work that must finish before the fleet disconnects, such as letting go of a lease. */
  track(work: Promise<unknown>): void;
}

/** leader: holds the lease and polls for the fleet; follower: relays; local: polls for itself while Redis is away; over: ended. */
type Role = 'leader' | 'follower' | 'local' | 'over';

export class FleetWatcher<T> {
  private role: Role = 'follower';
  /** Place of the last item handed to this instance's subscribers. */
  private delivered = -1;
  /** The resume point of the batch that item came in: where a poller started here would carry on from. */
  private resume: unknown;
  /** Every item delivered here, to publish what the fleet's history lacks on taking the lease. */
  private readonly seen: Sequenced<T>[] = [];
  private poller: AsyncIterator<Batch<T>> | undefined;
  /** Messages, timer ticks and polls change the state one at a time, in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private push: (value: T) => Promise<unknown> = () => Promise.resolve();
  private end: (error?: unknown) => void = () => {};

  constructor(
    private readonly fleet: FleetLink,
    private readonly watcher: WatcherId,
    private readonly source: ResumablePoller<T>,
    private readonly store: WatcherStore<T>,
  ) {}

  /** The items for this instance's subscribers; returning it (the last one left) stops polling and lets go of the lease. */
  items(): AsyncIterator<T> {
    return new Repeater<T>(async (push, stop) => {
      this.push = push;
      this.end = stop;
      const unsubscribe = await this.fleet.subscribe(this.store.channel, (raw) => void this.serially(() => this.receive(raw)));
      const stopListening = this.fleet.onHealthChange(() => void this.serially(() => this.tick()));
      const timer = setInterval(() => void this.serially(() => this.tick()), this.fleet.renewIntervalMs);
      void this.serially(() => this.join());
      await stop;
      clearInterval(timer);
      stopListening();
      this.stopped = true;
      this.stopPolling();
      this.fleet.track(
        (async () => {
          // A step under way finishes first (no other starts): it may have just taken the lease.
          await this.queue;
          this.stopPolling();
          // Unsubscribed before letting go, so that letting go sees whether any other instance still listens.
          await unsubscribe();
          if (this.role === 'leader') await this.store.release().catch(() => {});
        })(),
      );
    });
  }

  private serially(step: () => Promise<void> | void): Promise<void> {
    this.queue = this.queue
      .then(() => (this.stopped || this.role === 'over' ? undefined : step()))
      .catch((error: unknown) => this.fleet.logger.error({ err: error, watcher: this.describe() }, 'scale-out watcher failed a step'));
    return this.queue;
  }

  private async join(): Promise<void> {
    if (!this.fleet.healthy) return this.pollLocally();
    try {
      const history = await this.store.acquire();
      if (history) return await this.lead(history);
      this.role = 'follower';
      await this.catchUp(await this.store.read());
    } catch {
      this.pollLocally();
    }
  }

  /** Every renewal period, and whenever Redis comes or goes. */
  private async tick(): Promise<void> {
    if (!this.fleet.healthy) {
      if (this.role !== 'local') this.pollLocally();
      return;
    }
    try {
      if (this.role === 'leader') {
        if (!(await this.store.renew())) this.follow('lost its lease');
        return;
      }
      const history = await this.store.acquire();
      if (history) return await this.lead(history);
      if (this.role === 'local') {
        this.follow('Redis is back and another instance polls');
        await this.catchUp(await this.store.read());
      }
    } catch {
      if (this.role !== 'local') this.pollLocally();
    }
  }

  private async receive(raw: string): Promise<void> {
    const message = parseMessage<T>(raw);
    if (!message) return;
    if ('batch' in message) return this.deliver(message.batch);
    if ('end' in message) return this.close(errorOf(message.end));
    // The holder's last subscriber left: take over now rather than when its lease would have expired.
    if (this.role === 'follower') return this.tick();
  }

  /** Holds the lease: the history is brought up to what this instance delivered, then this instance polls for all. */
  private async lead(history: Batch<T>[]): Promise<void> {
    if (this.role !== 'leader') this.fleet.logger.debug({ watcher: this.describe() }, 'scale-out: polling for the fleet');
    this.role = 'leader';
    await this.catchUp(history);
    const published = lastSeq(history);
    const unpublished = this.seen.filter((item) => item.seq > published);
    if (unpublished.length > 0 && !(await this.store.publish({ items: unpublished, resume: this.resume }))) {
      return this.follow('lost its lease');
    }
    this.poller ??= this.startPolling();
  }

  private follow(reason: string): void {
    this.fleet.logger.debug({ watcher: this.describe(), reason }, 'scale-out: relaying another instance');
    this.role = 'follower';
    this.stopPolling();
  }

  private pollLocally(): void {
    this.role = 'local';
    this.poller ??= this.startPolling();
  }

  /** What the fleet delivered before this instance joined: a status newcomer starts from the current status only. */
  private async catchUp(history: Batch<T>[]): Promise<void> {
    const latest = history.at(-1);
    if (this.delivered < 0 && this.watcher.replay === 'latest' && latest) {
      return this.deliver({ items: latest.items.slice(-1), resume: latest.resume });
    }
    for (const batch of history) await this.deliver(batch);
  }

  private async deliver(batch: Batch<T>): Promise<void> {
    const fresh = batch.items.filter((item) => item.seq > this.delivered);
    const last = fresh.at(-1);
    if (!last) return;
    this.delivered = last.seq;
    this.resume = batch.resume;
    this.seen.push(...fresh);
    for (const item of fresh) await this.push(item.value);
  }

  private startPolling(): AsyncIterator<Batch<T>> {
    const poller = this.source.start(this.resume);
    void (async () => {
      try {
        for (let next = await poller.next(); !next.done; next = await poller.next()) {
          const batch = next.value;
          await this.serially(() => this.polled(poller, batch));
        }
        await this.serially(() => (this.poller === poller ? this.close(null) : undefined));
      } catch (error) {
        await this.serially(() => (this.poller === poller ? this.close(error) : undefined));
      }
    })();
    return poller;
  }

  private async polled(poller: AsyncIterator<Batch<T>>, batch: Batch<T>): Promise<void> {
    // A poller stopped in the meantime: whoever polls now carries on from where the fleet stands.
    if (this.poller !== poller) return;
    await this.deliver(batch);
    if (this.role !== 'leader') return;
    try {
      if (!(await this.store.publish(batch))) this.follow('lost its lease');
    } catch {
      // Delivered here and kept in `seen`: published when this instance holds the lease again.
      this.pollLocally();
    }
  }

  /** The stream is over: the holder tells the fleet, and every instance ends its subscribers (with the error, if any). */
  private async close(error: unknown): Promise<void> {
    if (this.role === 'leader') await this.store.finish(error).catch(() => {});
    this.role = 'over';
    this.stopPolling();
    this.end(error ?? undefined);
  }

  private stopPolling(): void {
    const poller = this.poller;
    this.poller = undefined;
    void poller?.return?.();
  }

  private describe() {
    return { kind: this.watcher.kind, modelId: this.watcher.modelId };
  }
}
