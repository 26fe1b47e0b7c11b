// Imports every domain module (each registers its types on the builder), then builds the schema.
import { printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './finetuning/finetuned-model.js';
import './finetuning/events.js';
import './finetuning/step-metrics.js';
import './finetuning/mutations.js';
import './finetuning/subscription.js';

const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

/** The API surface clients build against (schema/schema.graphql), in the order the modules define it. */
export const schema = builder.toSchema({ sortSchema: false });

/**
 * The same graph as a Federation 2 subgraph, and what the app serves: `schema` plus the `_service` and `_entities`
 * fields a supergraph gateway calls (schema/subgraph.graphql, printed with its directives). The federation plugin
 * sorts its types and fields by name.
 */
export const subgraphSchema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });

/**
 * The subgraph for a supergraph whose `node`/`nodes` query fields another subgraph owns (RELAY_NODE_FIELDS=false):
 * the same graph, FinetunedModel still a Node, without those two fields (schema/subgraph-without-node-fields.graphql).
 * Derived from `subgraphSchema` rather than built again: the printed SDL comes from the types' AST nodes, which a
 * second build would share, and `_service` must publish the SDL of this variant, not of the full graph.
 */
export const subgraphSchemaWithoutNodeFields = withoutQueryFields(subgraphSchema, ['node', 'nodes']);

function withoutQueryFields(subgraph: GraphQLSchema, names: string[]): GraphQLSchema {
  const query = subgraph.getQueryType()!.toConfig();
  const kept = (name: string) => !names.includes(name);
  const fields = Object.fromEntries(Object.entries(query.fields).filter(([name]) => kept(name)));
  let sdl: string | undefined;
  fields._service = { ...fields._service!, resolve: () => ({ sdl: (sdl ??= printSubgraphSchema(variant)) }) };
  const astNode = query.astNode && { ...query.astNode, fields: query.astNode.fields?.filter((field) => kept(field.name.value)) };
  const newQuery = new GraphQLObjectType({ ...query, fields, astNode });
  const config = subgraph.toConfig();
  const variant: GraphQLSchema = new GraphQLSchema({ ...config, query: newQuery, types: config.types.map((type) => (type.name === newQuery.name ? newQuery : type)) });
  return variant;
}

/**
 * What the federation fields cost (schema/operation-checks.ts): `_entities` resolves each representation as
 * `finetunedModel(id:)` would, so it costs one read per representation plus what each selects; `_service` costs
 * nothing. @apollo/subgraph builds these fields, so their cost is set on the built schema.
 */
function priceFederationFields(subgraph: GraphQLSchema): void {
  const fields = subgraph.getQueryType()?.getFields() ?? {};
  const price = (name: string, complexity: unknown) => {
    const field = fields[name];
    if (field) (field as { extensions: Record<string, unknown> }).extensions = { ...field.extensions, complexity };
  };
  price('_entities', (args: { representations?: unknown[] }) => {
    const count = args.representations?.length ?? 0;
    return { field: count, multiplier: count };
  });
  price('_service', 0);
}
priceFederationFields(subgraphSchema);
priceFederationFields(subgraphSchemaWithoutNodeFields);
