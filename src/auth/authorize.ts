// Refuses an operation before it runs, with zero upstream calls, when the caller may not run it: a broken
// credential, no credential where one is required, or a missing scope (mutations need write).
import { getOperationAST, GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { GatewayError } from '../errors.js';
import { toGraphQLError } from '../http/graphql-errors.js';

/** An operation that only reads the schema (`__schema`, `__type`, `__typename`) needs no credential. */
function isIntrospectionOnly(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const onlyMeta = (selections: OperationDefinitionNode['selectionSet']['selections'], seen: Set<string>): boolean =>
    selections.every((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value.startsWith('__');
      if (selection.kind === Kind.INLINE_FRAGMENT) return onlyMeta(selection.selectionSet.selections, seen);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) return true;
      return onlyMeta(fragment.selectionSet.selections, new Set([...seen, name]));
    });
  return onlyMeta(operation.selectionSet.selections, new Set());
}

export function refusal(context: Context, document: DocumentNode, operationName?: string | null): GraphQLError | null {
  const operation = getOperationAST(document, operationName);
  if (!operation || isIntrospectionOnly(operation, document)) return null;
  if (context.authError) return toGraphQLError(context.authError);
  const { principal } = context;
  // Pass-through mode without a key lets fields answer UNAUTHENTICATED one by one (nothing is called upstream).
  if (!principal.credential) return null;
  const needed = operation.operation === 'mutation' ? 'write' : 'read';
  if (!principal.scopes.has(needed)) {
    return toGraphQLError(
      new GatewayError('FORBIDDEN', `This credential may not ${needed === 'write' ? 'change' : 'read'} fine-tuned models.`),
    );
  }
  return null;
}

export function useAuthorization(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = refusal(args.contextValue as Context, args.document, args.operationName);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = refusal(args.contextValue as Context, args.document, args.operationName);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
