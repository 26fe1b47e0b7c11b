// Builds the gateway: graphql-yoga on Node's HTTP server, with graphql-ws on the same port and path, and the
// operational endpoints beside them. Nothing here reads the environment or listens until start() is called.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST, GraphQLError, type ExecutionArgs } from 'graphql';
import { createYoga, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { createAuthenticator } from './auth/authenticate.js';
import { CohereClient } from './upstream/client.js';
import type { Config } from './config.js';
import { createContextFactory, principalOf, useOperationDeadline, type Context } from './context.js';
import { GatewayError } from './errors.js';
import { useDashboard } from './http/dashboard.js';
import { graphiqlOptions, renderGraphiQL, type SandboxDemo } from './http/devtools.js';
import { Readiness, useOperationalEndpoints } from './http/endpoints.js';
import { createLogger, type Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { useOperationObservability } from './observability/operation-log.js';
import { useConnectionArgsCheck } from './schema/forward-connection.js';
import { createPersistedOperations } from './http/persisted-documents.js';
import { maskError, toGraphQLError } from './http/graphql-errors.js';
import { useAuthorization } from './auth/authorize.js';
import { corsOptions, originAllowed, securityPlugins } from './http/security.js';
import { subgraphSchema } from './schema/index.js';
import { RedisFleet } from './scale-out/redis-fleet.js';
import { useSharedOperations } from './sharing/shared-operations.js';
import { SubscriptionRegistry } from './subscriptions/registry.js';
import { IdempotencyStore } from './writes/idempotency.js';

export const GRAPHQL_PATH = '/graphql';

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
  yoga: YogaServerInstance<Record<string, never>, Context>;
  /** Answers a Fetch API request without a socket (what most tests use). */
  fetch: YogaServerInstance<Record<string, never>, Context>['fetch'];
  metrics: Metrics;
  /** Listens on the port (0: any free one) and resolves to the GraphQL endpoint's URL. */
  start(port?: number, host?: string): Promise<string>;
  /**
   * Graceful: readiness fails first, no new connection is accepted, subscriptions complete and their sockets
   * close, in-flight operations finish (for at most `config.shutdownTimeoutMs`), pollers stop.
   */
  stop(): Promise<void>;
}

/**
 * Queries and mutations run compiled once per document (graphql-jit): about a fifth less CPU per operation (see
 * `npm run bench`). Subscriptions keep graphql-js: under graphql-jit, later events over graphql-ws were lost.
 */
function compiledByJit(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  return operation?.operation === 'query' || operation?.operation === 'mutation';
}

/** Yoga's own messages (e.g. unexpected errors) into the structured log. */
function yogaLogging(logger: Logger): YogaLogger {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (typeof first === 'object' && first !== null) logger[level](first, rest.map(String).join(' '));
      else logger[level](args.map(String).join(' '));
    };
  // Yoga logs every error it masks; the gateway's own errors are expected outcomes, already counted in the
  // operation's log line, so they go to debug and only the unexpected ones stay errors.
  const error = (...args: unknown[]) => {
    const [first] = args;
    const original = first instanceof GraphQLError ? first.originalError : first;
    if (original instanceof GatewayError) logger.debug({ code: original.code }, original.message);
    else forward('error')(...args);
  };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error };
}

export function createApp(options: AppOptions): App {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  let shuttingDown = false;

  const metrics: Metrics = new Metrics({ activePollers: (): number => subscriptions.pollers });
  const upstreamMetrics = metrics.upstreamObserver();
  const client = new CohereClient({
    baseUrl: options.upstreamUrl,
    clientName: config.clientName,
    timeoutMs: config.upstreamTimeoutMs,
    resilience: config.resilience,
    defaultDeadlineMs: config.operationDeadlineMs,
    reads: config.upstreamReads,
    observer: {
      ...upstreamMetrics,
      onBreakerStateChange: (state) => {
        logger.warn({ breaker: state }, 'upstream circuit breaker changed state');
        upstreamMetrics.onBreakerStateChange?.(state);
      },
    },
  });
  const idempotency = new IdempotencyStore({ windowMs: config.idempotencyWindowSeconds * 1000, maxEntries: 100_000 });
  // With REDIS_URL, one instance of the fleet polls for each watcher and relays to the others.
  const { scaleOut } = config;
  const fleet = scaleOut.redisUrl
    ? new RedisFleet({ url: scaleOut.redisUrl, leaseTtlMs: scaleOut.leaseTtlMs, renewIntervalMs: scaleOut.leaseRenewMs, logger })
    : undefined;
  const subscriptions = new SubscriptionRegistry({
    placement: fleet,
    // Each poll gets its own deadline, ended early when the watcher stops.
    connect: (credential, signal) => client.forKey(credential, client.deadline(undefined, signal)),
    cadence: config.polling,
    pageSize: config.upstreamPageSize,
  });
  const authenticator = createAuthenticator(config.auth);
  const createContext = createContextFactory({ client, config, idempotency, subscriptions, authenticator });
  const readiness = new Readiness({
    shuttingDown: () => shuttingDown,
    breakerOpen: () => client.resilience.breakerOpen,
    probeUpstream: () => client.probe(),
    degradable: fleet ? { redis: () => fleet.healthy } : undefined,
  });

  const persistedOperations = createPersistedOperations(config.persistedOperations);
  const yoga = createYoga<Record<string, never>, Context>({
    // The subgraph schema: the API plus `_service`/`_entities`, so a federation gateway can compose this service.
    schema: subgraphSchema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    logging: yogaLogging(logger),
    graphiql: config.graphiql ? graphiqlOptions(options.demo) : false,
    renderGraphiQL,
    maskedErrors: { maskError },
    cors: corsOptions(config.security.corsOrigins),
    multipart: false,
    // The size cap is `useRequestSizeLimit` (security/http.ts), by the declared length before the body is read.
    // Yoga's own limit would pipe every body through a stream transform: a fifth of a small request's CPU.
    maxRequestBodySize: false,
    context: ({ request, connectionParams }: { request: Request; connectionParams?: Record<string, unknown> }) =>
      connectionParams ? createContext({ connectionParams }) : createContext({ request }),
    plugins: [
      useOperationalEndpoints({ readiness, metrics }),
      ...(options.demo
        ? [useDashboard({ settings: { apiKey: options.demo.apiKey, persistedDocuments: persistedOperations.plugin !== undefined } })]
        : []),
      useOperationObservability({ logger, metrics }),
      useOperationDeadline(),
      ...securityPlugins(config),
      useAuthorization(),
      useConnectionArgsCheck(),
      ...(persistedOperations.plugin ? [persistedOperations.plugin] : []),
      useGraphQlJit({}, { enableIf: compiledByJit }),
      ...(client.reads ? [useSharedOperations(client.reads)] : []),
    ],
  });

  let server: Server | undefined;
  let disposeWs: (() => Promise<void>) | undefined;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  return {
    yoga,
    fetch: yoga.fetch,
    metrics,
    async start(port = config.port, host = config.host) {
      server = createServer((req, res) => {
        inFlight += 1;
        res.once('close', () => {
          inFlight -= 1;
          if (inFlight === 0) drained?.();
        });
        // During shutdown a kept-alive connection may still bring a request: serve it, then close.
        if (shuttingDown) res.setHeader('connection', 'close');
        void yoga(req, res);
      });
      const wsLimits = config.security.ws;
      const wsServer = new WebSocketServer({
        server,
        path: GRAPHQL_PATH,
        maxPayload: wsLimits.maxMessageBytes,
        // Cross-site WebSocket hijacking: a browser page from another origin may not open a socket here.
        verifyClient: ({ origin, req }: { origin?: string; req: IncomingMessage }) =>
          originAllowed(origin, req.headers.host, config.security.corsOrigins),
      });
      const connectionsPerCaller = new Map<string, number>();
      const subscriptionsPerSocket = new WeakMap<object, number>();
      const wsHandle = useServer<Record<string, unknown>, { caller?: string }>(
        {
          // Authentication happens once, at connection init: a socket with a broken credential is closed.
          onConnect: async (ctx) => {
            const { principal, authError } = await principalOf(authenticator, { connectionParams: ctx.connectionParams ?? {} });
            if (authError) return false;
            const caller = principal.identity ?? 'anonymous';
            const open = connectionsPerCaller.get(caller) ?? 0;
            if (open >= wsLimits.maxConnectionsPerCaller) return false;
            connectionsPerCaller.set(caller, open + 1);
            ctx.extra.caller = caller;
            return true;
          },
          onClose: (ctx) => {
            const caller = ctx.extra.caller;
            if (!caller) return;
            const open = (connectionsPerCaller.get(caller) ?? 1) - 1;
            if (open > 0) connectionsPerCaller.set(caller, open);
            else connectionsPerCaller.delete(caller);
          },
          onComplete: (ctx) => {
            subscriptionsPerSocket.set(ctx, Math.max(0, (subscriptionsPerSocket.get(ctx) ?? 1) - 1));
          },
          execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
          subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
          onSubscribe: async (ctx, _id, payload) => {
            const active = subscriptionsPerSocket.get(ctx) ?? 0;
            if (active >= wsLimits.maxSubscriptionsPerSocket) {
              return [
                toGraphQLError(
                  new GatewayError('LIMIT_EXCEEDED', `At most ${wsLimits.maxSubscriptionsPerSocket} operations may run at once on one connection.`),
                ),
              ];
            }
            const query = persistedOperations.queryOf(payload);
            if (typeof query !== 'string') return [query];
            const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
              ...ctx,
              req: ctx.extra.request,
              socket: ctx.extra.socket,
              params: payload,
              connectionParams: ctx.connectionParams ?? {},
            });
            const args = {
              schema,
              operationName: payload.operationName,
              document: parse(query),
              variableValues: payload.variables,
              contextValue: await contextFactory(),
              rootValue: { execute, subscribe },
            };
            const errors = validate(args.schema, args.document);
            if (errors.length) return errors;
            subscriptionsPerSocket.set(ctx, active + 1);
            return args;
          },
        },
        wsServer,
      );
      disposeWs = async () => {
        await wsHandle.dispose();
        await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      };
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shownHost}:${address.port}${GRAPHQL_PATH}`;
    },
    async stop() {
      shuttingDown = true;
      const closed = server ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve();
      server?.closeIdleConnections();
      // Completes every subscription, so clients see a clean end rather than a dropped socket; stops pollers.
      subscriptions.close();
      await disposeWs?.();
      if (inFlight > 0) {
        const allDone = new Promise<void>((resolve) => (drained = resolve));
        const timeUp = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref());
        await Promise.race([allDone, timeUp]);
      }
      server?.closeAllConnections();
      await closed;
      await client.close();
      await fleet?.close();
      logger.info({ inFlightLeft: inFlight }, 'stopped');
    },
  };
}

interface EnvelopedRoot {
  execute: (args: unknown) => ReturnType<typeof import('graphql').execute>;
  subscribe: (args: unknown) => ReturnType<typeof import('graphql').subscribe>;
}
