// /healthz (the process is alive), /readyz (worth sending traffic to: not shutting down, upstream reachable,
// breaker closed) and /metrics (Prometheus, behind METRICS_TOKEN or on METRICS_PORT), served by a Yoga plugin so
// they also answer through app.fetch.
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
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

/** Who may read /metrics: `token` (a bearer token, or none needed), and whether the main port serves it at all. */
export interface MetricsAccess {
  token: string | undefined;
  /** False when metrics have a port of their own (METRICS_PORT), or no token guards them on the main port. */
  onMainPort: boolean;
}

/** Prometheus' text for `request`, or the refusal it gets: a bearer token is compared in constant time. */
async function metricsAnswer(request: Request, metrics: Metrics, token: string | undefined): Promise<Response> {
  if (token !== undefined) {
    const given = Buffer.from(request.headers.get('authorization') ?? '');
    const expected = Buffer.from(`Bearer ${token}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return json({ errors: [{ message: 'Metrics need `Authorization: Bearer <METRICS_TOKEN>`.', extensions: { code: 'UNAUTHENTICATED' } }] }, 401);
    }
  }
  return new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } });
}

/**
 * A listener of its own for /metrics (METRICS_PORT), for a Prometheus that scrapes a port the public never reaches.
 * Resolves to a function that closes it.
 */
export async function serveMetrics(port: number, host: string, metrics: Metrics, token: string | undefined): Promise<() => Promise<void>> {
  const server = createServer((req, res) => {
    void (async () => {
      const request = new Request(`http://metrics${req.url ?? '/'}`, { headers: req.headers as Record<string, string> });
      const response =
        new URL(request.url).pathname === '/metrics' ? await metricsAnswer(request, metrics, token) : new Response('Not Found', { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

export function useOperationalEndpoints(options: { readiness: Readiness; metrics: Metrics; access: MetricsAccess }): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      switch (url.pathname) {
        case '/healthz':
          return endResponse(json({ status: 'ok' }));
        case '/readyz': {
          const { ready, degraded, checks } = await options.readiness.check();
          const status = !ready ? 'not ready' : degraded ? 'degraded' : 'ready';
          return endResponse(json({ status, checks }, ready ? 200 : 503));
        }
        case '/metrics':
          // Off the main port unless a token guards it: other tenants' operation names are nobody's business.
          if (!options.access.onMainPort) return endResponse(new Response('Not Found', { status: 404 }));
          return endResponse(await metricsAnswer(request, options.metrics, options.access.token));
      }
    },
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}
