// A second subgraph for the federation tests, written SDL-first with @apollo/subgraph as another team would: a
// "projects" service whose Project references fine-tuned models by id, and which adds `projects` to FinetunedModel.
// It also defines its own shareable PageInfo, as any Relay-style subgraph does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

export interface Project {
  id: string;
  name: string;
  /** Ids of fine-tuned models in the other subgraph; may repeat across projects and name missing models. */
  modelIds: string[];
}

export interface ProjectsSubgraph {
  url: string;
  /** Every operation it was sent, with the Authorization header it came with. */
  requests: { query: string; authorization: string | null }[];
  stop(): Promise<void>;
}

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])

  "A team's project, which uses some fine-tuned models."
  type Project @key(fields: "id") {
    id: ID!
    name: String!
    "The models the project uses, resolved by the fine-tuning subgraph; null where a model does not exist."
    models: [FinetunedModel]!
  }

  "A fine-tuned model of the fine-tuning subgraph, seen from here as the projects that use it."
  type FinetunedModel @key(fields: "id") {
    id: ID!
    "The projects that use this model."
    projects: [Project!]!
  }

  "A page of projects."
  type ProjectConnection {
    nodes: [Project!]!
    pageInfo: PageInfo!
  }

  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type Query {
    "Every project, on one page."
    projects: ProjectConnection!
  }
`);

export async function startProjectsSubgraph(projects: Project[]): Promise<ProjectsSubgraph> {
  const byId = new Map(projects.map((project) => [project.id, project]));
  const reference = (id: string) => ({ id });
  const schema = buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Query: {
        projects: () => ({
          nodes: projects,
          pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        }),
      },
      Project: {
        __resolveReference: ({ id }: { id: string }) => byId.get(id) ?? null,
        models: (project: Project) => project.modelIds.map(reference),
      },
      FinetunedModel: {
        __resolveReference: ({ id }: { id: string }) => reference(id),
        projects: ({ id }: { id: string }) => projects.filter((project) => project.modelIds.includes(id)),
      },
    },
  });

  const requests: ProjectsSubgraph['requests'] = [];
  const yoga = createYoga({
    schema,
    logging: false,
    plugins: [
      {
        onParams({ params, request }) {
          requests.push({ query: params.query ?? '', authorization: request.headers.get('authorization') });
        },
      },
    ],
  });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    requests,
    async stop() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closing;
    },
  };
}
