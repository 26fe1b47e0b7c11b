// The benchmark's second baseline: the least a graphql-yoga server can do for the benchmark's two reads. One
// schema written as SDL, resolvers that make the reference's upstream calls (bench-upstream.ts) and shape the
// answers, and nothing else: no plugins, limits, authentication, logging, metrics, retries, loaders or checks of
// the upstream's answers. It answers the gateway's queries with the gateway's bytes, so the benchmark can put what
// GraphQL on Yoga costs apart from what the gateway adds. Run by scripts/bench.ts as its own process.
// Environment: as bench-upstream.ts, and PORT (default 0), HOST.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import type {
  WireEvent,
  WireFinetunedModel,
  WireListEventsResponse,
  WireListTrainingStepMetricsResponse,
  WireTrainingStepMetrics,
} from '../src/upstream/wire.js';
import { status } from './bench-answers.js';
import { closeUpstream, getModel, listEvents, listModels, listStepMetrics } from './bench-upstream.js';

interface Context {
  key: string;
}

/** A model with the pages its nested lists read from: loaded beside it for one model, on demand in a list. */
interface ModelSource {
  model: WireFinetunedModel;
  events?: Promise<WireListEventsResponse>;
  stepMetrics?: Promise<WireListTrainingStepMetricsResponse>;
}

const typeDefs = /* GraphQL */ `
  type Query {
    finetunedModel(id: ID!): FinetunedModel
    finetunedModels(first: Int): FinetunedModelConnection!
  }
  type FinetunedModelConnection { edges: [FinetunedModelEdge!]! }
  type FinetunedModelEdge { node: FinetunedModel! }
  type FinetunedModel {
    id: ID!
    name: String!
    status: String!
    createdAt: String
    events(first: Int): EventConnection!
    stepMetrics(first: Int): StepMetricsConnection!
  }
  type EventConnection { totalCount: Int! edges: [EventEdge!]! }
  type EventEdge { node: Event! }
  type Event { status: String! userId: String createdAt: String }
  type StepMetricsConnection { edges: [StepMetricsEdge!]! }
  type StepMetricsEdge { node: StepMetrics! }
  type StepMetrics { stepNumber: Int! metric(name: String!): Float }
`;

const first = (args: { first?: number | null }) => args.first ?? 20;
const edges = <T>(items: T[] | undefined, count: number) => (items ?? []).slice(0, count).map((node) => ({ node }));

const yoga = createYoga({
  logging: false,
  landingPage: false,
  graphiql: false,
  maxRequestBodySize: false,
  context: ({ request }) => ({ key: /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '' }),
  schema: createSchema({
    typeDefs,
    resolvers: {
      Query: {
        // The model and its two lists at once, as the gateway and the reference ask for them.
        finetunedModel: async (_: unknown, { id }: { id: string }, { key }: Context): Promise<ModelSource | null> => {
          const events = listEvents(key, id);
          const stepMetrics = listStepMetrics(key, id);
          events.catch(() => undefined);
          stepMetrics.catch(() => undefined);
          const model = await getModel(key, id);
          return model && { model, events, stepMetrics };
        },
        finetunedModels: async (_: unknown, args: { first?: number | null }, { key }: Context) => ({
          edges: edges((await listModels(key)).finetuned_models, first(args)).map(({ node }) => ({ node: { model: node } })),
        }),
      },
      FinetunedModel: {
        id: ({ model }: ModelSource) => model.id,
        name: ({ model }: ModelSource) => model.name ?? '',
        status: ({ model }: ModelSource) => status(model.status),
        createdAt: ({ model }: ModelSource) => model.created_at ?? null,
        events: async (source: ModelSource, args: { first?: number | null }, { key }: Context) => {
          const page = await (source.events ?? listEvents(key, source.model.id!));
          return { totalCount: page.total_size ?? 0, edges: edges(page.events, first(args)) };
        },
        stepMetrics: async (source: ModelSource, args: { first?: number | null }, { key }: Context) => {
          const page = await (source.stepMetrics ?? listStepMetrics(key, source.model.id!));
          return { edges: edges(page.step_metrics, first(args)) };
        },
      },
      Event: {
        status: (event: WireEvent) => status(event.status),
        userId: (event: WireEvent) => event.user_id ?? null,
        createdAt: (event: WireEvent) => event.created_at ?? null,
      },
      StepMetrics: {
        stepNumber: (row: WireTrainingStepMetrics) => row.step_number ?? 0,
        metric: (row: WireTrainingStepMetrics, { name }: { name: string }) => row.metrics?.[name] ?? null,
      },
    },
  }),
});

const server = createServer(yoga);
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`yoga floor endpoint listening on http://${process.env.HOST ?? '127.0.0.1'}:${port}/graphql`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    void closeUpstream().then(() => process.exit(0));
  });
}
