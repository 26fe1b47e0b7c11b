// The subscription benchmark's floors (part 3 of bench-subscriptions.ts): the least the fixed stack does for the
// gateway's live status. One schema written as SDL that accepts the example dashboard's subscription, one shared
// source per model that gives the current status and then nothing (the benchmark's clock is frozen), and nothing
// else: no upstream, plugins, limits, authentication, logging or keep-alive of our own. What a subscription costs
// here is what the stack costs; the rest of the gateway's figure is the gateway's own.
// FLOOR picks the stack:
//   yoga (the default)  graphql-ws served as Yoga's documentation shows (useServer, yoga.getEnveloped): every
//                       subscription an execution in Yoga's pipeline, with Yoga's default plugins.
//   graphql-ws          graphql-ws and graphql-js alone, no Yoga: each document parsed and validated once, each
//                       subscription graphql-js' subscribe with an empty context. No server on graphql-ws holds less
//                       per subscription than this.
// Environment: FLOOR, PORT (default 0), HOST.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse, subscribe, validate, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createSchema, createYoga, Repeater } from 'graphql-yoga';
import { WebSocketServer } from 'ws';

const typeDefs = /* GraphQL */ `
  scalar DateTime
  enum FinetunedModelStatus { QUEUED FINETUNING DEPLOYING_API READY FAILED DELETED }
  enum FinetuningBaseType { UNSPECIFIED GENERATIVE CLASSIFICATION RERANK CHAT }
  type Query { ok: Boolean! }
  type Subscription { finetunedModelStatusChanged(id: ID!): FinetunedModelStatusChange! }
  type FinetunedModelStatusChange {
    model: FinetunedModel!
    previousStatus: FinetunedModelStatus
    status: FinetunedModelStatus!
    changedAt: DateTime
  }
  type FinetunedModel {
    id: ID!
    name: String!
    status: FinetunedModelStatus!
    isInProgress: Boolean!
    isTerminal: Boolean!
    createdAt: DateTime
    settings: FinetunedModelSettings!
  }
  type FinetunedModelSettings { baseModel: FinetuningBaseModel! hyperparameters: FinetuningHyperparameters }
  type FinetuningBaseModel { baseType: FinetuningBaseType! name: String }
  type FinetuningHyperparameters { trainEpochs: Int }
`;

interface StatusChange {
  model: Record<string, unknown>;
  previousStatus: string | null;
  status: string;
  changedAt: string | null;
}

/** A model's source, shared by everyone who follows it: its current status, and whom a change would go to. */
interface StatusSource {
  current: StatusChange;
  listeners: Set<(change: StatusChange) => unknown>;
}

const sources = new Map<string, StatusSource>();

const startingPoint = (id: string): StatusChange => ({
  model: {
    id,
    name: `model ${id}`,
    status: 'QUEUED',
    isInProgress: true,
    isTerminal: false,
    createdAt: '2024-01-17T20:11:42.907Z',
    settings: { baseModel: { baseType: 'CHAT', name: 'command-r' }, hyperparameters: { trainEpochs: 1 } },
  },
  previousStatus: null,
  status: 'QUEUED',
  changedAt: null,
});

/** One subscriber: the current status first, then whatever its model's source publishes, until it leaves. */
const watchStatus = (id: string) =>
  new Repeater<StatusChange>(async (push, stop) => {
    let source = sources.get(id);
    if (!source) sources.set(id, (source = { current: startingPoint(id), listeners: new Set() }));
    source.listeners.add(push);
    void push(source.current);
    await stop;
    source.listeners.delete(push);
    if (source.listeners.size === 0) sources.delete(id);
  });

const schema = createSchema({
  typeDefs,
  resolvers: {
    Query: { ok: () => true },
    Subscription: {
      finetunedModelStatusChanged: {
        subscribe: (_: unknown, { id }: { id: string }) => watchStatus(id),
        resolve: (change: StatusChange) => change,
      },
    },
  },
});
const yoga = createYoga({ logging: false, landingPage: false, graphiql: false, schema });

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => Promise<ExecutionResult>;
  subscribe: (args: ExecutionArgs) => Promise<ExecutionResult | AsyncIterableIterator<ExecutionResult>>;
}

const server = createServer(yoga);
const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint });

/** graphql-ws as Yoga's documentation wires it: each subscription runs through Yoga's enveloped pipeline. */
function serveThroughYoga(): void {
  useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
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
}

/** graphql-ws and graphql-js alone: the document of each query text parsed and validated once. */
function serveBare(): void {
  const documents = new Map<string, DocumentNode>();
  useServer(
    {
      schema,
      subscribe,
      onSubscribe: (_ctx, _id, payload) => {
        let document = documents.get(payload.query);
        if (!document) {
          document = parse(payload.query);
          const errors = validate(schema, document);
          if (errors.length) return errors;
          documents.set(payload.query, document);
        }
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue: {} };
      },
    },
    wsServer,
  );
}

if (process.env.FLOOR === 'graphql-ws') serveBare();
else serveThroughYoga();

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`subscription floor (${process.env.FLOOR ?? 'yoga'}) listening on http://${process.env.HOST ?? '127.0.0.1'}:${port}${yoga.graphqlEndpoint}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const socket of wsServer.clients) socket.terminate();
    wsServer.close();
    server.close(() => process.exit(0));
  });
}
