// Nested reads started early. The executor resolves a field's children only once the field itself has resolved,
// so a model and its history would cost two upstream round trips one after the other. A field that knows the id
// of what it loads starts its selected children's first upstream read beside its own instead. Hand-written: the
// executor has no such hook, so each child field says in its extensions how its first read starts.
import { collectSubFields } from '@graphql-tools/utils';
import { getArgumentValues, getNamedType, isObjectType, type GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import type { FetchPage } from '../pagination/connection.js';

export interface PrefetchExtension {
  /** Starts the first upstream read the field will make under the parent with this id, given its arguments. */
  prefetch(parentId: string, args: Record<string, unknown>, ctx: Context): void;
}

/** Starts the first page of a connection walked afresh (one resuming at a cursor is left to its resolver). */
export function prefetchFirstPage(args: { after?: unknown }, fetchPage: FetchPage<unknown>, pageSize: number): void {
  if (args.after) return;
  // The field's own read of this page meets this one in the operation's loader, and reports its failure.
  fetchPage('', pageSize).catch(() => undefined);
}

/** Starts the first reads of the children of the field being resolved, for the parent with this id. */
export function prefetchChildren(parentId: string, ctx: Context, info: GraphQLResolveInfo): void {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return;
  const fields = type.getFields();
  const selected = collectSubFields(info.schema, info.fragments, info.variableValues, type, [...info.fieldNodes]).fields;
  for (const [node] of selected.values()) {
    const field = node && fields[node.name.value];
    const prefetch = (field?.extensions as Partial<PrefetchExtension> | undefined)?.prefetch;
    if (field && prefetch) prefetch(parentId, getArgumentValues(field, node, info.variableValues), ctx);
  }
}
