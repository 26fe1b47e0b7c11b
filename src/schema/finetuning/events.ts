// A model's status history, as a forward connection over the upstream's event pages.
import type { FinetunedModelEvent } from '../../finetuning/model.js';
import { builder } from '../builder.js';
import { connectionField } from '../forward-connection.js';
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

builder.objectField(FinetunedModelRef, 'events', (t) =>
  connectionField(t, {
    type: EventConnectionRef,
    kind: 'events',
    description: 'Status changes of the model, oldest first unless `orderBy` says otherwise.',
    items: 'events',
    orderBy: 'Order by time of the change.',
    scope: (model) => model.id,
    page: (ctx, modelId, order) => (pageToken, pageSize) => ctx.loaders.eventPages.load({ modelId, order, pageToken, pageSize }),
    // Events have no id: a status happens once at its time.
    keyOf: (event) => ({ at: event.createdAt, id: event.status }),
  }),
);
