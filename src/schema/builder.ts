// The Pothos builder, its plugins and scalars. Types live in the domain modules beside this file.
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError, Kind } from 'graphql';
import type { Context } from '../context.js';

export interface BuilderTypes {
  Context: Context;
  Scalars: { DateTime: { Input: string; Output: string } };
  /** Every connection carries the upstream's total, where the list has one. */
  Connection: { totalCount: number | null };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}

export type Types = PothosSchemaTypes.ExtendDefaultTypes<BuilderTypes>;

export const builder = new SchemaBuilder<BuilderTypes>({
  // Federation after the plugins that wrap resolvers; Directives carries its @key/@shareable into the subgraph SDL.
  plugins: [ComplexityPlugin, ErrorsPlugin, RelayPlugin, DirectivesPlugin, FederationPlugin],
  // Cost estimates upstream calls: fields that call the upstream say what they cost, everything else is free,
  // and a connection multiplies what it selects by its `first`. Checked before execution, by operation-checks.ts.
  complexity: { defaultComplexity: 0, defaultListMultiplier: 1 },
  // Mutations return their payload type itself in the result union (no wrapper object).
  errors: { directResult: true },
  // Non-null unless a field says otherwise: fields that call the upstream opt in to null so an error stays local.
  defaultFieldNullability: false,
  relay: {
    cursorType: 'String',
    // Global Object Identification with the upstream's own ids: model ids are UUIDs, unique across the whole
    // schema, so they need no type prefix, and REST ids stay recognisable (FinetunedModel is the only Node).
    encodeGlobalID: (_typename, id) => String(id),
    decodeGlobalID: (globalID) => ({ typename: 'FinetunedModel', id: globalID }),
    nodeTypeOptions: {
      description:
        'An object with an id unique across the whole schema (Relay Global Object Identification). Ids are the upstream’s own: a fine-tuned model’s id is its upstream UUID.',
    },
    idFieldOptions: { description: 'The id, unique across the whole schema: for a fine-tuned model, its upstream UUID.' },
    nodeQueryOptions: {
      description: 'The object with this id, whatever its type; null when none exists. A fine-tuned model’s id is its upstream UUID.',
      nullable: true,
      complexity: 1,
      args: { id: { description: 'The id: for a fine-tuned model, its upstream UUID.' } },
    },
    nodesQueryOptions: {
      description: 'The objects with these ids, in the same order; null where none exists.',
      complexity: (args) => ({ field: args.ids.length, multiplier: args.ids.length }),
      args: { ids: { description: 'The ids, at most MAX_ENTITY_REPRESENTATIONS of them.' } },
    },
    pageInfoTypeOptions: {
      description: 'Where a page of a connection stands. Pagination is forward only: pass `endCursor` as `after`.',
      // Other subgraphs of a supergraph define the same Relay PageInfo.
      shareable: true,
    },
    hasNextPageFieldOptions: { description: 'True when more items follow the last edge of this page.' },
    hasPreviousPageFieldOptions: { description: 'True when this page started after a cursor (items precede it).' },
    startCursorFieldOptions: { description: 'Cursor of the first edge of this page; null when the page is empty.' },
    endCursorFieldOptions: { description: 'Cursor of the last edge of this page: pass it as `after` for the next page.' },
    edgesFieldOptions: { nullable: false, description: 'The items of this page, each with its cursor.' },
    cursorFieldOptions: { description: 'Opaque cursor: pass it as `after` to continue right after this edge.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    pageInfoFieldOptions: { description: 'Pagination state of this page.' },
  },
});

// RFC 3339 with a zone, as the upstream writes them (it may carry nanoseconds).
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

// Hand-written rather than graphql-scalars' DateTime: that one converts to Date and drops sub-millisecond
// precision, while a timestamp here should read back exactly as the upstream wrote it.
function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError('DateTime must be an RFC 3339 timestamp string.', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value;
}

builder.scalarType('DateTime', {
  description:
    'A point in time as an RFC 3339 string in UTC, e.g. `2024-01-17T20:11:42.907112Z`. The upstream precision (up to nanoseconds) is kept.',
  serialize: (value) => value,
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

builder.queryType({ description: 'Read fine-tuned models, their status history and their training metrics.' });
builder.mutationType({ description: 'Create, change and delete fine-tuned models.' });
