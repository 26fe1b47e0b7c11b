// Several gateway instances behind a load balancer, coordinated through Redis: for each watcher (kind,
// credential hash, model) one instance of the fleet polls, under a lease, and every instance's subscribers get
// every item over pub/sub. Two connections: one for commands and scripts, one for the channels (a connection
// that subscribes can do nothing else). While Redis is away the fleet says so (readiness, one log line) and every
// watcher polls for its own instance; when Redis returns, the watchers elect a poller again. The command
// connection also keeps the fleet's idempotency keys (idempotency-store.ts).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import type { PollerPlacement, ResumablePoller, WatcherId } from '../subscriptions/placement.js';
import { FleetWatcher, type FleetLink } from './fleet-watcher.js';
import { RedisIdempotencyStore } from './idempotency-store.js';
import { WatcherStore } from './watcher-store.js';

export interface RedisFleetOptions {
  /** `redis://` or `rediss://` URL, credentials included. */
  url: string;
  /** A holder that stops renewing (it died) loses its lease after this long, and a follower takes over. */
  leaseTtlMs: number;
  /** How often a holder renews its lease and a follower tries to take a free one (well under the TTL). */
  renewIntervalMs: number;
  logger: Logger;
}

/** A history outlives its last holder by this many lease TTLs: ample time for a follower to take over and keep it. */
const HISTORY_TTL_LEASES = 3;
/** Reconnection attempts back off up to this, so that a returning Redis is found within about a second. */
const RECONNECT_MAX_MS = 1_000;

interface Channel {
  handlers: Set<(message: string) => void>;
  /** Settles when SUBSCRIBE was answered (or failed: it is sent again when Redis returns). */
  listening: Promise<void>;
}

export class RedisFleet implements PollerPlacement, FleetLink {
  readonly renewIntervalMs: number;
  readonly logger: Logger;
  /** Names this instance in the leases it holds. */
  private readonly instanceId = randomUUID();
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly channels = new Map<string, Channel>();
  private readonly listeners = new Set<() => void>();
  private readonly pending = new Set<Promise<unknown>>();
  private up = false;
  private closing = false;
  private lastError: string | undefined;

  constructor(private readonly options: RedisFleetOptions) {
    this.renewIntervalMs = options.renewIntervalMs;
    this.logger = options.logger.child({ component: 'scale-out' });
    const connect = (role: string) => {
      const redis = new Redis(options.url, {
        connectionName: `finetuning-gateway-${role}`,
        // A command while Redis is away fails at once, and its watcher polls locally rather than wait.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        // A command slower than a renewal period counts as Redis being away.
        commandTimeout: options.renewIntervalMs,
        connectTimeout: Math.max(options.renewIntervalMs, 1_000),
        // Channels are subscribed again by `refresh`, which says the fleet is up only once they listen.
        autoResubscribe: false,
        retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, RECONNECT_MAX_MS),
      });
      redis.on('ready', () => void this.refresh());
      redis.on('close', () => void this.refresh());
      redis.on('error', (error: Error) => (this.lastError = error.message));
      return redis;
    };
    this.commands = connect('commands');
    this.subscriber = connect('subscriber');
    this.subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.channels.get(channel)?.handlers ?? []) handler(message);
    });
  }

  /** Redis answers and every channel listens: what `/readyz` reports as `redis`. */
  get healthy(): boolean {
    return this.up;
  }

  /** The command connection, for other budgets the fleet shares (rate limits): while Redis is away, commands fail at once. */
  get commandConnection(): Redis {
    return this.commands;
  }

  open<T>(watcher: WatcherId, poller: ResumablePoller<T>): AsyncIterator<T> {
    const store = new WatcherStore<T>(this.commands, watcher, `${this.instanceId}:${randomUUID()}`, {
      leaseTtlMs: this.options.leaseTtlMs,
      historyTtlMs: this.options.leaseTtlMs * HISTORY_TTL_LEASES,
    });
    return new FleetWatcher(this, watcher, poller, store).items();
  }

  /**
   * Idempotency keys of creates, shared by every instance of the fleet. An attempt's claim outlasts the attempt
   * (`attemptMs`, its operation deadline) by one command's timeout, the time to record its outcome.
   */
  idempotencyStore({ attemptMs, ...options }: { windowMs: number; attemptMs: number; waitMs: number }): RedisIdempotencyStore {
    return new RedisIdempotencyStore(this.commands, { ...options, claimTtlMs: attemptMs + this.renewIntervalMs, logger: this.logger });
  }

  onHealthChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async subscribe(name: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    let channel = this.channels.get(name);
    if (!channel) {
      channel = { handlers: new Set(), listening: this.listen([name]) };
      this.channels.set(name, channel);
    }
    channel.handlers.add(handler);
    await channel.listening;
    const joined = channel;
    return async () => {
      joined.handlers.delete(handler);
      if (joined.handlers.size > 0 || this.channels.get(name) !== joined) return;
      this.channels.delete(name);
      if (this.subscriber.status === 'ready') await this.subscriber.unsubscribe(name).catch(() => {});
    };
  }

  track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** After the registry closed: leases are let go (followers elsewhere take over at once), then both connections close. */
  async close(): Promise<void> {
    this.closing = true;
    const timeUp = new Promise((resolve) => setTimeout(resolve, this.renewIntervalMs * 2).unref());
    await Promise.race([Promise.allSettled([...this.pending]), timeUp]);
    this.commands.disconnect();
    this.subscriber.disconnect();
  }

  private async listen(channels: string[]): Promise<void> {
    if (this.subscriber.status !== 'ready' || channels.length === 0) return;
    try {
      await this.subscriber.subscribe(...channels);
    } catch (error) {
      // A channel that does not listen would leave its followers silent: reconnecting subscribes every channel again.
      this.logger.warn({ error: (error as Error).message }, 'Redis refused a subscription: reconnecting');
      this.subscriber.disconnect(true);
    }
  }

  /** Recomputes whether the fleet is up after a connection came or went, and tells the watchers when it changed. */
  private async refresh(): Promise<void> {
    if (this.closing) return;
    const connected = () => this.commands.status === 'ready' && this.subscriber.status === 'ready';
    // A reconnected subscriber listens to nothing: its channels listen again before any watcher reads a history.
    if (connected() && !this.up) await this.listen([...this.channels.keys()]);
    const up = connected();
    if (up === this.up || this.closing) return;
    this.up = up;
    if (up) {
      this.logger.info('Redis reachable: one poller per model and credential across the fleet');
    } else {
      this.logger.warn({ error: this.lastError }, 'Redis unreachable: each instance polls for its own subscribers until it returns');
    }
    for (const listener of this.listeners) listener();
  }
}
