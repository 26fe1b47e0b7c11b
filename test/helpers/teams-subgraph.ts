// A third subgraph for the federation tests: a "teams" service that, like many supergraphs' identity service, owns
// Relay's `Node` as a Federation 2 entity interface and serves `Query.node`/`Query.nodes` for the whole supergraph.
// Its own ids say their type ("team:…"); any other id is a fine-tuned model's upstream UUID, whose fields the
// gateway then reads from the fine-tuning subgraph.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

export interface Team {
  id: `team:${string}`;
  name: string;
}

export interface TeamsSubgraph {
  url: string;
  stop(): Promise<void>;
}

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  "An object with an id unique across the supergraph."
  interface Node @key(fields: "id") {
    id: ID!
  }

  "A team of people."
  type Team implements Node @key(fields: "id") {
    id: ID!
    name: String!
  }

  "A fine-tuned model of the fine-tuning subgraph: a Node too."
  type FinetunedModel implements Node @key(fields: "id") {
    id: ID!
  }

  type Query {
    "Any object of the supergraph by its id."
    node(id: ID!): Node
    "Objects of the supergraph by their ids."
    nodes(ids: [ID!]!): [Node]!
    teams: [Team!]!
  }
`);

export async function startTeamsSubgraph(teams: Team[]): Promise<TeamsSubgraph> {
  const byId = new Map<string, Team>(teams.map((team) => [team.id, team]));
  const node = (id: string) =>
    id.startsWith('team:') ? (byId.has(id) ? { __typename: 'Team', ...byId.get(id) } : null) : { __typename: 'FinetunedModel', id };
  const schema = buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Query: {
        node: (_root: unknown, { id }: { id: string }) => node(id),
        nodes: (_root: unknown, { ids }: { ids: string[] }) => ids.map(node),
        teams: () => teams,
      },
      Node: { __resolveReference: ({ id }: { id: string }) => node(id) },
      Team: { __resolveReference: ({ id }: { id: string }) => byId.get(id) ?? null },
    },
  });
  const server: Server = createServer(createYoga({ schema, logging: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async stop() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closing;
    },
  };
}
