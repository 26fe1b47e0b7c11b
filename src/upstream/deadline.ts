// The time an operation may spend waiting for the upstream, and the signal that ends its upstream work: at the
// deadline, or earlier when the work's owner goes away (the client disconnected, a watcher stopped).
import { defaultMaxListeners, setMaxListeners } from 'node:events';

export interface Deadline {
  signal: AbortSignal;
  /** When the time is up, in ms since the epoch: retries are not started past it. */
  at: number;
  /** The work is over: stops the deadline's timer and lets go of the signal it follows. */
  end(): void;
}

// Made once: a DOMException built per abort costs a stack trace each time.
const DEADLINE_EXCEEDED = new DOMException('The operation ran out of time.', 'TimeoutError');

/**
 * A deadline whose signal aborts after `ms`, or with `parent`. `end()` it when the work is over; one never ended lets
 * go of everything after `ms` and holds no process open meanwhile. Hand-written rather than AbortSignal.timeout +
 * AbortSignal.any: that timer cannot be cleared, so every deadline would leave one to fire (and build a
 * DOMException) long after its work, and `any` keeps its sources until they are collected.
 *
 * The signal, its timer and its listener on `parent` are made when the signal is first read, that is when the
 * first upstream call starts: an operation that never calls the upstream (answered from what was shared with it, or
 * a subscription between two messages) holds two numbers, not a controller, a timer and a closure.
 */
class TimedDeadline implements Deadline {
  readonly at: number;
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unfollow: (() => void) | undefined;
  private ended = false;

  constructor(
    ms: number,
    private readonly parent: AbortSignal | undefined,
    private readonly concurrentCalls: number,
  ) {
    this.at = Date.now() + ms;
  }

  get signal(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const controller = (this.controller = new AbortController());
    // Each upstream call in flight listens on the signal (undici's request, or a wait for a read another operation
    // started): an operation running more than a few at once is no leak, and gets no MaxListenersExceededWarning.
    if (this.concurrentCalls) setMaxListeners(defaultMaxListeners + this.concurrentCalls, controller.signal);
    const { parent } = this;
    const left = this.at - Date.now();
    if (parent?.aborted) controller.abort(parent.reason);
    // Work started once the operation is over, or past its time, is over at once.
    else if (this.ended || left <= 0) controller.abort(DEADLINE_EXCEEDED);
    else {
      const follow = () => controller.abort(parent?.reason);
      parent?.addEventListener('abort', follow, { once: true });
      this.unfollow = () => parent?.removeEventListener('abort', follow);
      this.timer = setTimeout(() => {
        this.unfollow?.();
        controller.abort(DEADLINE_EXCEEDED);
      }, left);
      this.timer.unref();
    }
    return controller.signal;
  }

  end(): void {
    this.ended = true;
    clearTimeout(this.timer);
    this.unfollow?.();
  }
}

/**
 * A deadline `ms` from now, that also ends when `parent` aborts; its work makes up to `concurrentCalls` upstream
 * calls at once.
 */
export function startDeadline(ms: number, parent?: AbortSignal, concurrentCalls = 0): Deadline {
  return new TimedDeadline(ms, parent, concurrentCalls);
}
