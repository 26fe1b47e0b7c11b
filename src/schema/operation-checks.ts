// What an operation asks for, checked before any resolver runs, so that a refusal costs no upstream call: its
// variables coerce, its connections' arguments are valid, it names at most MAX_ENTITY_REPRESENTATIONS objects by id
// (federation entities, or Relay's `nodes`), and its estimated upstream calls stay within MAX_QUERY_COST.
//
// The estimate is Pothos' (each field's `complexity`), computed here once per operation for every root field alike —
// Apollo Federation's `_entities` included, which Pothos' own check (run when a Pothos root field resolves) never
// sees: each representation costs what `finetunedModel(id:)` with the same selection costs (schema/index.ts). The
// estimate of an operation that may run is handed on: the per-caller rate limits spend it (http/rate-limits.ts).
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { LRUCache } from 'lru-cache';
import {
  getArgumentValues,
  getVariableValues,
  GraphQLError,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionArgs,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { AppServices, Context } from '../context.js';
import { GatewayError } from '../errors.js';
import type { ConnectionKind } from '../pagination/cursor.js';
import { checkConnectionArgs, type ConnectionArgs, type ForwardConnectionExtension } from './forward-connection.js';

/** The fields of an operation the checks look at, found once per document (Yoga's parser cache reuses documents). */
interface Watched {
  connections: { kind: ConnectionKind; field: GraphQLField<unknown, unknown>; node: FieldNode }[];
  /** Root fields that resolve a list of objects by id, and the argument that lists them. */
  lookups: { field: GraphQLField<unknown, unknown>; node: FieldNode; argument: string }[];
  /** The operation with its fragments, as the complexity walk takes it. */
  document: DocumentNode;
}

/** Root fields that look objects up by id, by the argument that lists them. */
const LOOKUPS: Readonly<Record<string, string>> = { _entities: 'representations', nodes: 'ids' };

const watchedBySchema = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, Watched>>();

function watchedFields(args: ExecutionArgs, operation: OperationDefinitionNode): Watched {
  let byOperation = watchedBySchema.get(args.schema);
  if (!byOperation) watchedBySchema.set(args.schema, (byOperation = new WeakMap()));
  const known = byOperation.get(operation);
  if (known) return known;
  const fragments = args.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  const watched: Watched = { connections: [], lookups: [], document: { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] } };
  const typeInfo = new TypeInfo(args.schema);
  visit(
    watched.document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        if (!field) return;
        const kind = (field.extensions as Partial<ForwardConnectionExtension> | undefined)?.forwardConnection;
        if (kind) watched.connections.push({ kind, field, node });
        const argument = typeInfo.getParentType() === args.schema.getQueryType() ? LOOKUPS[field.name] : undefined;
        if (argument) watched.lookups.push({ field, node, argument });
      },
    }),
  );
  byOperation.set(operation, watched);
  return watched;
}

const tooComplex = (complexity: number, limit: number) =>
  new GatewayError(
    'QUERY_TOO_COMPLEX',
    `This operation could cost up to ${complexity} upstream calls; the limit is ${limit}. Ask for fewer items or split it.`,
  );

/**
 * The verdict depends on nothing but the operation, its variables and the app's settings (cursors are checked with
 * the app's own secret, costs read its page size): an operation that passed is not checked again with the same
 * variables while it is remembered. Walking the operation for its cost and coercing its variables was about 4% of
 * an operation's CPU (npm run bench:profile); dashboards ask the same operation with the same variables over and over.
 * Refusals are not remembered (they are rare, and carry their own error objects). Bounded by the characters of the
 * keys it holds; variables longer than `MAX_REMEMBERED_VARIABLES` are always checked afresh.
 */
const passedByApp = new WeakMap<AppServices, LRUCache<string, number>>();
const MAX_REMEMBERED_VARIABLES = 2_000;
const operationIds = new WeakMap<OperationDefinitionNode, number>();
let nextOperationId = 0;

function passedOperations(app: AppServices): LRUCache<string, number> {
  let passed = passedByApp.get(app);
  if (!passed) passedByApp.set(app, (passed = new LRUCache<string, number>({ maxSize: 1_000_000, sizeCalculation: (_, key) => key.length })));
  return passed;
}

/** Why `operation` may not run, or what it is estimated to cost (upstream calls) when it may. */
export function checkOperation(args: ExecutionArgs, operation: OperationDefinitionNode): { problem: GatewayError | GraphQLError } | { cost: number } {
  const context = args.contextValue as Context;
  const variables = JSON.stringify(args.variableValues ?? {});
  if (variables.length > MAX_REMEMBERED_VARIABLES) return check(args, operation, context);
  let id = operationIds.get(operation);
  if (id === undefined) operationIds.set(operation, (id = nextOperationId++));
  const key = `${id} ${variables}`;
  const passed = passedOperations(context.app);
  const cost = passed.get(key);
  if (cost !== undefined) return { cost };
  const verdict = check(args, operation, context);
  if ('cost' in verdict) passed.set(key, verdict.cost);
  return verdict;
}

function check(args: ExecutionArgs, operation: OperationDefinitionNode, context: Context): { problem: GatewayError | GraphQLError } | { cost: number } {
  const { settings, cursors } = context.app;
  // Arguments are read as the executor will see them: with variables coerced (enum names → values).
  const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  if (variables.errors) {
    // The executor would refuse these too, but without a code: refuse them here, as bad input.
    const [error] = variables.errors;
    return { problem: new GraphQLError(error!.message, { nodes: error!.nodes, extensions: { code: 'BAD_USER_INPUT' } }) };
  }
  const watched = watchedFields(args, operation);
  try {
    for (const { kind, field, node } of watched.connections) {
      checkConnectionArgs(kind, getArgumentValues(field, node, variables.coerced) as ConnectionArgs, cursors);
    }
    for (const { field, node, argument } of watched.lookups) {
      const listed = getArgumentValues(field, node, variables.coerced)[argument];
      if (Array.isArray(listed) && listed.length > settings.maxEntityRepresentations) {
        return { problem: new GatewayError('QUERY_TOO_COMPLEX', `At most ${settings.maxEntityRepresentations} ${argument} may be resolved in one request.`) };
      }
    }
  } catch (error) {
    if (error instanceof GatewayError) return { problem: error };
    throw error;
  }
  const { complexity } = complexityFromQuery(watched.document, { schema: args.schema, ctx: context, variables: args.variableValues ?? {} });
  return complexity > settings.queryCostLimit ? { problem: tooComplex(complexity, settings.queryCostLimit) } : { cost: complexity };
}
