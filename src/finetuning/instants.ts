// Timestamps compared as instants, not strings: `…Z` and `…+00:00` are the same instant, and so are a JavaScript
// Date's milliseconds and the upstream's nanoseconds within that millisecond. Hand-written: Date keeps milliseconds
// only, and the upstream writes up to nine fraction digits.

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

interface Instant {
  /** Whole seconds since the epoch. */
  seconds: number;
  /** The fraction of a second as written, e.g. "123" or "123456789". */
  fraction: string;
}

function parse(timestamp: string): Instant | null {
  const match = RFC3339.exec(timestamp);
  if (!match) return null;
  const seconds = Date.parse(`${match[1]}${match[3]!.toUpperCase()}`) / 1000;
  return Number.isNaN(seconds) ? null : { seconds, fraction: match[2] ?? '' };
}

/**
 * Whether `expected` (what a client sent) names the instant `actual` (what the upstream wrote), compared to the
 * precision of the less precise of the two: a time with millisecond precision matches any time in that millisecond.
 */
export function sameInstant(expected: string, actual: string | null): boolean {
  const a = parse(expected);
  const b = actual === null ? null : parse(actual);
  if (!a || !b) return expected === actual;
  const digits = Math.min(a.fraction.length, b.fraction.length);
  const fraction = (instant: Instant) => instant.fraction.padEnd(9, '0').slice(0, digits);
  return a.seconds === b.seconds && fraction(a) === fraction(b);
}

/** The order of two upstream timestamps as instants (negative when `a` is earlier), to the nanosecond. */
export function compareInstants(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  const nanos = (instant: Instant) => instant.fraction.padEnd(9, '0');
  return x.seconds - y.seconds || (nanos(x) < nanos(y) ? -1 : nanos(x) > nanos(y) ? 1 : 0);
}
