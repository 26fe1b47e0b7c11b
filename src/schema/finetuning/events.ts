// A model's status history, as a forward connection over the upstream's event pages.
import type { FinetunedModelEvent, OrderDirection } from '../../finetuning/model.js';
import type { Context } from '../../context.js';
import { forwardConnection, type FetchPage } from '../../pagination/connection.js';
import { connectionId } from '../../pagination/cursor.js';
import { builder } from '../builder.js';
import { connectionCost, forwardArgs, OrderRef, type ForwardConnectionExtension } from '../forward-connection.js';
import { prefetchFirstPage, type PrefetchExtension } from '../prefetch.js';
import { StatusRef } from './enums.js';
import { FinetunedModelRef } from './finetuned-model.js';

const EventRef = builder.objectRef<FinetunedModelEvent>('FinetunedModelEvent').implement({
  description: 'A change of status in the life of a fine-tuned model.',
  fields: (t) => ({
    status: t.expose('status', { type: StatusRef, description: 'The status the model entered.' }),
    userId: t.exposeID('userId', {
      nullable: true,
      description: 'The user who caused the change; null when the system did (e.g. READY, FAILED).',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true, description: 'When the change happened.' }),
  }),
});

const EventConnectionRef = builder.connectionObject(
  {
    type: EventRef,
    name: 'FinetunedModelEventConnection',
    description: 'A page of status changes.',
    fields: (t) => ({
      totalCount: t.int({
        description: 'How many events the model has in all.',
        resolve: (connection) => connection.totalCount ?? 0,
      }),
    }),
  },
  { name: 'FinetunedModelEventEdge', description: 'A status change in a page, with its cursor.' },
);

const eventPage =
  (ctx: Context, modelId: string, order: OrderDirection): FetchPage<FinetunedModelEvent> =>
  (pageToken, pageSize) =>
    ctx.loaders.eventPages.load({ modelId, order, pageToken, pageSize });

builder.objectField(FinetunedModelRef, 'events', (t) =>
  t.field({
    type: EventConnectionRef,
    // Nullable so that one model's failing history is an error at its path, not the loss of its siblings.
    nullable: true,
    description: 'Status changes of the model, oldest first unless `orderBy` says otherwise.',
    args: {
      ...forwardArgs(t.arg, 'events'),
      orderBy: t.arg({ type: OrderRef, required: true, defaultValue: 'ASC', description: 'Order by time of the change.' }),
    },
    extensions: {
      forwardConnection: 'events',
      prefetch: (id, args, ctx) =>
        prefetchFirstPage(args, eventPage(ctx, id, args.orderBy as OrderDirection), ctx.upstreamPageSize),
    } satisfies ForwardConnectionExtension & PrefetchExtension,
    complexity: connectionCost,
    resolve: (model, args, ctx) =>
      forwardConnection({
        connection: connectionId('events', args.orderBy, model.id),
        args,
        pageSize: ctx.upstreamPageSize,
        fetchPage: eventPage(ctx, model.id, args.orderBy),
      }),
  }),
);
