// FinetunedModel, its settings, and the ways to read models: by id, a page at a time, and as a federation entity.
import type { BaseModel, FinetunedModel, Hyperparameters, Settings, WandbConfig } from '../../finetuning/model.js';
import { isValidId } from '../../finetuning/contract.js';
import type { ItemKey } from '../../pagination/cursor.js';
import { IN_PROGRESS_STATUSES, TERMINAL_STATUSES } from '../../finetuning/model.js';
import { builder } from '../builder.js';
import { connectionField } from '../forward-connection.js';
import { prefetchChildren } from '../prefetch.js';
import { range } from './contract-text.js';
import { BaseTypeRef, LoraTargetModulesRef, StatusRef, StrategyRef } from './enums.js';

export const FinetunedModelRef = builder.objectRef<FinetunedModel>('FinetunedModel');

const BaseModelRef = builder.objectRef<BaseModel>('FinetuningBaseModel').implement({
  description: 'The base model that was fine-tuned.',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true, description: 'Name of the base model.' }),
    version: t.exposeString('version', { nullable: true, description: 'Version of the base model (set by the upstream).' }),
    baseType: t.expose('baseType', { type: BaseTypeRef, description: 'Kind of base model.' }),
    strategy: t.expose('strategy', { type: StrategyRef, description: 'Deprecated upstream: the serving strategy.' }),
  }),
});

const HyperparametersRef = builder.objectRef<Hyperparameters>('FinetuningHyperparameters').implement({
  description:
    'Training hyperparameters. A null field was not reported by the upstream (it leaves zero values out, so 0 and unset read alike).',
  fields: (t) => ({
    earlyStoppingPatience: t.exposeInt('earlyStoppingPatience', {
      nullable: true,
      description: `Stop training when the loss has not improved by \`earlyStoppingThreshold\` after this many evaluations (${range('earlyStoppingPatience')}).`,
    }),
    earlyStoppingThreshold: t.exposeFloat('earlyStoppingThreshold', {
      nullable: true,
      description: `How much the loss must improve to prevent early stopping (${range('earlyStoppingThreshold')}).`,
    }),
    trainBatchSize: t.exposeInt('trainBatchSize', { nullable: true, description: `Training examples per batch (${range('trainBatchSize')}).` }),
    trainEpochs: t.exposeInt('trainEpochs', { nullable: true, description: `Epochs to train for (${range('trainEpochs')}).` }),
    learningRate: t.exposeFloat('learningRate', { nullable: true, description: `Learning rate (${range('learningRate')}).` }),
    loraAlpha: t.exposeInt('loraAlpha', { nullable: true, description: 'Scaling factor of the LoRA updates.' }),
    loraRank: t.exposeInt('loraRank', { nullable: true, description: 'Rank of the LoRA low-rank matrices.' }),
    loraTargetModules: t.expose('loraTargetModules', {
      type: LoraTargetModulesRef,
      nullable: true,
      description: 'Which matrices LoRA adapts.',
    }),
  }),
});

const WandbRef = builder.objectRef<WandbConfig>('FinetuningWandbConfig').implement({
  description: 'Weights & Biases reporting of a chat fine-tune. The W&B api key is write-only and never readable.',
  fields: (t) => ({
    project: t.exposeString('project', { description: 'W&B project the training run reports to.' }),
    entity: t.exposeString('entity', { nullable: true, description: 'W&B entity (user or team) of the project.' }),
  }),
});

const SettingsRef = builder.objectRef<Settings>('FinetunedModelSettings').implement({
  description: 'How a model is fine-tuned: base model, dataset, hyperparameters and reporting.',
  fields: (t) => ({
    baseModel: t.expose('baseModel', { type: BaseModelRef, description: 'The base model.' }),
    datasetId: t.exposeString('datasetId', { description: 'Id of the dataset used for training and evaluation.' }),
    hyperparameters: t.expose('hyperparameters', {
      type: HyperparametersRef,
      nullable: true,
      description: 'Training hyperparameters; null when the upstream reported none.',
    }),
    multiLabel: t.exposeBoolean('multiLabel', {
      description: 'Whether a classification model is multi-label (set by the upstream).',
    }),
    wandb: t.expose('wandb', { type: WandbRef, nullable: true, description: 'Weights & Biases reporting, if configured.' }),
  }),
});

builder.node(FinetunedModelRef, {
  description: 'A model fine-tuned on Cohere: its settings, where it stands in its life cycle, and its history.',
  id: {
    resolve: (model) => model.id,
    description: 'The upstream id of the model, unchanged: a UUID, unique across the whole schema (also its Node id).',
  },
  // `node(id:)` and `nodes(ids:)` read through the operation's loader, as `finetunedModel(id:)` does. A string that
  // can be no model id is no node: null, not an error.
  loadOne: (id, ctx) => (isValidId(id) ? ctx.loaders.modelById.load(id) : null),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name of the model.' }),
    creatorId: t.exposeID('creatorId', { nullable: true, description: 'Id of the user who created the model.' }),
    organizationId: t.exposeID('organizationId', { nullable: true, description: 'Id of the organization that owns the model.' }),
    status: t.expose('status', { type: StatusRef, description: 'Current stage of the life cycle.' }),
    isInProgress: t.boolean({
      description: 'True while the job moves by itself (QUEUED, FINETUNING, DEPLOYING_API): worth watching live.',
      resolve: (model) => IN_PROGRESS_STATUSES.has(model.status),
    }),
    isTerminal: t.boolean({
      description: 'True when nothing changes any more without a user action: READY, FAILED or DELETED.',
      resolve: (model) => TERMINAL_STATUSES.has(model.status),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true, description: 'When the model was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true, description: 'When the model last changed.' }),
    completedAt: t.expose('completedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When training finished (set as deployment starts).',
    }),
    lastUsed: t.expose('lastUsed', {
      type: 'DateTime',
      nullable: true,
      description: 'Deprecated upstream: when the model last served a request.',
    }),
    settings: t.expose('settings', { type: SettingsRef, description: 'How the model is fine-tuned.' }),
  }),
});

/** Where a model stands in the list of models: its cursors carry it. */
export const modelKey = (model: FinetunedModel): ItemKey => ({ at: model.createdAt, id: model.id });

/** One edge type for the list and for a created model's payload, so a client can insert the one into the other. */
export const FinetunedModelEdgeRef = builder.edgeObject({
  type: FinetunedModelRef,
  name: 'FinetunedModelEdge',
  description: 'A fine-tuned model in a page, with its cursor.',
});

const FinetunedModelConnectionRef = builder.connectionObject(
  {
    type: FinetunedModelRef,
    name: 'FinetunedModelConnection',
    description: 'A page of fine-tuned models.',
    fields: (t) => ({
      totalCount: t.int({
        description: 'How many models the caller has in all (not only on this page).',
        resolve: (connection) => connection.totalCount ?? 0,
      }),
    }),
  },
  FinetunedModelEdgeRef,
);

builder.queryFields((t) => ({
  finetunedModel: t.field({
    type: FinetunedModelRef,
    complexity: 1,
    nullable: true,
    description: 'A fine-tuned model by its id; null when no such model exists (or it was deleted).',
    args: { id: t.arg.id({ required: true, description: 'The upstream id of the model.' }) },
    resolve: (_root, { id }, ctx, info) => {
      // The model's selected history starts loading beside the model: one round trip, not two in a row.
      prefetchChildren(String(id), ctx, info);
      return ctx.loaders.modelById.load(String(id));
    },
  }),
  finetunedModels: connectionField(t, {
    type: FinetunedModelConnectionRef,
    kind: 'models',
    description: "The caller's fine-tuned models, a page at a time.",
    items: 'models',
    orderBy: 'Order by creation time.',
    scope: () => '',
    page: (ctx, _scope, order) => (pageToken, pageSize) => ctx.loaders.modelPages.load({ pageToken, pageSize, order }),
    keyOf: modelKey,
  }),
}));

// Another subgraph's reference `{ id }` reads through the operation's loader, like `finetunedModel(id:)`: the N
// references of one `_entities` call cost one GET per distinct id, in parallel. A missing model resolves to null.
builder.asEntity(FinetunedModelRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, ctx) => ctx.loaders.modelById.load(String(id)),
});
