// Per-caller rate limits: how many operations one caller may start per window (RATE_LIMIT_OPERATIONS), and how many
// estimated upstream calls those operations may add up to (RATE_LIMIT_COST, the estimate MAX_QUERY_COST bounds).
// Checked before execution, once the caller is known and the operation is allowed and costed (pipeline.ts says why
// there), so that a refusal costs no upstream call. A subscription counts once, when it starts: its polls are shared
// by every subscriber of the model and credential, so no one caller's budget could fairly pay for them.
//
// The windows are rate-limiter-flexible's fixed windows, not a token bucket. A caller's window opens with its first
// operation and lasts RATE_LIMIT_WINDOW_SECONDS; the whole budget comes back when it closes. As with a token bucket
// of that capacity refilled at budget per window, a caller may start at most twice the budget within any one window's
// span (the end of one window and the start of the next) and the budget per window in the long run; unlike one, the
// budget comes back all at once, so a caller that spent it waits for its window to close. (BurstyRateLimiter would
// only add a second fixed window for bursts: two more settings, and its budget comes back all at once too.)
//
// Callers are told apart by `principal.identity` (a hash, never the key). Callers without one share a single budget:
// those the gateway's own key serves (pass-through with COHERE_API_KEY) all spend that one key's upstream quota, and
// the gateway knows no client address it could trust behind a load balancer. Callers with no credential at all (or a
// broken one) are refused earlier (auth/authorize.ts) unless they only read the schema, which costs no upstream call:
// those are not limited, as one shared budget would let one stranger lock every other out of the schema (a
// supergraph's composition included).
//
// With REDIS_URL the budgets live in Redis (RateLimiterRedis, on the fleet's command connection), so the whole fleet
// shares them. While Redis is away, each instance enforces the same budgets on its own (RateLimiterMemory), with one
// log line and a metric: refusing everything would make Redis a single point of failure for an API that otherwise
// serves on without it (scale-out.md), and admitting everything would drop the limits just when something is wrong.
// A fleet of n instances then admits at most n times the budget until Redis returns.
import type { ExecutionArgs, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Context } from '../context.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { REDIS_PREFIX } from '../scale-out/redis-keys.js';
import { operationRefusal } from './graphql-errors.js';

export interface RateLimitSettings {
  /** Operations one caller may start per window; undefined: no limit. */
  operations: number | undefined;
  /** Estimated upstream calls one caller's operations may add up to per window; undefined: no limit. */
  cost: number | undefined;
  windowSeconds: number;
}

type Limit = 'operations' | 'cost';

/** The budget of callers without an identity; identities are base64url hashes, so none can be this. */
const ANONYMOUS = 'anonymous';

interface Budget {
  limit: Limit;
  /** Redis when the fleet has it, else memory. */
  shared: RateLimiterAbstract;
  /** This instance's own, while Redis is away. */
  local: RateLimiterMemory | undefined;
}

/** One budget's answer to a consumption: granted or refused, and the limiter to give the points back to. */
interface Taken {
  budget: Budget;
  points: number;
  granted: boolean;
  msBeforeNext: number;
  limiter: RateLimiterAbstract;
}

export class RateLimits {
  private readonly budgets: Budget[];
  private redisAway = false;

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly parts: { redis: Redis | undefined; logger: Logger; metrics: Metrics },
  ) {
    const { redis } = parts;
    const make = (limit: Limit, points: number): Budget => {
      const options = { keyPrefix: `${REDIS_PREFIX}rate:${limit}`, points, duration: settings.windowSeconds };
      const local = new RateLimiterMemory(options);
      if (!redis) return { limit, shared: local, local: undefined };
      return { limit, shared: new RateLimiterRedis({ ...options, storeClient: redis }), local };
    };
    this.budgets = [
      ...(settings.operations === undefined ? [] : [make('operations', settings.operations)]),
      ...(settings.cost === undefined ? [] : [make('cost', settings.cost)]),
    ];
  }

  /** Why the caller `identity` may not start an operation of estimated `cost` now, or null (its budget is then spent). */
  async refusal(identity: string | null, cost: number): Promise<GatewayError | null> {
    const { settings } = this;
    if (settings.cost !== undefined && cost > settings.cost) {
      // No window would ever hold it: waiting would not help.
      this.parts.metrics.rateLimited.inc({ limit: 'cost' });
      return new GatewayError(
        'QUERY_TOO_COMPLEX',
        `This operation could cost up to ${cost} upstream calls; one caller may spend at most ${settings.cost} every ${settings.windowSeconds} s. Ask for fewer items or split it.`,
      );
    }
    const key = identity ?? ANONYMOUS;
    const wanted = this.budgets.map((budget) => ({ budget, points: budget.limit === 'operations' ? 1 : cost })).filter((w) => w.points > 0);
    const taken = await Promise.all(wanted.map(({ budget, points }) => this.take(budget, key, points)));
    const refused = taken.filter((t) => !t.granted);
    if (refused.length === 0) return null;
    // A refused operation spends nothing: neither what its other budget granted, nor the points just refused, so a
    // costly operation refused leaves what is left for smaller ones. A give-back that fails only makes the window
    // stricter for this caller.
    await Promise.all(taken.map((t) => t.limiter.reward(key, t.points).catch(() => undefined)));
    for (const { budget } of refused) this.parts.metrics.rateLimited.inc({ limit: budget.limit });
    const [first] = refused.sort((a, b) => b.msBeforeNext - a.msBeforeNext);
    const waitSeconds = Math.max(1, Math.ceil(first!.msBeforeNext / 1000));
    const message =
      first!.budget.limit === 'operations'
        ? `One caller may start at most ${settings.operations} operations every ${settings.windowSeconds} s; try again in ${waitSeconds} s.`
        : `This operation could cost up to ${cost} upstream calls, more than is left of this caller's ${settings.cost} every ${settings.windowSeconds} s; try again in ${waitSeconds} s.`;
    return new GatewayError('RATE_LIMITED', message, { retryAfterSeconds: waitSeconds });
  }

  private async take(budget: Budget, key: string, points: number): Promise<Taken> {
    const answer = (limiter: RateLimiterAbstract, res: RateLimiterRes, granted: boolean): Taken => ({
      budget,
      points,
      granted,
      msBeforeNext: res.msBeforeNext,
      limiter,
    });
    const consume = (limiter: RateLimiterAbstract) =>
      limiter.consume(key, points).then(
        (res) => answer(limiter, res, true),
        (rejection: unknown) => {
          if (rejection instanceof RateLimiterRes) return answer(limiter, rejection, false);
          throw rejection;
        },
      );
    if (!budget.local) return consume(budget.shared);
    try {
      const taken = await consume(budget.shared);
      this.redisBack();
      return taken;
    } catch (error) {
      this.redisGone(error);
      return consume(budget.local);
    }
  }

  private redisGone(error: unknown): void {
    this.parts.metrics.rateLimitLocalChecks.inc();
    if (this.redisAway) return;
    this.redisAway = true;
    this.parts.logger.warn(
      { component: 'rate-limits', error: (error as Error)?.message },
      'Redis unavailable for rate limits: each instance enforces them on its own until it returns',
    );
  }

  private redisBack(): void {
    if (!this.redisAway) return;
    this.redisAway = false;
    this.parts.logger.info({ component: 'rate-limits' }, 'Redis reachable: rate limits are shared by the fleet again');
  }
}

/** The rate limits of `settings`, or undefined when neither budget is set (the default). */
export function createRateLimits(settings: RateLimitSettings, parts: ConstructorParameters<typeof RateLimits>[1]): RateLimits | undefined {
  return settings.operations === undefined && settings.cost === undefined ? undefined : new RateLimits(settings, parts);
}

/** Refuses an operation over its caller's rate limits with RATE_LIMITED (HTTP 429 and Retry-After), before it runs. */
export function useRateLimits(limits: RateLimits): Plugin<Context> {
  const check = async (args: ExecutionArgs, stop: (result: { errors: GraphQLError[] }) => void) => {
    const context = args.contextValue as Context;
    const { principal } = context.caller;
    // Without a credential, only schema reads get this far: see above.
    if (!context.operation || !principal.credential) return;
    const refusal = await limits.refusal(principal.identity, context.estimatedCost);
    if (refusal) stop({ errors: [operationRefusal(refusal)] });
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
  };
}
