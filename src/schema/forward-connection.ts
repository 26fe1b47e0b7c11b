// Arguments of the forward-only connections, and a check that rejects bad ones before execution starts:
// a nested connection's resolver runs only after its parent was fetched, and a bad `first` or `after`
// must cost no upstream call at all.
import { getArgumentValues, getVariableValues, GraphQLError, Kind, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import type { ExecutionArgs, FieldNode, GraphQLField, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { ArgBuilder } from '@pothos/core';
import type { Plugin } from 'graphql-yoga';
import { DEFAULT_PAGE_SIZE } from '../finetuning/contract.js';
import type { OrderDirection } from '../finetuning/model.js';
import { GatewayError, badUserInput } from '../errors.js';
import { DEFAULT_FIRST, MAX_FIRST, resolveFirst } from '../pagination/connection.js';
import { connectionPrefix, cursorConnection, type ConnectionKind } from '../pagination/cursor.js';
import { builder, type Types } from './builder.js';
import { toGraphQLError } from '../http/graphql-errors.js';

export const OrderRef = builder.enumType('FinetuningOrderBy', {
  description: 'Order of a list by creation time.',
  values: {
    CREATED_AT_ASC: { value: 'ASC', description: 'Oldest first.' },
    CREATED_AT_DESC: { value: 'DESC', description: 'Newest first.' },
  } as const,
});

/**
 * The estimated cost of a connection field: the upstream pages it reads, and `first` as the multiplier of
 * what each item selects.
 */
export function connectionCost(args: { first?: number | null }) {
  const first = Math.max(0, args.first ?? DEFAULT_FIRST);
  return { field: Math.max(1, Math.ceil(first / DEFAULT_PAGE_SIZE)), multiplier: first };
}

/** Marks a field as a forward connection so its arguments are checked before execution. */
export interface ForwardConnectionExtension {
  forwardConnection: ConnectionKind;
}

export function forwardArgs(arg: ArgBuilder<Types>, items: string) {
  return {
    first: arg.int({
      defaultValue: DEFAULT_FIRST,
      description: `How many ${items} to return: 0 to ${MAX_FIRST}. Larger pages are read across several upstream pages.`,
    }),
    after: arg.string({ description: `Return the ${items} that come right after this cursor (an edge's \`cursor\` or \`pageInfo.endCursor\`).` }),
  };
}


function checkField(kind: ConnectionKind, values: Record<string, unknown>): void {
  resolveFirst(values.first as number | null | undefined);
  const after = values.after as string | null | undefined;
  if (after === null || after === undefined) return;
  const id = cursorConnection(after);
  if (id === null) throw badUserInput('The cursor `after` is malformed.');
  const order = (values.orderBy as OrderDirection | undefined) ?? 'ASC';
  if (!id.startsWith(connectionPrefix(kind, order))) throw badUserInput('The cursor `after` belongs to another connection.');
}

interface ConnectionField {
  kind: ConnectionKind;
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
}

// Where an operation's connection fields are depends on its document alone, and Yoga's parser cache hands the same
// document to every request of the same query: the walk runs once per query, not once per request.
const connectionFieldsBySchema = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, ConnectionField[]>>();

function connectionFieldsOf(args: ExecutionArgs, operation: OperationDefinitionNode): ConnectionField[] {
  let byOperation = connectionFieldsBySchema.get(args.schema);
  if (!byOperation) connectionFieldsBySchema.set(args.schema, (byOperation = new WeakMap()));
  let fields = byOperation.get(operation);
  if (fields) return fields;
  fields = [];
  const typeInfo = new TypeInfo(args.schema);
  const fragments = args.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  visit(
    { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] },
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        const kind = (field?.extensions as Partial<ForwardConnectionExtension> | undefined)?.forwardConnection;
        if (field && kind) fields!.push({ kind, field, node });
      },
    }),
  );
  byOperation.set(operation, fields);
  return fields;
}

/** The first bad variable or connection argument in the operation about to run, or null. */
export function findConnectionArgError(args: ExecutionArgs): GraphQLError | null {
  const operation = args.document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName),
  );
  if (!operation) return null;
  // Arguments are read as the executor will see them: with variables coerced (enum names → values).
  const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  if (variables.errors) {
    // The executor would refuse these too, but without a code: refuse them here, as bad input.
    const [error] = variables.errors;
    return new GraphQLError(error!.message, { nodes: error!.nodes, extensions: { code: 'BAD_USER_INPUT' } });
  }
  for (const { kind, field, node } of connectionFieldsOf(args, operation)) {
    try {
      checkField(kind, getArgumentValues(field, node, variables.coerced));
    } catch (error) {
      return error instanceof GatewayError ? toGraphQLError(error) : (error as GraphQLError);
    }
  }
  return null;
}

export function useConnectionArgsCheck(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = findConnectionArgError(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
