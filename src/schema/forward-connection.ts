// A forward-only Relay connection field over one of the upstream's paged lists, declared once with everything it
// needs: its arguments (`first`, `after`, and `orderBy` where the list can be ordered), its estimated cost, the read
// its parent starts early (prefetch.ts), the check of its arguments before execution (operation-checks.ts), and its
// resolver.
//
// Pothos' `t.connection` is not used: it always adds `last`/`before`, which an upstream with forward-only page tokens
// cannot serve.
import type { FieldRef, InputFieldMap, ObjectRef } from '@pothos/core';
import type { Context } from '../context.js';
import { badUserInput } from '../errors.js';
import type { OrderDirection } from '../finetuning/model.js';
import { DEFAULT_FIRST, MAX_FIRST, forwardConnection, resolveFirst, type FetchPage } from '../pagination/connection.js';
import { connectionId, connectionPrefix, type ConnectionKind, type CursorCodec, type ItemKey } from '../pagination/cursor.js';
import { builder, type Types } from './builder.js';
import { prefetchFirstPage, type PrefetchExtension } from './prefetch.js';

const OrderRef = builder.enumType('FinetuningOrderBy', {
  description: 'Order of a list by creation time.',
  values: {
    CREATED_AT_ASC: { value: 'ASC', description: 'Oldest first.' },
    CREATED_AT_DESC: { value: 'DESC', description: 'Newest first.' },
  } as const,
});

/** Marks a field as a forward connection, so its arguments are checked before execution (operation-checks.ts). */
export interface ForwardConnectionExtension {
  forwardConnection: ConnectionKind;
}

/** The arguments as the resolver sees them. */
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  orderBy?: OrderDirection | null;
}

export interface ConnectionFieldOptions<Parent, Node> {
  /** The connection type, made with `builder.connectionObject`. */
  type: ObjectRef<Types, unknown>;
  kind: ConnectionKind;
  description: string;
  /** What the list holds, in the arguments' descriptions: "events", "models"… */
  items: string;
  /** When the upstream can order the list: the description of `orderBy`. Otherwise the upstream's own order. */
  orderBy?: string;
  /** What the list is of: the parent model's id for nested lists, '' for a root list. */
  scope(parent: Parent): string;
  /** Reads one upstream page of the list, through the operation's loaders. */
  page(ctx: Context, scope: string, order: OrderDirection): FetchPage<Node>;
  /** Where an item stands in the list (its cursor carries it): its creation time, and what tells it from its neighbours. */
  keyOf(item: Node): ItemKey;
}

/**
 * The estimated cost of a connection field: the upstream pages it reads (at the configured page size), and `first` as
 * the multiplier of what each item selects.
 */
function connectionCost(args: { first?: number | null }, ctx: Context) {
  const first = Math.max(0, args.first ?? DEFAULT_FIRST);
  return { field: Math.max(1, Math.ceil(first / ctx.app.settings.upstreamPageSize)), multiplier: first };
}

type FieldBuilderOf<Parent, Kind extends 'Object' | 'Query'> = PothosSchemaTypes.RootFieldBuilder<Types, Parent, Kind>;

/** A forward connection field on the type `t` builds fields for (an object type, or Query). */
export function connectionField<Parent, Node>(
  t: FieldBuilderOf<Parent, 'Object'>,
  options: ConnectionFieldOptions<Parent, Node>,
): FieldRef<Types, unknown, 'Object'>;
export function connectionField<Node>(
  t: FieldBuilderOf<object, 'Query'>,
  options: ConnectionFieldOptions<object, Node>,
): FieldRef<Types, unknown, 'Query'>;
export function connectionField<Parent, Node>(
  builderOfAnyKind: FieldBuilderOf<Parent, 'Object'> | FieldBuilderOf<Parent, 'Query'>,
  options: ConnectionFieldOptions<Parent, Node>,
): FieldRef<Types, unknown, 'Object' | 'Query'> {
  // The field's options are the same on either kind of type; Pothos' types tell the kinds apart, the runtime does not.
  const t = builderOfAnyKind as FieldBuilderOf<Parent, 'Object'>;
  const { kind, items } = options;
  const orderOf = (args: ConnectionArgs): OrderDirection => args.orderBy ?? 'ASC';
  const args: InputFieldMap = {
    first: t.arg.int({
      defaultValue: DEFAULT_FIRST,
      description: `How many ${items} to return: 0 to ${MAX_FIRST}. Larger pages are read across several upstream pages.`,
    }),
    after: t.arg.string({
      description: `Return the ${items} that come right after this cursor (an edge's \`cursor\` or \`pageInfo.endCursor\`).`,
    }),
  };
  // Nullable with a default (null means the default): Relay refuses a non-null variable that has a default.
  if (options.orderBy) args.orderBy = t.arg({ type: OrderRef, required: false, defaultValue: 'ASC', description: options.orderBy });
  return t.field({
    type: options.type,
    // Nullable so that one list's failure is an error at its path, not the loss of its siblings.
    nullable: true,
    description: options.description,
    args,
    extensions: {
      forwardConnection: kind,
      prefetch: (scope, args, ctx) =>
        prefetchFirstPage(args, options.page(ctx, scope, orderOf(args as ConnectionArgs)), ctx.app.settings.upstreamPageSize),
    } satisfies ForwardConnectionExtension & PrefetchExtension,
    complexity: (values, ctx) => connectionCost(values as ConnectionArgs, ctx),
    resolve: (parent, values, ctx) => {
      const args = values as ConnectionArgs;
      const scope = options.scope(parent as Parent);
      const order = orderOf(args);
      return forwardConnection({
        connection: connectionId(kind, order, scope),
        cursors: ctx.app.cursors,
        args,
        pageSize: ctx.app.settings.upstreamPageSize,
        maxPages: ctx.app.settings.upstreamMaxPages,
        fetchPage: options.page(ctx, scope, order),
        order,
        keyOf: options.keyOf,
      });
    },
  });
}

/**
 * Refuses a forward connection's arguments before any upstream call (a nested connection's resolver runs only after
 * its parent was fetched, and a bad `first` or `after` must cost nothing): `values` as the executor will see them.
 */
export function checkConnectionArgs(kind: ConnectionKind, values: ConnectionArgs, cursors: CursorCodec): void {
  resolveFirst(values.first);
  const { after } = values;
  if (after === null || after === undefined) return;
  const id = cursors.connectionOf(after);
  if (id === null) throw badUserInput('The cursor `after` is malformed.');
  if (!id.startsWith(connectionPrefix(kind, values.orderBy ?? 'ASC'))) {
    throw badUserInput('The cursor `after` belongs to another connection.');
  }
}
