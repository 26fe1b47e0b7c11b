// Policies around every upstream call (cockatiel): retries of upstream faults where repeating is safe, with
// exponential backoff, jitter and Retry-After, inside the operation's deadline and a retry budget; a circuit breaker
// that fails fast while the upstream is down; and a cap on concurrent calls with a bounded queue.
//
// Only upstream faults (errors.ts: no answer, a timeout, a 5xx, an unreadable body) say the upstream is unhealthy:
// they alone are retried and counted by the breaker. Any other answer — a 4xx to one caller's key, a 429 — is that
// caller's, is never retried, and counts as the upstream answering, so one tenant can never open the breaker for
// the others.
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  ConsecutiveBreaker,
  DelegateBackoff,
  TaskCancelledError,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type CircuitState,
  type IRetryBackoffContext,
} from 'cockatiel';
import { GatewayError, isUpstreamFault } from '../errors.js';
import type { Deadline } from './deadline.js';

export interface ResilienceOptions {
  /** Retries after the first attempt, at most. */
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** Retries may add at most this share of calls (over the last 10 s), plus `minRetriesPerSecond`. */
  retryBudgetRatio: number;
  minRetriesPerSecond: number;
  /** Consecutive upstream failures that open the breaker, and how long it stays open before a trial call. */
  breakerFailures: number;
  breakerHalfOpenAfterMs: number;
  /** Upstream calls in flight at once across the whole gateway, and calls allowed to wait for a slot. */
  maxConcurrentCalls: number;
  maxQueuedCalls: number;
}

export interface ResilienceObserver {
  onRetry?(route: string, delayMs: number): void;
  onBreakerStateChange?(state: 'closed' | 'open' | 'half-open'): void;
  onRejected?(route: string, reason: 'breaker-open' | 'overloaded' | 'retry-budget'): void;
}

/** An answer that is not an upstream fault, carried through the breaker as the success it is for the upstream's health. */
interface Answer {
  answer: GatewayError;
}
const isAnswer = (outcome: unknown): outcome is Answer => typeof outcome === 'object' && outcome !== null && 'answer' in outcome;

/**
 * A retry budget, hand-written because cockatiel has none: retries are allowed while they stay under a share
 * of recent calls, so an outage cannot multiply the load on the upstream. Counts live in one-second buckets.
 */
export class RetryBudget {
  private readonly calls = new Array<number>(10).fill(0);
  private readonly retries = new Array<number>(10).fill(0);
  private second = 0;

  constructor(
    private readonly ratio: number,
    private readonly minPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  private rotate(): number {
    const second = Math.floor(this.now() / 1000);
    for (let s = Math.max(this.second + 1, second - 9); s <= second; s += 1) {
      this.calls[s % 10] = 0;
      this.retries[s % 10] = 0;
    }
    this.second = Math.max(this.second, second);
    return second % 10;
  }

  recordCall(): void {
    this.calls[this.rotate()]! += 1;
  }

  /** Takes one retry from the budget, or answers false when the budget is spent. */
  tryRetry(): boolean {
    const slot = this.rotate();
    const sum = (buckets: number[]) => buckets.reduce((a, b) => a + b, 0);
    if (sum(this.retries) >= this.minPerSecond * 10 + this.ratio * sum(this.calls)) return false;
    this.retries[slot]! += 1;
    return true;
  }
}

export class UpstreamResilience {
  private readonly breaker;
  private readonly bulkhead;
  private readonly budget: RetryBudget;
  private state: CircuitState | undefined;

  constructor(
    private readonly options: ResilienceOptions,
    private readonly observer: ResilienceObserver = {},
  ) {
    this.breaker = circuitBreaker(
      handleWhen(isUpstreamFault),
      { halfOpenAfter: options.breakerHalfOpenAfterMs, breaker: new ConsecutiveBreaker(options.breakerFailures) },
    );
    this.breaker.onStateChange((state) => {
      this.state = state;
      observer.onBreakerStateChange?.(['closed', 'open', 'half-open', 'open'][state] as 'closed' | 'open' | 'half-open');
    });
    this.bulkhead = bulkhead(options.maxConcurrentCalls, options.maxQueuedCalls);
    this.budget = new RetryBudget(options.retryBudgetRatio, options.minRetriesPerSecond);
  }

  /** Whether calls currently fail fast (for readiness). */
  get breakerOpen(): boolean {
    return this.state === 1 || this.state === 3; // Open, Isolated
  }

  /** `repeatable`: the call may be made again after an upstream fault (a GET, or a PATCH carrying the whole model). */
  async run<T>(route: string, repeatable: boolean, deadline: Deadline, attempt: () => Promise<T>): Promise<T> {
    const { options, observer } = this;
    const shouldRetry = (error: Error): boolean => {
      if (!repeatable || !isUpstreamFault(error)) return false;
      const waitMs = (error.retryAfterSeconds ?? 0) * 1000;
      if (Date.now() + waitMs >= deadline.at) return false;
      if (!this.budget.tryRetry()) {
        observer.onRejected?.(route, 'retry-budget');
        return false;
      }
      return true;
    };
    const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>>((context) => {
      const exponential = Math.min(options.retryMaxDelayMs, options.retryBaseDelayMs * 2 ** (context.attempt - 1));
      const error = 'error' in context.result ? context.result.error : undefined;
      const retryAfterMs = (error instanceof GatewayError ? (error.retryAfterSeconds ?? 0) : 0) * 1000;
      // Full jitter, but never sooner than the upstream asked, and never past the deadline.
      const delay = Math.max(retryAfterMs, Math.random() * exponential);
      const capped = Math.min(delay, Math.max(0, deadline.at - Date.now()));
      observer.onRetry?.(route, capped);
      return capped;
    });
    const policy = wrap(
      retry(handleWhen(shouldRetry), { maxAttempts: options.maxRetries, backoff }),
      this.breaker,
      this.bulkhead,
    );

    this.budget.recordCall();
    try {
      const outcome = await policy.execute(
        () => attempt().catch((error: unknown): Answer => {
          if (error instanceof GatewayError && !isUpstreamFault(error)) return { answer: error };
          throw error;
        }),
        deadline.signal,
      );
      if (isAnswer(outcome)) throw outcome.answer;
      return outcome;
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        observer.onRejected?.(route, 'breaker-open');
        throw new GatewayError('UPSTREAM_UNAVAILABLE', 'The upstream is failing; calls are paused for a few seconds.', {
          cause: error,
          retryAfterSeconds: Math.ceil(options.breakerHalfOpenAfterMs / 1000),
        });
      }
      if (error instanceof BulkheadRejectedError) {
        observer.onRejected?.(route, 'overloaded');
        throw new GatewayError('OVERLOADED', undefined, { cause: error, retryAfterSeconds: 1 });
      }
      if (error instanceof TaskCancelledError) {
        throw new GatewayError('UPSTREAM_TIMEOUT', 'The operation ran out of time waiting for the upstream.', { cause: error });
      }
      throw error;
    }
  }
}
