// Idempotency keys of creates, shared by a fleet through Redis: a create retried through any instance replays the
// model the first attempt made, waits for an attempt under way on another instance, or, after an attempt of unknown
// outcome (a timeout, a 5xx: the upstream may have created), looks for the model before creating. The states are
// those of the memory store (src/writes/idempotency.ts), in two names per caller and key:
//
//   <prefix>idempotency:<caller hash>:<key hash>           the record, for the window: the input's fingerprint and
//                                                          pending {startedAt} | created {modelId} | unknown {startedAt}
//   <prefix>idempotency:<caller hash>:<key hash>:attempt   the claim of the attempt under way: a token that expires
//                                                          once that attempt must be over, outcome recorded or not
//
// Names are hashes, so they are short and carry no credential (the caller's identity is a hash already, the client's
// key is hashed); the record holds the input's fingerprint, never the input.
//
// Claiming is one Lua script, run atomically, so two instances can never both take a key: it refuses another input,
// answers what is known, or takes the attempt. A pending record whose claim expired belongs to an instance that died
// mid-attempt: its outcome is unknown, so whoever claims the key next looks for the model first. A create that finds
// the key claimed waits, polling, for at most IDEMPOTENCY_WAIT_MS.
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { GatewayError, isUpstreamFault } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { FinetuningIdempotencyKeyReusedError } from '../writes/errors.js';
import type { CreateSteps, IdempotencyStore, IdempotentCreate } from '../writes/idempotency.js';
import { REDIS_PREFIX } from './redis-keys.js';

export interface RedisIdempotencyOptions {
  /** How long a key is remembered (IDEMPOTENCY_WINDOW_SECONDS). */
  windowMs: number;
  /**
   * How long an attempt's claim lasts: longer than any attempt can take (the operation deadline bounds its look for
   * an earlier model and its create) plus recording its outcome, so that only a dead instance's claim expires.
   */
  claimTtlMs: number;
  /** How long a create waits for an attempt under way with its key before IDEMPOTENCY_KEY_IN_USE. */
  waitMs: number;
  logger: Logger;
}

/** A waiting create asks again after this, doubling up to the ceiling. */
const WAIT_FIRST_MS = 20;
const WAIT_CEILING_MS = 250;

// KEYS: record, claim. ARGV: fingerprint, token, now, record TTL, claim TTL, id of a created model found gone ('').
// Answers {'reused'}, {'created', id}, {'busy'}, or {'claimed', since}: since is when an attempt of unknown outcome
// started ('' for none), and the new pending record keeps it, so that the model is looked for as long as it may exist.
const CLAIM = `
local raw = redis.call('GET', KEYS[1])
local since = ''
if raw then
  local entry = cjson.decode(raw)
  if entry.fingerprint ~= ARGV[1] then return {'reused'} end
  if entry.state == 'created' and entry.modelId ~= ARGV[6] then return {'created', entry.modelId} end
  if entry.state == 'pending' and redis.call('EXISTS', KEYS[2]) == 1 then return {'busy'} end
  if entry.state ~= 'created' then since = entry.startedAt end
end
local startedAt = since ~= '' and since or ARGV[3]
redis.call('SET', KEYS[1], cjson.encode({state = 'pending', fingerprint = ARGV[1], startedAt = startedAt}), 'PX', ARGV[4])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[5])
return {'claimed', since}`;

// KEYS: record, claim. ARGV: token, outcome, fingerprint, model id (created) or start (unknown), window.
// A created model is recorded whoever holds the claim: it exists. An unknown outcome, or forgetting a key whose
// attempt failed, only by the claim's holder: past its claim, another instance may be trying the key already.
const SETTLE = `
local ours = redis.call('GET', KEYS[2]) == ARGV[1]
if ARGV[2] == 'created' then
  redis.call('SET', KEYS[1], cjson.encode({state = 'created', fingerprint = ARGV[3], modelId = ARGV[4]}), 'PX', ARGV[5])
elseif not ours then
  return 0
elseif ARGV[2] == 'unknown' then
  redis.call('SET', KEYS[1], cjson.encode({state = 'unknown', fingerprint = ARGV[3], startedAt = ARGV[4]}), 'PX', ARGV[5])
else
  redis.call('DEL', KEYS[1])
end
if ours then redis.call('DEL', KEYS[2]) end
return 1`;

type Claim = { state: 'reused' } | { state: 'created'; modelId: string } | { state: 'busy' } | { state: 'claimed'; since: number | null };

interface Names {
  record: string;
  claim: string;
}

function namesOf(scope: string, key: string): Names {
  const record = `${REDIS_PREFIX}idempotency:${scope}:${createHash('sha256').update(key).digest('base64url')}`;
  return { record, claim: `${record}:attempt` };
}

export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisIdempotencyOptions,
  ) {}

  async create(scope: string, key: string, fingerprint: string, steps: CreateSteps): Promise<IdempotentCreate> {
    const names = namesOf(scope, key);
    const waitUntil = Date.now() + this.options.waitMs;
    let pause = WAIT_FIRST_MS;
    let gone: string | undefined;
    for (;;) {
      const token = randomUUID();
      const now = Date.now();
      const claim = await this.claim(names, fingerprint, token, now, gone);
      if (claim.state === 'reused') throw new FinetuningIdempotencyKeyReusedError();
      if (claim.state === 'claimed') return this.attempt(names, token, fingerprint, claim.since, now, steps);
      if (claim.state === 'created') {
        const model = await steps.read(claim.modelId);
        if (model) return { model, replayed: true };
        // The model made under this key is gone (deleted): the key may make a new one.
        gone = claim.modelId;
        continue;
      }
      const left = waitUntil - Date.now();
      if (left <= 0) throw new GatewayError('IDEMPOTENCY_KEY_IN_USE');
      await sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, WAIT_CEILING_MS);
    }
  }

  private async claim(names: Names, fingerprint: string, token: string, now: number, gone: string | undefined): Promise<Claim> {
    const { windowMs, claimTtlMs } = this.options;
    const args = [fingerprint, token, now, Math.max(windowMs, claimTtlMs), claimTtlMs, gone ?? ''];
    let reply: [string, string | undefined];
    try {
      reply = (await this.redis.eval(CLAIM, 2, names.record, names.claim, ...args)) as typeof reply;
    } catch (error) {
      // Fail closed. Without Redis this instance cannot know whether another one created with this key, or is
      // creating right now: creating anyway (from memory) could silently make a second model, which is what the key
      // was sent to prevent. A coded, retryable refusal before anything reaches the upstream costs the client one
      // retry (the fleet reconnects within a second). Creates without a key need no Redis and go on.
      this.options.logger.warn({ error: (error as Error).message }, 'Redis did not answer: a create with an idempotency key is refused');
      throw new GatewayError('OVERLOADED', 'Idempotency keys cannot be checked right now (Redis is unreachable); nothing was created. Try again shortly.', {
        retryAfterSeconds: 1,
        cause: error,
      });
    }
    const [state, detail] = reply;
    if (state === 'created') return { state, modelId: detail! };
    if (state === 'claimed') return { state, since: detail ? Number(detail) : null };
    return { state: state as 'reused' | 'busy' };
  }

  /**
   * The key is ours: look for the model of an attempt of unknown outcome (started at `since`) and replay it, or
   * create; then record what happened, as the memory store does.
   */
  private async attempt(names: Names, token: string, fingerprint: string, since: number | null, now: number, steps: CreateSteps): Promise<IdempotentCreate> {
    const startedAt = since ?? now;
    let creating = false;
    try {
      const found = since === null ? null : await steps.findCreatedSince(since);
      if (found) {
        await this.settle(names, token, fingerprint, 'created', found.id);
        return { model: found, replayed: true };
      }
      creating = true;
      const model = await steps.create();
      await this.settle(names, token, fingerprint, 'created', model.id);
      return { model, replayed: false };
    } catch (error) {
      // After an upstream fault the upstream may still have created the model; a look that failed leaves the
      // earlier attempt's outcome as unknown as it was.
      if (!creating || isUpstreamFault(error)) {
        await this.settle(names, token, fingerprint, 'unknown', String(startedAt));
      } else {
        await this.settle(names, token, fingerprint, 'forgotten', '');
      }
      throw error;
    }
  }

  /**
   * Records how an attempt ended. When Redis cannot be told, the attempt's claim expires, and the next attempt with
   * the key treats the outcome as unknown: it looks for the model before creating.
   */
  private async settle(names: Names, token: string, fingerprint: string, outcome: 'created' | 'unknown' | 'forgotten', detail: string): Promise<void> {
    try {
      await this.redis.eval(SETTLE, 2, names.record, names.claim, token, outcome, fingerprint, detail, this.options.windowMs);
    } catch (error) {
      this.options.logger.warn(
        { error: (error as Error).message, outcome },
        'Redis unreachable: the outcome of a create is not recorded; the next attempt with its idempotency key looks for the model first',
      );
    }
  }
}
