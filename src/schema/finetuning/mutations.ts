// createFinetunedModel, updateFinetunedModel and deleteFinetunedModel, each returning a union of its payload
// and the typed errors a client can act on. Other failures stay top-level errors with a stable code.
import type { FinetunedModel } from '../../finetuning/model.js';
import {
  FinetunedModelConflictError,
  FinetunedModelNotFoundError,
  FinetuningIdempotencyKeyReusedError,
  FinetuningPermissionDeniedError,
  FinetuningRateLimitedError,
  InvalidFinetunedModelInputError,
  type InputProblem,
} from '../../writes/errors.js';
import { DEFAULT_IDEMPOTENCY_WINDOW_SECONDS, IDEMPOTENCY_KEY_MAX_LENGTH, type IdempotentCreate } from '../../writes/idempotency.js';
import { createFinetunedModel, deleteFinetunedModel, updateFinetunedModel, type WriteDeps } from '../../writes/operations.js';
import type { Context } from '../../context.js';
import { builder } from '../builder.js';
import { duration, lengthOf, range } from './contract-text.js';
import { BaseTypeRef, LoraTargetModulesRef, StrategyRef } from './enums.js';
import { connectionId } from '../../pagination/cursor.js';
import { FinetunedModelEdgeRef, FinetunedModelRef, modelKey } from './finetuned-model.js';

// ---- Errors -------------------------------------------------------------------------------------------

const FinetuningErrorRef = builder.interfaceRef<Error & { code: string }>('FinetuningError').implement({
  description: 'A reason a fine-tuning write did not happen. Every typed error of a mutation result implements it.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
    code: t.exposeString('code', { description: 'What went wrong, for programs: a stable code.' }),
  }),
});

const InputProblemRef = builder.objectRef<InputProblem>('FinetuningInputProblem').implement({
  description: 'One invalid field of a mutation input.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path of the field in the arguments, e.g. ["input", "name"].' }),
    message: t.exposeString('message', { description: 'What is wrong with it.' }),
  }),
});

builder.objectType(InvalidFinetunedModelInputError, {
  name: 'InvalidFinetunedModelInputError',
  description: 'The input was rejected before anything was sent upstream (code BAD_USER_INPUT).',
  interfaces: [FinetuningErrorRef],
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path of the first offending field, e.g. ["input", "settings", "datasetId"].' }),
    problems: t.field({
      type: [InputProblemRef],
      description: 'Every offending field, so a form can mark them all at once.',
      resolve: (error) => error.problems,
    }),
  }),
});

builder.objectType(FinetunedModelNotFoundError, {
  name: 'FinetunedModelNotFoundError',
  description: 'No model with this id exists for the API key (code NOT_FOUND).',
  interfaces: [FinetuningErrorRef],
  // Not `id`: a normalised cache (Relay, Apollo) would store this error under the model's own record.
  fields: (t) => ({ modelId: t.exposeID('modelId', { description: 'The model id that was not found.' }) }),
});

builder.objectType(FinetuningPermissionDeniedError, {
  name: 'FinetuningPermissionDeniedError',
  description: 'The API key may read but not change fine-tuned models (code FORBIDDEN).',
  interfaces: [FinetuningErrorRef],
});

builder.objectType(FinetuningRateLimitedError, {
  name: 'FinetuningRateLimitedError',
  description: 'The upstream rate limit was reached and nothing was changed (code RATE_LIMITED).',
  interfaces: [FinetuningErrorRef],
  fields: (t) => ({
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', { nullable: true, description: 'Seconds to wait, when the upstream said.' }),
  }),
});

builder.objectType(FinetunedModelConflictError, {
  name: 'FinetunedModelConflictError',
  description: 'The model changed after the `ifUpdatedAt` the update expected; nothing was written (code CONFLICT).',
  interfaces: [FinetuningErrorRef],
  fields: (t) => ({
    modelId: t.exposeID('modelId', { description: 'The id of the model that changed.' }),
    currentUpdatedAt: t.expose('currentUpdatedAt', { type: 'DateTime', nullable: true, description: 'Its `updatedAt` now.' }),
  }),
});

builder.objectType(FinetuningIdempotencyKeyReusedError, {
  name: 'FinetuningIdempotencyKeyReusedError',
  description: 'The idempotency key was used before with a different input (code IDEMPOTENCY_KEY_REUSED).',
  interfaces: [FinetuningErrorRef],
});

// ---- Inputs --------------------------------------------------------------------------------------------

const HyperparametersInput = builder.inputType('FinetuningHyperparametersInput', {
  description:
    'Training hyperparameters, each optional. On create a missing one takes the upstream default; on update a missing one is kept and null resets it to the default.',
  fields: (t) => ({
    earlyStoppingPatience: t.int({ description: `Evaluations without improvement before stopping: ${range('earlyStoppingPatience', { withDefault: true })}.` }),
    earlyStoppingThreshold: t.float({ description: `Loss improvement that counts: ${range('earlyStoppingThreshold', { withDefault: true })}.` }),
    trainBatchSize: t.int({ description: `Examples per batch: ${range('trainBatchSize', { withDefault: true })}.` }),
    trainEpochs: t.int({ description: `Epochs: ${range('trainEpochs', { withDefault: true })}.` }),
    learningRate: t.float({ description: `Learning rate: ${range('learningRate', { withDefault: true })}.` }),
    loraAlpha: t.int({ description: `LoRA scaling factor: ${range('loraAlpha')}.` }),
    loraRank: t.int({ description: `Rank of the LoRA matrices: ${range('loraRank')}.` }),
    loraTargetModules: t.field({ type: LoraTargetModulesRef, description: 'Which matrices LoRA adapts.' }),
  }),
});

const BaseModelInput = builder.inputType('FinetuningBaseModelInput', {
  description: 'The base model to fine-tune.',
  fields: (t) => ({
    baseType: t.field({ type: BaseTypeRef, required: true, description: 'Kind of base model (not UNSPECIFIED).' }),
    name: t.string({ description: 'Name of the base model; the upstream picks the default for the type when absent.' }),
    strategy: t.field({ type: StrategyRef, description: 'Deprecated upstream: the serving strategy.' }),
  }),
});

const BaseModelPatch = builder.inputType('FinetuningBaseModelPatch', {
  description: 'Changes to the base model; absent fields are kept.',
  fields: (t) => ({
    baseType: t.field({ type: BaseTypeRef, description: 'Kind of base model.' }),
    name: t.string({ description: 'Name of the base model.' }),
    strategy: t.field({ type: StrategyRef, description: 'Deprecated upstream: the serving strategy.' }),
  }),
});

const WandbInput = builder.inputType('FinetuningWandbConfigInput', {
  description: 'Weights & Biases reporting for a chat fine-tune.',
  fields: (t) => ({
    project: t.string({ required: true, description: 'W&B project to report to.' }),
    entity: t.string({ description: 'W&B entity (user or team).' }),
    apiKey: t.string({ required: true, description: 'W&B api key. Write-only: it is never returned.' }),
  }),
});

const WandbPatch = builder.inputType('FinetuningWandbConfigPatch', {
  description: 'Changes to W&B reporting; absent fields are kept (the stored api key too).',
  fields: (t) => ({
    project: t.string({ description: 'W&B project to report to.' }),
    entity: t.string({ description: 'W&B entity; null removes it.' }),
    apiKey: t.string({ description: 'A new W&B api key. Write-only.' }),
  }),
});

const SettingsInput = builder.inputType('FinetunedModelSettingsInput', {
  description: 'How to fine-tune the model.',
  fields: (t) => ({
    baseModel: t.field({ type: BaseModelInput, required: true, description: 'The base model.' }),
    datasetId: t.string({ required: true, description: 'Id of the dataset to train and evaluate on.' }),
    hyperparameters: t.field({ type: HyperparametersInput, description: 'Training hyperparameters.' }),
    multiLabel: t.boolean({ description: 'Classification only: whether the model is multi-label.' }),
    wandb: t.field({ type: WandbInput, description: 'Weights & Biases reporting.' }),
  }),
});

const SettingsPatchInput = builder.inputType('FinetunedModelSettingsPatch', {
  description: 'Changes to the settings, merged field by field into the current ones.',
  fields: (t) => ({
    baseModel: t.field({ type: BaseModelPatch, description: 'Changes to the base model.' }),
    datasetId: t.string({ description: 'A new dataset id.' }),
    hyperparameters: t.field({
      type: HyperparametersInput,
      description: 'Changes to the hyperparameters; null resets them all to the defaults.',
    }),
    multiLabel: t.boolean({ description: 'Classification only: whether the model is multi-label.' }),
    wandb: t.field({ type: WandbPatch, description: 'Changes to W&B reporting; null removes it.' }),
  }),
});

const CreateInput = builder.inputType('CreateFinetunedModelInput', {
  description: 'A new fine-tuned model.',
  fields: (t) => ({
    name: t.string({ required: true, description: `Name of the model (${lengthOf('name')}).` }),
    settings: t.field({ type: SettingsInput, required: true, description: 'How to fine-tune it.' }),
    idempotencyKey: t.string({
      description: `A key of your choice (1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters). Submitting the same input with the same key again within the gateway's idempotency window (${duration(DEFAULT_IDEMPOTENCY_WINDOW_SECONDS)} unless configured otherwise) returns the model the first submission created instead of creating another; the same key with another input is an error.`,
    }),
  }),
});

const UpdateInput = builder.inputType('UpdateFinetunedModelInput', {
  description: 'A partial update: only the fields given change; everything else stays exactly as it is upstream.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The model to update.' }),
    name: t.string({ description: 'A new name.' }),
    settings: t.field({ type: SettingsPatchInput, description: 'Changes to the settings.' }),
    ifUpdatedAt: t.field({
      type: 'DateTime',
      description: "Only update if the model's `updatedAt` is still this value (optimistic concurrency).",
    }),
  }),
});

// ---- Payloads and mutations ----------------------------------------------------------------------------

const CreatePayload = builder.objectRef<IdempotentCreate>('CreateFinetunedModelPayload').implement({
  description: 'The model that was created.',
  fields: (t) => ({
    finetunedModel: t.field({ type: FinetunedModelRef, description: 'The new model.', resolve: (r) => r.model }),
    finetunedModelEdge: t.field({
      type: FinetunedModelEdgeRef,
      description:
        'The new model as an edge of `finetunedModels(orderBy: CREATED_AT_DESC)`, where it comes first: insert it with Relay’s `@prependEdge` or a cache update. Its cursor continues that list right after the new model.',
      resolve: (r, _args, ctx) => ({
        node: r.model,
        // The position after the first item of the newest-first list.
        cursor: ctx.app.cursors.encode(connectionId('models', 'DESC'), {
          pageToken: '',
          pageSize: ctx.app.settings.upstreamPageSize,
          offset: 1,
          after: modelKey(r.model),
        }),
      }),
    }),
    replayed: t.exposeBoolean('replayed', {
      description: 'True when an earlier submission with the same idempotency key created it.',
    }),
  }),
});

const UpdatePayload = builder.objectRef<FinetunedModel>('UpdateFinetunedModelPayload').implement({
  description: 'The model after the update.',
  fields: (t) => ({
    finetunedModel: t.field({ type: FinetunedModelRef, description: 'The updated model.', resolve: (m) => m }),
  }),
});

const DeletePayload = builder.objectRef<FinetunedModel>('DeleteFinetunedModelPayload').implement({
  description: 'What was deleted.',
  fields: (t) => ({
    deletedId: t.exposeID('id', { description: 'Id of the deleted model.' }),
    deletedName: t.exposeString('name', { description: 'Name the model had.' }),
  }),
});

const writeDeps = (ctx: Context): WriteDeps => ({
  api: ctx.api,
  loaders: ctx.loaders,
  identity: ctx.caller.principal.identity,
  idempotency: ctx.app.idempotency,
  pageSize: ctx.app.settings.upstreamPageSize,
});

const commonErrors = [FinetuningPermissionDeniedError, FinetuningRateLimitedError, InvalidFinetunedModelInputError];

builder.mutationFields((t) => ({
  createFinetunedModel: t.field({
    type: CreatePayload,
    complexity: 1,
    nullable: true,
    description: 'Starts fine-tuning a new model. Never retried by the gateway once the upstream may have acted.',
    args: { input: t.arg({ type: CreateInput, required: true, description: 'The model to create.' }) },
    errors: {
      types: [...commonErrors, FinetuningIdempotencyKeyReusedError],
      union: { name: 'CreateFinetunedModelResult', description: 'The created model, or why it was not created.' },
    },
    resolve: (_root, { input }, ctx) => createFinetunedModel(writeDeps(ctx), input),
  }),
  updateFinetunedModel: t.field({
    type: UpdatePayload,
    // A read of the current model, then the write.
    complexity: 2,
    nullable: true,
    description: 'Changes some fields of a model and keeps every other one as it is upstream.',
    args: { input: t.arg({ type: UpdateInput, required: true, description: 'The changes.' }) },
    errors: {
      types: [...commonErrors, FinetunedModelNotFoundError, FinetunedModelConflictError],
      union: { name: 'UpdateFinetunedModelResult', description: 'The updated model, or why it was not updated.' },
    },
    resolve: (_root, { input }, ctx) => updateFinetunedModel(writeDeps(ctx), { ...input, id: String(input.id) }),
  }),
  deleteFinetunedModel: t.field({
    type: DeletePayload,
    complexity: 2,
    nullable: true,
    description: 'Deletes a model. This cannot be undone.',
    args: { id: t.arg.id({ required: true, description: 'The model to delete.' }) },
    errors: {
      types: [...commonErrors, FinetunedModelNotFoundError],
      union: { name: 'DeleteFinetunedModelResult', description: 'What was deleted, or why nothing was.' },
    },
    resolve: (_root, { id }, ctx) => deleteFinetunedModel(writeDeps(ctx), String(id)),
  }),
}));
