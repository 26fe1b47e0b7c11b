// Imports every domain module (each registers its types on the builder), then builds the schema.
import { builder } from './builder.js';
import './finetuning/finetuned-model.js';
import './finetuning/events.js';
import './finetuning/step-metrics.js';
import './finetuning/mutations.js';
import './finetuning/subscription.js';

/** The API surface clients build against (schema/schema.graphql), in the order the modules define it. */
export const schema = builder.toSchema({ sortSchema: false });

/**
 * The same graph as a Federation 2 subgraph, and what the app serves: `schema` plus the `_service` and `_entities`
 * fields a supergraph gateway calls (schema/subgraph.graphql, printed with its directives). The federation plugin
 * sorts its types and fields by name.
 */
export const subgraphSchema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });

/**
 * What the federation fields cost (schema/operation-checks.ts): `_entities` resolves each representation as
 * `finetunedModel(id:)` would, so it costs one read per representation plus what each selects; `_service` costs
 * nothing. @apollo/subgraph builds these fields, so their cost is set on the built schema.
 */
function priceFederationFields(): void {
  const fields = subgraphSchema.getQueryType()?.getFields() ?? {};
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
priceFederationFields();
