import { digitsFromSeed } from './hashing.js';

/**
 * The sandbox's time, in whole microseconds of wall-clock time. Timestamps stay real (a model created now says
 * so); only the durations of the simulated life cycle shrink by the speed factor.
 */
export class SandboxClock {
  private lastStampUs = 0;

  constructor(
    private readonly nowMs: () => number,
    private readonly speed: number,
  ) {}

  wallMs(): number {
    return this.nowMs();
  }

  /** The end of the current millisecond: whatever was stamped during it has already happened. */
  nowUs(): number {
    return Math.floor(this.nowMs()) * 1000 + 999;
  }

  /**
   * The moment of something happening now. Its sub-millisecond digits come from `seed` (reproducible), and
   * stamps never go backwards within a millisecond, so creation order is list order even on a frozen clock.
   */
  stamp(seed: string): number {
    const msStartUs = Math.floor(this.nowMs()) * 1000;
    let us = msStartUs + digitsFromSeed(seed);
    if (us <= this.lastStampUs) us = Math.min(this.lastStampUs + 1, msStartUs + 999);
    this.lastStampUs = Math.max(this.lastStampUs, us);
    return us;
  }

  /** How many real microseconds a simulated duration lasts. */
  realUs(simulatedMs: number): number {
    return Math.round((simulatedMs * 1000) / this.speed);
  }
}

function secondsPrefix(us: number): string {
  // toISOString ends in ".mmmZ"; keep up to the milliseconds and append finer digits.
  return new Date(Math.floor(us / 1000)).toISOString().slice(0, -1);
}

function threeDigits(n: number): string {
  return String(n).padStart(3, '0');
}

/** RFC 3339 UTC with microseconds, as Cohere stamps models and events: `2024-01-17T20:11:42.907112Z`. */
export function formatMicros(us: number): string {
  return `${secondsPrefix(us)}${threeDigits(us % 1000)}Z`;
}

/** RFC 3339 UTC with nanoseconds, as Cohere stamps metric rows: `2024-01-17T20:24:26.952802658Z`. */
export function formatNanos(us: number, nanoDigits: number): string {
  return `${secondsPrefix(us)}${threeDigits(us % 1000)}${threeDigits(nanoDigits)}Z`;
}
