// The time an operation may spend waiting for the upstream, and the signal that ends its upstream work: at the
// deadline, or earlier when the work's owner goes away (the client disconnected, a watcher stopped).

export interface Deadline {
  signal: AbortSignal;
  /** When the time is up, in ms since the epoch: retries are not started past it. */
  at: number;
  /** The work is over: stops the deadline's timer and lets go of the signal it follows. */
  end(): void;
}

// Made once: a DOMException built per abort costs a stack trace each time.
const DEADLINE_EXCEEDED = new DOMException('The operation ran out of time.', 'TimeoutError');
const nothingToEnd = () => undefined;

/**
 * A deadline whose signal aborts after `ms`, or with `parent`. `end()` it when the work is over; one never ended lets
 * go of everything after `ms` and holds no process open meanwhile. Hand-written rather than AbortSignal.timeout +
 * AbortSignal.any: that timer cannot be cleared, so every deadline would leave one to fire (and build a
 * DOMException) long after its work, and `any` keeps its sources until they are collected.
 */
export function startDeadline(ms: number, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent?.reason);
  const timer = setTimeout(() => {
    parent?.removeEventListener('abort', onAbort);
    controller.abort(DEADLINE_EXCEEDED);
  }, ms);
  timer.unref();
  if (parent?.aborted) onAbort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    at: Date.now() + ms,
    end() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * The deadline of work that several operations wait for: it ends with `signal` alone, which aborts once every one of
 * them has given up (each at its own deadline, or when its client went away), so it needs no timer of its own. `ms`
 * only tells retries how long they may take.
 */
export function followDeadline(signal: AbortSignal, ms: number): Deadline {
  return { signal, at: Date.now() + ms, end: nothingToEnd };
}
