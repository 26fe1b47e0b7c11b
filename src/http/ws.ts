// GraphQL over WebSocket (graphql-ws) on the HTTP server's port and path. Every message goes through the same Yoga
// pipeline as HTTP (yoga.getEnveloped): the same context, limits, checks and plugins. What only sockets need lives
// here: the origin and host checks of the upgrade, authentication at connection init, caps on sockets (per caller
// and per instance) and on operations per socket, trusted documents for `subscribe` messages (which never reach
// Yoga's HTTP layer), and the same bounds on variables as over HTTP.
//
// The protocol is graphql-ws' own (makeServer); the adapter to `ws` is written here rather than taken from
// graphql-ws/use/ws, which prints errors (with what the client sent) to stderr: here nothing a client sends leaves
// the process but through the structured, redacted log, and a bad message is answered, never a reason to close.
import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import { CloseCode, handleProtocols, makeServer, type SubscribePayload } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Authenticator } from '../auth/authenticate.js';
import type { Context } from '../context.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { toGraphQLError } from './graphql-errors.js';
import type { PersistedDocuments } from './persisted-documents.js';
import { hostAllowed, inputProblem, originAllowed, type SecuritySettings } from './security.js';

export interface GraphqlWsOptions {
  server: Server;
  path: string;
  yoga: YogaServerInstance<Record<string, never>, Context>;
  authenticator: Authenticator;
  persistedDocuments: PersistedDocuments;
  security: SecuritySettings;
  logger: Logger;
}

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => ReturnType<typeof import('graphql').execute>;
  subscribe: (args: ExecutionArgs) => ReturnType<typeof import('graphql').subscribe>;
}

interface SocketExtra {
  socket: WebSocket;
  request: IncomingMessage;
  /** Who holds the socket, once its connection init was accepted. */
  caller?: string;
}

/** The pings that keep a socket's intermediaries from closing it, and find a peer that is gone. */
const KEEP_ALIVE_MS = 12_000;

/** An error a client sees for a document it sent, with the code HTTP would give it. */
function documentError(error: unknown): GraphQLError {
  if (error instanceof GatewayError) return toGraphQLError(error);
  if (error instanceof GraphQLError) {
    // graphql-js' own syntax errors carry no code; over HTTP, Yoga answers them as GRAPHQL_PARSE_FAILED.
    const code = typeof error.extensions.code === 'string' ? error.extensions.code : 'GRAPHQL_PARSE_FAILED';
    return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code } });
  }
  return toGraphQLError(new GatewayError('INTERNAL_SERVER_ERROR'));
}

const limitExceeded = (message: string) => [toGraphQLError(new GatewayError('LIMIT_EXCEEDED', message))];

/** Serves graphql-ws on `server`; resolves the returned function once every socket is closed. */
export function serveGraphqlWs(options: GraphqlWsOptions): () => Promise<void> {
  const { yoga, authenticator, persistedDocuments, security, logger } = options;
  const limits = security.ws;
  const wsServer = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: limits.maxMessageBytes,
    handleProtocols: (protocols) => handleProtocols(protocols),
    // Cross-site WebSocket hijacking and DNS rebinding: a page from another origin, or a request for a host name
    // this gateway does not serve, may not open a socket.
    verifyClient: ({ origin, req }: { origin?: string; req: IncomingMessage }) =>
      hostAllowed(req.headers.host, security.allowedHosts) && originAllowed(origin, req.headers.host, security),
  });
  const socketsPerCaller = new Map<string, number>();

  const server = makeServer<Record<string, unknown>, SocketExtra>({
    // Authentication happens once, at connection init: a socket with a broken credential, or a caller already
    // holding its share of sockets, is closed (4403).
    onConnect: async (ctx) => {
      const { principal, authError } = await authenticator.identify({ connectionParams: ctx.connectionParams ?? {} });
      if (authError) return false;
      const caller = principal.identity ?? 'anonymous';
      const open = socketsPerCaller.get(caller) ?? 0;
      if (open >= limits.maxConnectionsPerCaller) return false;
      socketsPerCaller.set(caller, open + 1);
      ctx.extra.caller = caller;
      return true;
    },
    onClose: (ctx) => {
      const { caller } = ctx.extra;
      if (!caller) return;
      const open = (socketsPerCaller.get(caller) ?? 1) - 1;
      if (open > 0) socketsPerCaller.set(caller, open);
      else socketsPerCaller.delete(caller);
    },
    execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
    subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
    onSubscribe: async (ctx, _id, payload: SubscribePayload) => {
      // graphql-ws has reserved this operation's id before calling here: the count includes it and every operation
      // of the socket started before, however many arrived in one write.
      if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerSocket) {
        return limitExceeded(`At most ${limits.maxSubscriptionsPerSocket} operations may run at once on one connection.`);
      }
      try {
        const problem = inputProblem(payload, security.limits.inputDepth);
        if (problem) return [problem];
        const query = persistedDocuments.queryOf(payload);
        if (typeof query !== 'string') return [query];
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          req: ctx.extra.request,
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
        if (errors.length) return errors.map(documentError);
        return args;
      } catch (error) {
        if (!(error instanceof GraphQLError || error instanceof GatewayError)) {
          logger.error({ err: { name: (error as Error)?.name } }, 'graphql-ws: a subscribe message could not be prepared');
        }
        return [documentError(error)];
      }
    },
  });

  wsServer.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    // Beyond the instance's cap, the socket is closed at once: try again later (1013).
    if (wsServer.clients.size > limits.maxConnections) {
      socket.close(1013, 'LIMIT_EXCEEDED: too many connections');
      return;
    }
    // A protocol error of the socket (an oversized or malformed frame): `ws` closes it; only its name is logged.
    socket.on('error', (error) => logger.debug({ err: { name: error.name, code: (error as { code?: unknown }).code } }, 'graphql-ws: socket error'));
    let pong: NodeJS.Timeout | undefined;
    const ping = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pong = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once('pong', () => clearTimeout(pong));
      socket.ping();
    }, KEEP_ALIVE_MS);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) => {
          // Everything a client can send is answered inside the protocol; what lands here is a fault of ours. One
          // handler per socket: a subscribe message's handling lasts as long as its subscription.
          const failed = (error: unknown) => {
            logger.error({ err: { name: (error as Error)?.name } }, 'graphql-ws: a message could not be handled');
            socket.close(CloseCode.InternalServerError, 'Internal server error');
          };
          socket.on('message', (data) => void handle(String(data)).catch(failed));
        },
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      clearInterval(ping);
      clearTimeout(pong);
      void closed(code, String(reason));
    });
  });

  return async () => {
    for (const socket of wsServer.clients) socket.close(1001, 'Going away');
    await new Promise<void>((resolve) => wsServer.close(() => resolve()));
  };
}
