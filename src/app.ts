// Builds the gateway: graphql-yoga on Node's HTTP server, with graphql-ws on the same port and path.
// Nothing here reads the environment or listens until start() is called.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { CohereClient } from './cohere/client.js';
import type { Config } from './config.js';
import { createContextFactory, type Context } from './context.js';
import { graphiqlOptions } from './graphiql.js';
import { useConnectionArgsCheck } from './schema/connection-args.js';
import { maskError } from './schema/errors.js';
import { schema } from './schema/index.js';
import { IdempotencyStore } from './writes/idempotency.js';

export const GRAPHQL_PATH = '/graphql';

export interface AppOptions {
  config: Config;
  /** The upstream's base URL (the embedded sandbox's in sandbox mode). */
  upstreamUrl: string;
  /** In sandbox mode: the demo key GraphiQL sends, and a demo model id for its example operations. */
  demo?: { apiKey: string; modelId: string | undefined };
}

export interface App {
  yoga: YogaServerInstance<Record<string, never>, Context>;
  /** Answers a Fetch API request without a socket (what most tests use). */
  fetch: YogaServerInstance<Record<string, never>, Context>['fetch'];
  /** Listens on the port (0: any free one) and resolves to the GraphQL endpoint's URL. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

export function createApp(options: AppOptions): App {
  const { config } = options;
  const client = new CohereClient({
    baseUrl: options.upstreamUrl,
    clientName: config.clientName,
    timeoutMs: config.upstreamTimeoutMs,
  });
  const idempotency = new IdempotencyStore({ windowMs: config.idempotencyWindowSeconds * 1000, maxEntries: 100_000 });
  const createContext = createContextFactory({ client, config, idempotency });

  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    graphiql: config.graphiql ? graphiqlOptions(options.demo) : false,
    maskedErrors: { maskError },
    context: ({ request, connectionParams }: { request: Request; connectionParams?: Record<string, unknown> }) =>
      connectionParams ? createContext({ connectionParams }) : createContext({ request }),
    plugins: [useConnectionArgsCheck()],
  });

  let server: Server | undefined;
  let disposeWs: (() => Promise<void> | void) | undefined;

  return {
    yoga,
    fetch: yoga.fetch,
    async start(port = config.port, host = config.host) {
      server = createServer(yoga);
      const wsServer = new WebSocketServer({ server, path: GRAPHQL_PATH });
      const wsHandle = useServer(
        {
          execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
          subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
          onSubscribe: async (ctx, _id, payload) => {
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
              document: parse(payload.query),
              variableValues: payload.variables,
              contextValue: await contextFactory(),
              rootValue: { execute, subscribe },
            };
            const errors = validate(args.schema, args.document);
            return errors.length ? errors : args;
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
      await disposeWs?.();
      if (server) {
        const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeAllConnections();
        await closing;
      }
      await client.close();
    },
  };
}

interface EnvelopedRoot {
  execute: (args: unknown) => ReturnType<typeof import('graphql').execute>;
  subscribe: (args: unknown) => ReturnType<typeof import('graphql').subscribe>;
}
