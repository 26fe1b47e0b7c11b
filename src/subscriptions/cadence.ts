// How often a watcher asks the upstream: fast while a job moves, slowly while it rests, more slowly still
// while the upstream fails. Every delay is jittered so that watchers started together do not poll in lockstep.

export interface PollCadence {
  /** Between polls while the job moves by itself (QUEUED, FINETUNING, DEPLOYING_API). */
  activeIntervalMs: number;
  /** Between polls in a state that changes only by a user's action. */
  stableIntervalMs: number;
  /** Each delay is drawn uniformly within ±ratio of its nominal value. */
  jitterRatio: number;
  /** Ceiling of the exponential back-off after upstream failures; a longer Retry-After still wins. */
  backoffMaxMs: number;
}

export type Pace = 'active' | 'stable';

/** Node's timers fire at once past this many milliseconds (a signed 32-bit count): a wait never goes beyond it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Milliseconds until the next poll. After `failures` consecutive failures the pace's interval doubles per
 * failure up to the ceiling, but never drops below the interval itself: a failing upstream is never polled
 * faster than a healthy one. `retryAfterSeconds` (from the last failure) is a floor up to the same ceiling: an
 * upstream may ask for years, or send milliseconds where it meant seconds.
 */
export function nextPollDelay(
  cadence: PollCadence,
  pace: Pace,
  failures: number,
  retryAfterSeconds: number | undefined,
  random: () => number,
): number {
  const interval = pace === 'active' ? cadence.activeIntervalMs : cadence.stableIntervalMs;
  const nominal = failures === 0 ? interval : Math.max(interval, Math.min(cadence.backoffMaxMs, interval * 2 ** failures));
  const jittered = Math.round(nominal * (1 + cadence.jitterRatio * (2 * random() - 1)));
  const asked = Math.min(Math.max(0, (retryAfterSeconds ?? 0) * 1000), cadence.backoffMaxMs);
  return Math.min(MAX_TIMER_MS, Math.max(jittered, asked));
}
