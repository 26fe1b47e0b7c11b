// Distributed tracing with OpenTelemetry, on when an OTLP endpoint is configured (docs/operations.md#tracing): the
// SDK's tracer provider, registered for the process, samples as configured and exports finished spans in batches over
// OTLP/HTTP with JSON bodies. Off, none of this runs: no provider is registered, so the spans that upstream/,
// subscriptions/ and scale-out/ start through @opentelemetry/api are its no-op ones, and the pipeline has no tracing
// plugin (graphql-tracing.ts).
import { context, propagation, trace, type ProxyTracerProvider, type TracerProvider } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TracingConfig {
  /** Where finished spans are POSTed: OTLP/HTTP, JSON bodies (an OTLP endpoint's `/v1/traces`). */
  url: string;
  /** Sent with every export (a collector's API key, say). */
  headers: Record<string, string>;
  serviceName: string;
  /** More attributes of this service's resource (`deployment.environment.name`, say). */
  resourceAttributes: Record<string, string>;
  /** As OTEL_TRACES_SAMPLER names them. */
  sampler: `${'' | 'parentbased_'}${'always_on' | 'always_off' | 'traceidratio'}`;
  /** The share of traces the `*traceidratio` samplers keep, 0 to 1. */
  samplerRatio: number;
  /** Longest a finished span waits before it is exported. */
  exportDelayMs: number;
  /** Longest one export may take. */
  exportTimeoutMs: number;
}

export interface Tracing {
  /** The SDK's provider, for instrumentation that takes one rather than @opentelemetry/api's global. */
  provider: TracerProvider;
  /** Exports the spans still buffered, stops exporting, and unregisters the SDK: for the app's stop. */
  stop(): Promise<void>;
}

function sampler({ sampler: name, samplerRatio }: TracingConfig): Sampler {
  const root = name.endsWith('always_off')
    ? new AlwaysOffSampler()
    : name.endsWith('traceidratio')
      ? new TraceIdRatioBasedSampler(samplerRatio)
      : new AlwaysOnSampler();
  // Parent-based: a caller's sampling decision (traceparent's flags) is followed; `root` decides for new traces.
  return name.startsWith('parentbased_') ? new ParentBasedSampler({ root }) : root;
}

export function startTracing(config: TracingConfig): Tracing {
  const exporter = new OTLPTraceExporter({ url: config.url, headers: config.headers, timeoutMillis: config.exportTimeoutMs });
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ ...config.resourceAttributes, [ATTR_SERVICE_NAME]: config.serviceName })),
    sampler: sampler(config),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: config.exportDelayMs, exportTimeoutMillis: config.exportTimeoutMs })],
  });
  // The AsyncLocalStorage context manager (a span stays current across awaits), the W3C trace context and baggage
  // propagators (what callers send), and this provider behind @opentelemetry/api's tracers. One per process: where
  // another provider is registered already (two apps in one process, as in tests), that one keeps serving the API.
  provider.register({
    propagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  });
  const registered = (trace.getTracerProvider() as ProxyTracerProvider).getDelegate() === provider;
  return {
    provider,
    async stop() {
      // Spans of the shutdown itself (letting go of leases) are exported too: the app stops tracing last. A collector
      // that cannot be reached costs those spans (after OTEL_EXPORTER_OTLP_TIMEOUT at most), never the stop.
      await provider.shutdown().catch(() => undefined);
      if (!registered) return;
      // A later app of the same process (tests) registers its own.
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
