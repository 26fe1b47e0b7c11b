// What one watcher keeps in Redis: a lease naming the instance that polls for the fleet, a history of the
// batches it published (so that an instance joining late, or taking over, knows where the stream stands), and a
// channel on which every batch reaches every instance. Names carry the credential hash, never the key; payloads
// are domain shapes (status changes, metric rows) and the poller's resume point, never a credential.
//
// The lease is a plain `SET NX PX`; everything that must only happen while the lease is still ours (renewing
// it, publishing, ending the stream, letting go) is a small Lua script, because Redis runs a script atomically:
// checked from the client, the lease could pass to another instance between the check and the write, and a
// holder that was paused past its TTL would then publish over its successor.
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import { GatewayError, type ErrorCode } from '../errors.js';
import type { Batch } from '../subscriptions/batch.js';
import type { WatcherId } from '../subscriptions/placement.js';
import { REDIS_PREFIX } from './redis-keys.js';

/** An error that ended a stream, as the fleet shares it: a gateway error's code and message, or nothing of an unexpected one. */
export interface SharedError {
  code?: ErrorCode;
  message: string;
  retryAfterSeconds?: number;
}

/** What travels on a watcher's channel. */
export type FleetMessage<T> = { batch: Batch<T> } | { end: SharedError | null } | { released: true };

function shareError(error: unknown): SharedError | null {
  if (error === null || error === undefined) return null;
  if (error instanceof GatewayError) {
    return { code: error.code, message: error.message, ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }) };
  }
  // Masked for clients anyway: nothing of an unexpected error's message leaves this instance.
  return { message: 'A subscription poller failed unexpectedly.' };
}

export function errorOf(shared: SharedError | null): Error | null {
  if (!shared) return null;
  return shared.code ? new GatewayError(shared.code, shared.message, { retryAfterSeconds: shared.retryAfterSeconds }) : new Error(shared.message);
}

// KEYS[1] lease, KEYS[2] history. Take the lease when it is free or already ours; keep the history alive.
const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return false end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return redis.call('LRANGE', KEYS[2], 0, -1)`;

const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1`;

// ARGV: token, history TTL, channel, batch, message. History and channel move together: whoever reads the
// history after subscribing misses nothing.
const PUBLISH = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[5])
return 1`;

// The stream is over: nothing is left to resume, and the next subscriber starts afresh.
const FINISH = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`;

// The holder's last subscriber left. Another instance still listening takes over at once; with nobody
// listening, the history goes too, so that a later subscriber starts from the current status, not a stale one.
const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
if redis.call('PUBSUB', 'NUMSUB', ARGV[2])[2] == 0 then
  redis.call('DEL', KEYS[2])
else
  redis.call('PUBLISH', ARGV[2], ARGV[3])
end
return 1`;

export interface LeaseTimes {
  leaseTtlMs: number;
  /** How long the history outlives its last holder: long enough for a follower to take over and keep it. */
  historyTtlMs: number;
}

export class WatcherStore<T> {
  readonly channel: string;
  private readonly lease: string;
  private readonly history: string;

  /** `token` identifies this instance's claim on the lease; it is all the lease holds. */
  constructor(
    private readonly redis: Redis,
    private readonly watcher: WatcherId,
    private readonly token: string,
    private readonly times: LeaseTimes,
  ) {
    const tag = `${REDIS_PREFIX}${watcher.kind}:${watcher.credentialHash}:${encodeURIComponent(watcher.modelId)}`;
    this.lease = `${tag}:lease`;
    this.history = `${tag}:history`;
    this.channel = `${tag}:feed`;
  }

  /** Takes the lease when nobody else holds it, and returns the history; null while another instance holds it. */
  async acquire(): Promise<Batch<T>[] | null> {
    const { leaseTtlMs, historyTtlMs } = this.times;
    const history = (await this.script('lease.acquire', ACQUIRE, [this.token, leaseTtlMs, historyTtlMs], (reply) => reply !== null)) as string[] | null;
    return history && parseAll<Batch<T>>(history);
  }

  /** Extends the lease; false when it is no longer ours. */
  async renew(): Promise<boolean> {
    const { leaseTtlMs, historyTtlMs } = this.times;
    return (await this.script('lease.renew', RENEW, [this.token, leaseTtlMs, historyTtlMs], (reply) => reply === 1)) === 1;
  }

  async read(): Promise<Batch<T>[]> {
    return parseAll<Batch<T>>(await this.redis.lrange(this.history, 0, -1));
  }

  /** Appends to the history and sends to every instance; false (and nothing sent) when the lease is no longer ours. */
  async publish(batch: Batch<T>): Promise<boolean> {
    const message: FleetMessage<T> = { batch };
    const args = [this.token, this.times.historyTtlMs, this.channel, JSON.stringify(batch), JSON.stringify(message)];
    return (await this.script('publish', PUBLISH, args, (reply) => reply === 1)) === 1;
  }

  /** Tells every instance that the stream is over (with the error that ended it), and forgets the watcher. */
  async finish(error: unknown): Promise<void> {
    const message: FleetMessage<T> = { end: shareError(error) };
    await this.script('finish', FINISH, [this.token, this.channel, JSON.stringify(message)]);
  }

  /** Lets go of the lease, for a follower to take at once. */
  async release(): Promise<void> {
    const message: FleetMessage<T> = { released: true };
    await this.script('lease.release', RELEASE, [this.token, this.channel, JSON.stringify(message)]);
  }

  /**
   * One script over the lease and the history, in a span (a no-op unless the app registered the OpenTelemetry SDK)
   * that says whether the lease was ours. A root: fleet work runs on timers and after polls, for no one operation.
   * Neither the names (they carry the credential hash) nor the payloads are recorded.
   */
  private script(step: string, script: string, args: (string | number)[], held?: (reply: unknown) => boolean): Promise<unknown> {
    const options = { kind: SpanKind.CLIENT, root: true };
    return trace.getTracer('finetuning-graphql-gateway/scale-out').startActiveSpan(`fleet.${step}`, options, async (span) => {
      if (span.isRecording()) {
        const { kind, modelId } = this.watcher;
        span.setAttributes({ 'db.system.name': 'redis', 'db.operation.name': 'EVAL', 'finetuning.watcher.kind': kind, 'finetuning.model.id': modelId });
      }
      try {
        const reply = await this.redis.eval(script, 2, this.lease, this.history, ...args);
        if (held) span.setAttribute('finetuning.lease.held', held(reply));
        return reply;
      } catch (error) {
        span.setAttribute('error.type', (error as Error | null)?.name ?? 'unknown');
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  }
}

/** Entries this gateway wrote itself; one that does not parse is skipped rather than ending the stream. */
function parseAll<V>(entries: string[]): V[] {
  return entries.flatMap((entry) => {
    try {
      return [JSON.parse(entry) as V];
    } catch {
      return [];
    }
  });
}

export function parseMessage<T>(raw: string): FleetMessage<T> | undefined {
  return parseAll<FleetMessage<T>>([raw])[0];
}
