// GraphQL over WebSocket (graphql-ws) on the HTTP server's port and path. Every message goes through the same Yoga
// pipeline as HTTP (yoga.getEnveloped): the same context, limits, checks and plugins. What only sockets need lives
// here: the origin check of the upgrade, authentication at connection init, caps on connections per caller and
// operations per socket, and trusted documents for `subscribe` messages (which never reach Yoga's HTTP layer).
import type { IncomingMessage, Server } from 'node:http';
import type { ExecutionArgs } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Authenticator } from '../auth/authenticate.js';
import type { Context } from '../context.js';
import { GatewayError } from '../errors.js';
import { toGraphQLError } from './graphql-errors.js';
import type { PersistedDocuments } from './persisted-documents.js';
import { originAllowed, type SecuritySettings } from './security.js';

export interface GraphqlWsOptions {
  server: Server;
  path: string;
  yoga: YogaServerInstance<Record<string, never>, Context>;
  authenticator: Authenticator;
  persistedDocuments: PersistedDocuments;
  security: SecuritySettings;
}

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => ReturnType<typeof import('graphql').execute>;
  subscribe: (args: ExecutionArgs) => ReturnType<typeof import('graphql').subscribe>;
}

/** Serves graphql-ws on `server`; resolves the returned function once every socket is closed. */
export function serveGraphqlWs(options: GraphqlWsOptions): () => Promise<void> {
  const { yoga, authenticator, persistedDocuments, security } = options;
  const limits = security.ws;
  const wsServer = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: limits.maxMessageBytes,
    // Cross-site WebSocket hijacking: a browser page from another origin may not open a socket here.
    verifyClient: ({ origin, req }: { origin?: string; req: IncomingMessage }) =>
      originAllowed(origin, req.headers.host, security.corsOrigins),
  });
  const connectionsPerCaller = new Map<string, number>();
  const operationsPerSocket = new WeakMap<object, number>();

  const handle = useServer<Record<string, unknown>, { caller?: string }>(
    {
      // Authentication happens once, at connection init: a socket with a broken credential is closed.
      onConnect: async (ctx) => {
        const { principal, authError } = await authenticator.identify({ connectionParams: ctx.connectionParams ?? {} });
        if (authError) return false;
        const caller = principal.identity ?? 'anonymous';
        const open = connectionsPerCaller.get(caller) ?? 0;
        if (open >= limits.maxConnectionsPerCaller) return false;
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
        operationsPerSocket.set(ctx, Math.max(0, (operationsPerSocket.get(ctx) ?? 1) - 1));
      },
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const active = operationsPerSocket.get(ctx) ?? 0;
        if (active >= limits.maxSubscriptionsPerSocket) {
          const message = `At most ${limits.maxSubscriptionsPerSocket} operations may run at once on one connection.`;
          return [toGraphQLError(new GatewayError('LIMIT_EXCEEDED', message))];
        }
        const query = persistedDocuments.queryOf(payload);
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
        operationsPerSocket.set(ctx, active + 1);
        return args;
      },
    },
    wsServer,
  );

  return async () => {
    await handle.dispose();
    await new Promise<void>((resolve) => wsServer.close(() => resolve()));
  };
}
