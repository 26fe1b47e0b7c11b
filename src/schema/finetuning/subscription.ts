// Live status and training progress of a fine-tuned model, served over graphql-ws and SSE by the shared
// watchers of src/subscriptions: however many clients follow a model, the upstream sees one poller.
import { renewOperation, requireCredential, type Context } from '../../context.js';
import type { StatusChange } from '../../subscriptions/registry.js';
import { builder } from '../builder.js';
import { StatusRef } from './enums.js';
import { FinetunedModelRef } from './finetuned-model.js';
import { StepMetricsRef } from './step-metrics.js';

builder.subscriptionType({
  description:
    'Follow fine-tuned models live. The upstream has no push: the gateway polls it, with one shared poller per caller and model however many clients subscribe.',
});

const StatusChangeRef = builder.objectRef<StatusChange>('FinetunedModelStatusChange').implement({
  description: 'A change of status of a fine-tuned model, or (on the first message) the status it starts from.',
  fields: (t) => ({
    model: t.field({
      type: FinetunedModelRef,
      description:
        'The model at this change: its `status` is this change’s, so a normalised cache (Apollo, Relay, urql) walks through every status in order; its other fields are as read by the poll that noticed the change, which may have caught up on later changes too.',
      // When one poll catches up on several changes, the read already shows the last status: each message's model
      // carries its own, or a cache would jump FINETUNING → READY on the DEPLOYING_API message.
      resolve: ({ model, status }) => (model.status === status ? model : { ...model, status }),
    }),
    previousStatus: t.expose('previousStatus', {
      type: StatusRef,
      nullable: true,
      description: 'The status before the change; null on the first message, which gives the current status to start from.',
    }),
    status: t.expose('status', { type: StatusRef, description: 'The status the model entered.' }),
    changedAt: t.expose('changedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the upstream recorded the change (the time of its event); null when it did not say.',
    }),
  }),
});

/**
 * A watcher ends a stream with an Error as its last item; thrown here, it reaches the client masked and mapped
 * like any resolver error. Every other item starts a fresh operation: nested fields must read anew, within a
 * deadline of their own, not from what an earlier message of this long-lived context cached.
 */
function deliver<T>(item: T | Error, ctx: Context): T {
  if (item instanceof Error) throw item;
  renewOperation(ctx);
  return item;
}

builder.subscriptionFields((t) => ({
  finetunedModelStatusChanged: t.field({
    type: StatusChangeRef,
    // A share of one poller: the same first read a query would make.
    complexity: 1,
    description:
      'The status of a model, live: first the current status, then every change in order, none missed even when several happen between two polls. Completes after READY, FAILED or DELETED; ends with a NOT_FOUND error when the model does not exist or is deleted. Polls fast while the job moves and slowly otherwise.',
    args: { id: t.arg.id({ required: true, description: 'The upstream id of the model.' }) },
    subscribe: (_root, { id }, ctx) => ctx.app.subscriptions.watchStatus(requireCredential(ctx), String(id)),
    resolve: (item, _args, ctx) => deliver(item, ctx),
  }),
  finetunedModelStepMetricsAdded: t.field({
    type: StepMetricsRef,
    complexity: 1,
    description:
      'Training progress, live: every training-step metrics row of the run in training order, those already written first, then each new one as it appears. Completes once training is over; ends with a NOT_FOUND error when the model does not exist or is deleted.',
    args: { id: t.arg.id({ required: true, description: 'The upstream id of the model.' }) },
    subscribe: (_root, { id }, ctx) => ctx.app.subscriptions.watchStepMetrics(requireCredential(ctx), String(id)),
    resolve: (item, _args, ctx) => deliver(item, ctx),
  }),
}));
