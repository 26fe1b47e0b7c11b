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

/** One upstream read being made, and the operations waiting for it. */
interface Flight {
  promise: Promise<unknown>;
  controller: AbortController;
  waiting: number;
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
   * The answer to `request` for the credential `tenantHash`: cached, joined in flight, or loaded. The load gets a
   * signal that aborts only once every waiting caller has given up; a caller whose own `signal` aborts stops
   * waiting at once. With a micro-cache, an answer is kept only when `cacheable` says so.
   */
  read<T>(
    tenantHash: string,
    request: string,
    signal: AbortSignal,
    load: (signal: AbortSignal) => Promise<T>,
    cacheable: (value: T) => boolean = () => true,
  ): Promise<T> {
    if (signal.aborted) return Promise.reject(upstreamTimeout(signal.reason));
    const tenant = this.tenants.get(tenantHash);
    const hit = tenant?.cached.get(request);
    if (hit) return Promise.resolve(hit.value as T);
    let flight = this.options.collapse ? tenant?.flights.get(request) : undefined;
    // A read everyone has given up on is being cancelled: it cannot answer a newcomer.
    if (!flight || flight.controller.signal.aborted) {
      flight = this.start(tenantHash, request, load, cacheable as (value: unknown) => boolean);
    }
    return this.wait(flight, signal) as Promise<T>;
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
    load: (signal: AbortSignal) => Promise<unknown>,
    cacheable: (value: unknown) => boolean,
  ): Flight {
    const tenant = this.tenant(tenantHash);
    const controller = new AbortController();
    const flight: Flight = { promise: load(controller.signal), controller, waiting: 0 };
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
    return flight;
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

  private wait(flight: Flight, signal: AbortSignal): Promise<unknown> {
    flight.waiting += 1;
    return new Promise((resolve, reject) => {
      const leave = () => {
        flight.waiting -= 1;
        if (flight.waiting === 0) flight.controller.abort(signal.reason);
        reject(upstreamTimeout(signal.reason));
      };
      signal.addEventListener('abort', leave, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(error);
        },
      );
    });
  }
}
