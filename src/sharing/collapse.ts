// Sharing of upstream reads between concurrent operations of the same caller. Hand-written because the
// libraries for this (DataLoader, request coalescers) are per request or have no notion of a tenant: here every
// entry belongs to one credential hash, so one key's answer never reaches another key's caller.
import { upstreamTimeout } from '../upstream/errors.js';

export interface ReadCollapseOptions {
  /** Concurrent identical reads of one credential share a single upstream call. */
  collapse: boolean;
  /** A successful read of one credential answers its identical reads for this long; 0: no cache. */
  microcacheMs: number;
}

/**
 * One upstream read being made, under the signal of the caller that started it. Most reads are never joined, so a
 * read costs nothing for being shareable: no controller, listener or promise of its own (an AbortController per
 * read was the largest share of this module's CPU on Node 20). The price falls on the rare case where the starter
 * gives up while others wait: the read ends with it, and the others ask again, once, under a signal of their own.
 */
interface Flight {
  promise: Promise<unknown>;
  /** The starter's: once it aborts, the read is being cancelled and answers no newcomer. */
  signal: AbortSignal;
  /**
   * What each caller who joined does when the starter gives up: one listener on the starter's signal for all of
   * them (made on the first join), not one each, which a hot key would pile up by the hundred.
   */
  joined?: Set<() => void>;
}

/** Everything shared for one credential; dropped whole when that credential writes. */
interface Tenant {
  flights: Map<string, Flight>;
  cached: Map<string, { value: unknown }>;
}

export class ReadCollapser {
  private readonly tenants = new Map<string, Tenant>();

  constructor(private readonly options: ReadCollapseOptions) {}

  /**
   * The answer to `request` for the credential `tenantHash`: cached, joined in flight, or loaded with `load`, which
   * runs under the caller's `signal`. A caller who joined a read stops waiting at once when its own `signal` aborts,
   * and the read goes on for the others; when the starter gives up, the others ask again. With a micro-cache, an
   * answer is kept only when `cacheable` says so.
   */
  read<T>(
    tenantHash: string,
    request: string,
    signal: AbortSignal,
    load: () => Promise<T>,
    cacheable: (value: T) => boolean = () => true,
  ): Promise<T> {
    if (signal.aborted) return Promise.reject(upstreamTimeout(signal.reason));
    const tenant = this.tenants.get(tenantHash);
    const hit = tenant?.cached.get(request);
    if (hit) return Promise.resolve(hit.value as T);
    const flight = this.options.collapse ? tenant?.flights.get(request) : undefined;
    // A read whose starter gave up is being cancelled: it cannot answer a newcomer.
    if (!flight || flight.signal.aborted) {
      return this.start(tenantHash, request, signal, load, cacheable as (value: unknown) => boolean) as Promise<T>;
    }
    return this.join(flight, signal, () => this.read(tenantHash, request, signal, load, cacheable)) as Promise<T>;
  }

  /** After a write by this credential: nothing read before it is served again, nor joined. */
  invalidate(tenantHash: string): void {
    this.tenants.delete(tenantHash);
  }

  private tenant(tenantHash: string): Tenant {
    let tenant = this.tenants.get(tenantHash);
    if (!tenant) {
      tenant = { flights: new Map(), cached: new Map() };
      this.tenants.set(tenantHash, tenant);
    }
    return tenant;
  }

  private start(
    tenantHash: string,
    request: string,
    signal: AbortSignal,
    load: () => Promise<unknown>,
    cacheable: (value: unknown) => boolean,
  ): Promise<unknown> {
    const tenant = this.tenant(tenantHash);
    const flight: Flight = { promise: load(), signal };
    if (this.options.collapse) tenant.flights.set(request, flight);
    flight.promise.then(
      (value) => {
        // Only while the tenant is the same one: a write in between replaced it, and this answer may predate it.
        const { microcacheMs } = this.options;
        if (microcacheMs > 0 && this.tenants.get(tenantHash) === tenant && cacheable(value)) {
          const entry = { value };
          tenant.cached.set(request, entry);
          setTimeout(() => {
            if (tenant.cached.get(request) === entry) tenant.cached.delete(request);
            this.forgetIfEmpty(tenantHash, tenant);
          }, microcacheMs).unref();
        }
        this.land(tenantHash, tenant, request, flight);
      },
      () => this.land(tenantHash, tenant, request, flight),
    );
    return flight.promise;
  }

  private land(tenantHash: string, tenant: Tenant, request: string, flight: Flight): void {
    if (tenant.flights.get(request) === flight) tenant.flights.delete(request);
    this.forgetIfEmpty(tenantHash, tenant);
  }

  private forgetIfEmpty(tenantHash: string, tenant: Tenant): void {
    if (tenant.flights.size === 0 && tenant.cached.size === 0 && this.tenants.get(tenantHash) === tenant) {
      this.tenants.delete(tenantHash);
    }
  }

  /** On the first join: one listener on the starter's signal, until the read ends, for everyone who joins. */
  private listenForStarter(flight: Flight): Set<() => void> {
    const joined = (flight.joined = new Set<() => void>());
    const starterGaveUp = () => {
      for (const askAgain of [...joined]) askAgain();
    };
    flight.signal.addEventListener('abort', starterGaveUp, { once: true });
    const stopListening = () => flight.signal.removeEventListener('abort', starterGaveUp);
    flight.promise.then(stopListening, stopListening);
    return joined;
  }

  /**
   * Waits for `flight` under `signal`: stops at once when `signal` aborts. When the read's starter gives up first,
   * the read is being cancelled (or, for a whole operation, would answer with the starter's timeouts): the caller
   * asks again at once (`again`), starting the read anew or joining another caller's new one.
   */
  private join(flight: Flight, signal: AbortSignal, again: () => Promise<unknown>): Promise<unknown> {
    const joined = flight.joined ?? this.listenForStarter(flight);
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', leave);
        joined.delete(askAgain);
        outcome();
      };
      const leave = () => settle(() => reject(upstreamTimeout(signal.reason)));
      const askAgain = () => settle(() => again().then(resolve, reject));
      signal.addEventListener('abort', leave, { once: true });
      joined.add(askAgain);
      flight.promise.then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => settle(() => reject(error)),
      );
    });
  }
}
