// Composes the gateway from its parts: the upstream client, the shared pollers, the authenticator, Yoga with its
// plugin pipeline, the HTTP server and graphql-ws on the same port and path. Nothing here reads the environment or
// listens until start() is called.
import { randomBytes, randomUUID } from 'node:crypto';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { createAuthenticator } from './auth/authenticate.js';
import type { Config } from './config.js';
import { createContext, requestIdOf, type AppServices, type Context } from './context.js';
import { graphiqlOptions, renderGraphiQL, type SandboxDemo } from './http/devtools.js';
import { Readiness, serveMetrics } from './http/endpoints.js';
import { maskError } from './http/graphql-errors.js';
import { createPersistedDocuments } from './http/persisted-documents.js';
import { pipeline } from './http/pipeline.js';
import { createRateLimits } from './http/rate-limits.js';
import { corsOptions } from './http/security.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import { serveGraphqlWs } from './http/ws.js';
import { createLogger, yogaLogger, type Logger } from './observability/logger.js';
import { graphqlTracing } from './observability/graphql-tracing.js';
import { Metrics } from './observability/metrics.js';
import { startTracing } from './observability/tracing.js';
import { CursorCodec } from './pagination/cursor.js';
import { subgraphSchema, subgraphSchemaWithoutNodeFields } from './schema/index.js';
import { RedisFleet } from './scale-out/redis-fleet.js';
import { ReadCollapser } from './sharing/collapse.js';
import { SubscriptionRegistry } from './subscriptions/registry.js';
import { UpstreamClient } from './upstream/client.js';
import { MemoryIdempotencyStore } from './writes/idempotency.js';

export type { SandboxDemo } from './http/devtools.js';

const GRAPHQL_PATH = '/graphql';
/** Where the example dashboard is served in sandbox mode. */
export { DASHBOARD_PATH } from './http/devtools.js';

export interface AppOptions {
  config: Config;
  /** The upstream's base URL (the embedded sandbox's in sandbox mode). */
  upstreamUrl: string;
  /** In sandbox mode: the demo key GraphiQL and the dashboard send, and demo models for GraphiQL's examples. */
  demo?: SandboxDemo;
  /** Defaults to JSON lines on stdout at `config.logLevel`. */
  logger?: Logger;
}

export interface App {
  /** Answers a Fetch API request without a socket (what most tests use). */
  fetch: YogaServerInstance<Record<string, never>, Context>['fetch'];
  /** Listens on the port (0: any free one) and resolves to the GraphQL endpoint's URL. */
  start(port?: number, host?: string): Promise<string>;
  /**
   * Graceful: readiness fails first, no new connection is accepted, subscriptions complete and their sockets close,
   * in-flight operations finish (for at most `config.shutdownTimeoutMs`), pollers stop.
   */
  stop(): Promise<void>;
}

export function createApp(options: AppOptions): App {
  const { config } = options;
  // With OTEL_EXPORTER_OTLP_ENDPOINT: the SDK, GraphQL spans, log lines with their trace. Without: none of it.
  const tracing = config.tracing && startTracing(config.tracing);
  const graphqlSpans = tracing && graphqlTracing(tracing.provider);
  const logger = options.logger ?? createLogger({ level: config.logLevel, traceIds: tracing !== undefined });
  let shuttingDown = false;

  const metrics: Metrics = new Metrics({ activePollers: (): number => subscriptions.pollers });
  const upstreamMetrics = metrics.upstreamObserver();
  const { collapse, microcacheMs } = config.upstreamReads;
  const sharedReads = collapse || microcacheMs > 0 ? new ReadCollapser(config.upstreamReads) : undefined;
  const client = new UpstreamClient({
    baseUrl: options.upstreamUrl,
    clientName: config.clientName,
    timeoutMs: config.upstreamTimeoutMs,
    maxBodyBytes: config.upstreamMaxBodyBytes,
    resilience: config.resilience,
    reads: sharedReads,
    traced: Boolean(tracing),
    observer: {
      ...upstreamMetrics,
      onBreakerStateChange: (state) => {
        logger.warn({ breaker: state }, 'upstream circuit breaker changed state');
        upstreamMetrics.onBreakerStateChange?.(state);
      },
    },
  });
  // With REDIS_URL, one instance of the fleet polls for each watcher and relays to the others.
  const { scaleOut } = config;
  const fleet = scaleOut.redisUrl
    ? new RedisFleet({ url: scaleOut.redisUrl, leaseTtlMs: scaleOut.leaseTtlMs, renewIntervalMs: scaleOut.leaseRenewMs, logger })
    : undefined;
  const subscriptions = new SubscriptionRegistry({
    placement: fleet,
    connect: (credential, deadline) => client.forKey(credential, deadline),
    pollDeadlineMs: config.operationDeadlineMs,
    cadence: config.polling,
    paging: { pageSize: config.upstreamPageSize, maxPages: config.upstreamMaxPages },
  });
  const services: AppServices = {
    client,
    // Without CURSOR_SECRET, a secret of this process's own: cursors then do not survive a restart.
    cursors: new CursorCodec(config.cursorSecret ?? randomBytes(32)),
    // With Redis, the fleet shares idempotency keys: a create retried through any instance replays.
    idempotency: fleet
      ? fleet.idempotencyStore({ windowMs: config.idempotencyWindowSeconds * 1000, attemptMs: config.operationDeadlineMs, waitMs: config.idempotencyWaitMs })
      : new MemoryIdempotencyStore({ windowMs: config.idempotencyWindowSeconds * 1000, maxEntries: 100_000 }),
    subscriptions,
    settings: {
      operationDeadlineMs: config.operationDeadlineMs,
      upstreamConcurrency: config.upstreamConcurrencyPerRequest,
      upstreamPageSize: config.upstreamPageSize,
      upstreamMaxPages: config.upstreamMaxPages,
      queryCostLimit: config.security.limits.cost,
      maxEntityRepresentations: config.security.limits.entities,
    },
  };
  const authenticator = createAuthenticator(config.auth);
  // With Redis, on the fleet's command connection: the whole fleet spends one budget per caller.
  const rateLimits = createRateLimits(config.rateLimits, { redis: fleet?.commandConnection, logger, metrics });
  const readiness = new Readiness({
    shuttingDown: () => shuttingDown,
    breakerOpen: () => client.resilience.breakerOpen,
    probeUpstream: () => client.probe(),
    degradable: fleet ? { redis: () => fleet.healthy } : undefined,
  });

  const persistedDocuments = createPersistedDocuments(config.persistedDocuments);
  const schema = config.relayNodeFields ? subgraphSchema : subgraphSchemaWithoutNodeFields;
  const yoga = createYoga<Record<string, never>, Context>({
    // The subgraph schema: the API plus `_service`/`_entities`, so a federation gateway can compose this service.
    schema: graphqlSpans ? graphqlSpans.traceResolvers(schema) : schema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    logging: yogaLogger(logger),
    graphiql: config.graphiql ? graphiqlOptions(options.demo) : false,
    renderGraphiQL,
    // Never Yoga's development details (an original error's message) in an answer, whatever NODE_ENV says.
    maskedErrors: { maskError, isDev: false },
    cors: corsOptions(config.security.corsOrigins),
    multipart: false,
    // The size cap is the pipeline's, by the declared length before the body is read; Yoga's own would pipe every
    // body through a stream transform.
    maxRequestBodySize: false,
    // Over HTTP from the request; over graphql-ws (http/ws.ts) from the socket's connection params.
    context: async ({ request, connectionParams }: { request?: Request; connectionParams?: Record<string, unknown> }) => {
      if (connectionParams || !request) {
        return createContext(services, await authenticator.identify({ connectionParams: connectionParams ?? {} }), randomUUID());
      }
      return createContext(services, await authenticator.identify({ headers: request.headers }), requestIdOf(request), request.signal);
    },
    plugins: pipeline({
      security: config.security,
      readiness,
      metrics,
      metricsAccess: { token: config.metrics.token, onMainPort: config.metrics.port === undefined && config.metrics.token !== undefined },
      logger,
      persistedDocuments: persistedDocuments.plugins,
      dashboard: options.demo && { apiKey: options.demo.apiKey, persistedDocuments: config.persistedDocuments.mode !== 'off' },
      sharedReads,
      rateLimits,
      tracing: graphqlSpans,
    }),
  });

  let http: HttpServer | undefined;
  let closeWs: (() => Promise<void>) | undefined;
  let closeMetrics: (() => Promise<void>) | undefined;

  return {
    fetch: yoga.fetch,
    async start(port = config.port, host = config.host) {
      http = createHttpServer((req, res) => void yoga(req, res), config.server);
      closeWs = serveGraphqlWs({ server: http.server, path: GRAPHQL_PATH, yoga, authenticator, persistedDocuments, security: config.security, logger });
      if (config.metrics.port !== undefined) closeMetrics = await serveMetrics(config.metrics.port, host, metrics, config.metrics.token);
      return `${await http.listen(port, host)}${GRAPHQL_PATH}`;
    },
    async stop() {
      shuttingDown = true;
      // Completes every subscription, so clients see a clean end rather than a dropped socket; stops pollers.
      const endSubscriptions = async () => {
        subscriptions.close();
        await closeWs?.();
      };
      const left = http ? await http.close(config.shutdownTimeoutMs, endSubscriptions) : (await endSubscriptions(), 0);
      await closeMetrics?.();
      await client.close();
      await fleet?.close();
      logger.info({ inFlightLeft: left }, 'stopped');
      await tracing?.stop();
    },
  };
}
