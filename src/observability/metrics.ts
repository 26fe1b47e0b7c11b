// Prometheus metrics (prom-client), on a registry of the app's own so that several apps in one process (tests)
// never share counters. Labels never carry credentials: routes, statuses, operation names and states only.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UpstreamObserver } from '../upstream/client.js';

const BREAKER_STATES = { closed: 0, open: 1, 'half-open': 2 } as const;
/** Client-chosen operation names are capped, so a stream of random names cannot grow the registry forever. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface GaugeSources {
  activePollers(): number;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();

  readonly operationDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Duration of GraphQL operations, by operation name, type and outcome.',
    labelNames: ['operation_name', 'operation_type', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly upstreamCalls = new Counter({
    name: 'upstream_calls_total',
    help: 'Upstream HTTP attempts, by route and status ("error" when no answer came).',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly upstreamDuration = new Histogram({
    name: 'upstream_call_duration_seconds',
    help: 'Duration of upstream HTTP attempts, by route.',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly upstreamRetries = new Counter({
    name: 'upstream_retries_total',
    help: 'Retries of upstream calls, by route.',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });
  readonly upstreamRejections = new Counter({
    name: 'upstream_rejections_total',
    help: 'Upstream calls not made or not retried: breaker open, concurrency cap reached, retry budget spent.',
    labelNames: ['route', 'reason'] as const,
    registers: [this.registry],
  });
  readonly breakerState = new Gauge({
    name: 'upstream_breaker_state',
    help: 'State of the upstream circuit breaker: 0 closed, 1 open, 2 half-open.',
    registers: [this.registry],
  });

  readonly activeSubscriptions = new Gauge({
    name: 'graphql_subscriptions_active',
    help: 'Subscriptions being served right now.',
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'graphql_rate_limited_total',
    help: 'Operations refused before they ran by the per-caller rate limits, by the budget that refused them (operations, cost).',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });
  readonly rateLimitLocalChecks = new Counter({
    name: 'rate_limit_local_checks_total',
    help: 'Rate-limit checks this instance decided on its own because Redis did not answer.',
    registers: [this.registry],
  });

  constructor(gauges: GaugeSources) {
    new Gauge({
      name: 'subscription_pollers_active',
      help: 'Shared upstream pollers running right now (one per credential and model).',
      registers: [this.registry],
      collect() {
        this.set(gauges.activePollers());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * The operation name as a label: kept verbatim for the first names seen, "other" after that. Only a caller whose
   * credential was proven (`trusted`) may add a name: anyone else could fill the registry with made-up ones.
   */
  operationLabel(name: string | null | undefined, trusted: boolean): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (!trusted && !this.operationNames.has(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  /** Feeds upstream attempts, retries and breaker changes into the metrics above. */
  upstreamObserver(): UpstreamObserver {
    // The labelled series of each route and status, looked up once: prom-client hashes the labels on every call
    // otherwise, three times per operation. Routes and statuses are few (the contract's seven routes, HTTP codes).
    const calls = new Map<string, { inc(): void }>();
    const durations = new Map<string, { observe(seconds: number): void }>();
    return {
      onAttempt: ({ route, status, durationMs }) => {
        const series = `${route} ${status}`;
        let counter = calls.get(series);
        if (!counter) calls.set(series, (counter = this.upstreamCalls.labels({ route, status: String(status) })));
        counter.inc();
        let histogram = durations.get(route);
        if (!histogram) durations.set(route, (histogram = this.upstreamDuration.labels({ route })));
        histogram.observe(durationMs / 1000);
      },
      onRetry: (route) => this.upstreamRetries.inc({ route }),
      onRejected: (route, reason) => this.upstreamRejections.inc({ route, reason }),
      onBreakerStateChange: (state) => this.breakerState.set(BREAKER_STATES[state]),
    };
  }
}
