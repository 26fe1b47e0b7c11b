// /healthz (the process is alive), /readyz (worth sending traffic to: not shutting down, upstream reachable,
// breaker closed) and /metrics (Prometheus), served by a Yoga plugin so they also answer through app.fetch.
import type { Plugin } from 'graphql-yoga';
import { requestIdOf } from '../context.js';
import type { Metrics } from '../observability/metrics.js';

export interface ReadinessChecks {
  shuttingDown(): boolean;
  breakerOpen(): boolean;
  probeUpstream(): Promise<boolean>;
  /**
   * Dependencies the gateway can do without for a while (Redis, with several instances): reported by name, but a
   * failing one leaves the instance ready, as 'degraded' — every instance would fail together, and each still serves.
   */
  degradable?: Record<string, () => boolean>;
}

/** Probing the upstream on every /readyz would load it: a result is reused for this long. */
const PROBE_CACHE_MS = 5_000;

export class Readiness {
  private probed: { at: number; reachable: Promise<boolean> } | undefined;

  constructor(private readonly checks: ReadinessChecks) {}

  async check(): Promise<{ ready: boolean; degraded: boolean; checks: Record<string, 'ok' | 'failing'> }> {
    if (!this.probed || Date.now() - this.probed.at > PROBE_CACHE_MS) {
      this.probed = { at: Date.now(), reachable: this.checks.probeUpstream() };
    }
    const checks = {
      shutdown: this.checks.shuttingDown() ? 'failing' : 'ok',
      upstream: (await this.probed.reachable) ? 'ok' : 'failing',
      breaker: this.checks.breakerOpen() ? 'failing' : 'ok',
    } as const;
    const degradable = Object.entries(this.checks.degradable ?? {}).map(([name, ok]) => [name, ok() ? 'ok' : 'failing'] as const);
    return {
      ready: Object.values(checks).every((c) => c === 'ok'),
      degraded: degradable.some(([, state]) => state === 'failing'),
      checks: { ...checks, ...Object.fromEntries(degradable) },
    };
  }
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });

export function useOperationalEndpoints(options: { readiness: Readiness; metrics: Metrics }): Plugin {
  return {
    async onRequest({ url, endResponse }) {
      switch (url.pathname) {
        case '/healthz':
          return endResponse(json({ status: 'ok' }));
        case '/readyz': {
          const { ready, degraded, checks } = await options.readiness.check();
          const status = !ready ? 'not ready' : degraded ? 'degraded' : 'ready';
          return endResponse(json({ status, checks }, ready ? 200 : 503));
        }
        case '/metrics':
          return endResponse(
            new Response(await options.metrics.registry.metrics(), {
              headers: { 'content-type': options.metrics.registry.contentType },
            }),
          );
      }
    },
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}
