// The timer behind a watcher, as a Repeater: it polls while someone iterates it and stops the moment the
// consumer returns — the pending timer cleared and the request in flight aborted (an async generator would
// sleep on until its next wake-up).
import { Repeater } from '@repeaterjs/repeater';
import { isTransient } from '../errors.js';
import { nextPollDelay, type Pace, type PollCadence } from './cadence.js';

interface PollResult<T> {
  /** What this poll found that is new, in order. */
  items: T[];
  /** How soon the next poll is worth making. */
  pace: Pace;
  /** Nothing more will come: the stream ends after these items. */
  done: boolean;
}

export type Poll<T> = () => Promise<PollResult<T>>;

/**
 * Yields the items of successive polls: the first one at once, the next after the cadence's delay. Transient
 * upstream failures are retried with back-off; any other error ends the iteration by being thrown.
 * `start` receives a signal that aborts when the loop stops, for the upstream calls to carry.
 */
export function pollLoop<T>(start: (signal: AbortSignal) => Poll<T>, cadence: PollCadence): Repeater<T> {
  return new Repeater<T>(async (push, stop) => {
    const controller = new AbortController();
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let wake = () => {};
    void stop.then(() => {
      stopped = true;
      controller.abort();
      clearTimeout(timer);
      wake();
    });
    const poll = start(controller.signal);
    let pace: Pace = 'active';
    let failures = 0;
    while (!stopped) {
      let retryAfterSeconds: number | undefined;
      try {
        const result = await poll();
        for (const item of result.items) await push(item);
        // A Repeater ends when stopped, not when its executor returns.
        if (result.done) return stop();
        pace = result.pace;
        failures = 0;
      } catch (error) {
        if (stopped) return;
        if (!isTransient(error)) throw error;
        failures += 1;
        retryAfterSeconds = error.retryAfterSeconds;
      }
      if (stopped) return; // stopped while delivering: no timer to leave behind
      const delay = nextPollDelay(cadence, pace, failures, retryAfterSeconds, Math.random);
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, delay);
      });
    }
  });
}
