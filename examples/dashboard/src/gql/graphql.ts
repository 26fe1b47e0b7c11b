/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A point in time as an RFC 3339 string in UTC, e.g. `2024-01-17T20:11:42.907112Z`. The upstream precision (up to nanoseconds) is kept. */
  DateTime: { input: string; output: string; }
};

/** A new fine-tuned model. */
export type CreateFinetunedModelInput = {
  /** A key of your choice (1 to 128 printable ASCII characters). Submitting the same input with the same key again within the gateway's idempotency window (1 day unless configured otherwise) returns the model the first submission created instead of creating another; the same key with another input is an error. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Name of the model (1 to 64 characters). */
  name: Scalars['String']['input'];
  /** How to fine-tune it. */
  settings: FinetunedModelSettingsInput;
};

/** The model that was created. */
export type CreateFinetunedModelPayload = {
  __typename?: 'CreateFinetunedModelPayload';
  /** The new model. */
  finetunedModel: FinetunedModel;
  /** The new model as an edge of `finetunedModels(orderBy: CREATED_AT_DESC)`, where it comes first: insert it with Relay’s `@prependEdge` or a cache update. Its cursor continues that list right after the new model. */
  finetunedModelEdge: FinetunedModelEdge;
  /** True when an earlier submission with the same idempotency key created it. */
  replayed: Scalars['Boolean']['output'];
};

/** The created model, or why it was not created. */
export type CreateFinetunedModelResult = CreateFinetunedModelPayload | FinetuningIdempotencyKeyReusedError | FinetuningPermissionDeniedError | FinetuningRateLimitedError | InvalidFinetunedModelInputError;

/** What was deleted. */
export type DeleteFinetunedModelPayload = {
  __typename?: 'DeleteFinetunedModelPayload';
  /** Id of the deleted model. */
  deletedId: Scalars['ID']['output'];
  /** Name the model had. */
  deletedName: Scalars['String']['output'];
};

/** What was deleted, or why nothing was. */
export type DeleteFinetunedModelResult = DeleteFinetunedModelPayload | FinetunedModelNotFoundError | FinetuningPermissionDeniedError | FinetuningRateLimitedError | InvalidFinetunedModelInputError;

/** A model fine-tuned on Cohere: its settings, where it stands in its life cycle, and its history. */
export type FinetunedModel = Node & {
  __typename?: 'FinetunedModel';
  /** When training finished (set as deployment starts). */
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  /** When the model was created. */
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** Id of the user who created the model. */
  creatorId?: Maybe<Scalars['ID']['output']>;
  /** Status changes of the model, oldest first unless `orderBy` says otherwise. */
  events?: Maybe<FinetunedModelEventConnection>;
  /** The upstream id of the model, unchanged: a UUID, unique across the whole schema (also its Node id). */
  id: Scalars['ID']['output'];
  /** True while the job moves by itself (QUEUED, FINETUNING, DEPLOYING_API): worth watching live. */
  isInProgress: Scalars['Boolean']['output'];
  /** True when nothing changes any more without a user action: READY, FAILED or DELETED. */
  isTerminal: Scalars['Boolean']['output'];
  /** Deprecated upstream: when the model last served a request. */
  lastUsed?: Maybe<Scalars['DateTime']['output']>;
  /** The most recent metrics row, for a progress display; null before the first evaluation. Reads every metrics page (shared with `stepMetrics`). */
  latestStepMetrics?: Maybe<TrainingStepMetrics>;
  /** Name of the model. */
  name: Scalars['String']['output'];
  /** Id of the organization that owns the model. */
  organizationId?: Maybe<Scalars['ID']['output']>;
  /** How the model is fine-tuned. */
  settings: FinetunedModelSettings;
  /** Current stage of the life cycle. */
  status: FinetunedModelStatus;
  /** Training-step metrics in training order (first evaluation first). */
  stepMetrics?: Maybe<TrainingStepMetricsConnection>;
  /** When the model last changed. */
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};


/** A model fine-tuned on Cohere: its settings, where it stands in its life cycle, and its history. */
export type FinetunedModelEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<FinetuningOrderBy>;
};


/** A model fine-tuned on Cohere: its settings, where it stands in its life cycle, and its history. */
export type FinetunedModelStepMetricsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** The model changed after the `ifUpdatedAt` the update expected; nothing was written (code CONFLICT). */
export type FinetunedModelConflictError = FinetuningError & {
  __typename?: 'FinetunedModelConflictError';
  /** What went wrong, for programs: a stable code. */
  code: Scalars['String']['output'];
  /** Its `updatedAt` now. */
  currentUpdatedAt?: Maybe<Scalars['DateTime']['output']>;
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
  /** The id of the model that changed. */
  modelId: Scalars['ID']['output'];
};

/** A page of fine-tuned models. */
export type FinetunedModelConnection = {
  __typename?: 'FinetunedModelConnection';
  /** The items of this page, each with its cursor. */
  edges: Array<FinetunedModelEdge>;
  /** Pagination state of this page. */
  pageInfo: PageInfo;
  /** How many models the caller has in all (not only on this page). */
  totalCount: Scalars['Int']['output'];
};

/** A fine-tuned model in a page, with its cursor. */
export type FinetunedModelEdge = {
  __typename?: 'FinetunedModelEdge';
  /** Opaque cursor: pass it as `after` to continue right after this edge. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: FinetunedModel;
};

/** A change of status in the life of a fine-tuned model. */
export type FinetunedModelEvent = {
  __typename?: 'FinetunedModelEvent';
  /** When the change happened. */
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** The status the model entered. */
  status: FinetunedModelStatus;
  /** The user who caused the change; null when the system did (e.g. READY, FAILED). */
  userId?: Maybe<Scalars['ID']['output']>;
};

/** A page of status changes. */
export type FinetunedModelEventConnection = {
  __typename?: 'FinetunedModelEventConnection';
  /** The items of this page, each with its cursor. */
  edges: Array<FinetunedModelEventEdge>;
  /** Pagination state of this page. */
  pageInfo: PageInfo;
  /** How many events the model has in all. */
  totalCount: Scalars['Int']['output'];
};

/** A status change in a page, with its cursor. */
export type FinetunedModelEventEdge = {
  __typename?: 'FinetunedModelEventEdge';
  /** Opaque cursor: pass it as `after` to continue right after this edge. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: FinetunedModelEvent;
};

/** No model with this id exists for the API key (code NOT_FOUND). */
export type FinetunedModelNotFoundError = FinetuningError & {
  __typename?: 'FinetunedModelNotFoundError';
  /** What went wrong, for programs: a stable code. */
  code: Scalars['String']['output'];
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
  /** The model id that was not found. */
  modelId: Scalars['ID']['output'];
};

/** How a model is fine-tuned: base model, dataset, hyperparameters and reporting. */
export type FinetunedModelSettings = {
  __typename?: 'FinetunedModelSettings';
  /** The base model. */
  baseModel: FinetuningBaseModel;
  /** Id of the dataset used for training and evaluation. */
  datasetId: Scalars['String']['output'];
  /** Training hyperparameters; null when the upstream reported none. */
  hyperparameters?: Maybe<FinetuningHyperparameters>;
  /** Whether a classification model is multi-label (set by the upstream). */
  multiLabel: Scalars['Boolean']['output'];
  /** Weights & Biases reporting, if configured. */
  wandb?: Maybe<FinetuningWandbConfig>;
};

/** How to fine-tune the model. */
export type FinetunedModelSettingsInput = {
  /** The base model. */
  baseModel: FinetuningBaseModelInput;
  /** Id of the dataset to train and evaluate on. */
  datasetId: Scalars['String']['input'];
  /** Training hyperparameters. */
  hyperparameters?: InputMaybe<FinetuningHyperparametersInput>;
  /** Classification only: whether the model is multi-label. */
  multiLabel?: InputMaybe<Scalars['Boolean']['input']>;
  /** Weights & Biases reporting. */
  wandb?: InputMaybe<FinetuningWandbConfigInput>;
};

/** Changes to the settings, merged field by field into the current ones. */
export type FinetunedModelSettingsPatch = {
  /** Changes to the base model. */
  baseModel?: InputMaybe<FinetuningBaseModelPatch>;
  /** A new dataset id. */
  datasetId?: InputMaybe<Scalars['String']['input']>;
  /** Changes to the hyperparameters; null resets them all to the defaults. */
  hyperparameters?: InputMaybe<FinetuningHyperparametersInput>;
  /** Classification only: whether the model is multi-label. */
  multiLabel?: InputMaybe<Scalars['Boolean']['input']>;
  /** Changes to W&B reporting; null removes it. */
  wandb?: InputMaybe<FinetuningWandbConfigPatch>;
};

/** Stage of a fine-tuned model in its life cycle: QUEUED → FINETUNING → DEPLOYING_API → READY, or FAILED. */
export type FinetunedModelStatus =
  /** The model was deleted. */
  | 'DELETED'
  /** Training finished; the model is being deployed. */
  | 'DEPLOYING_API'
  /** Training or deployment failed (the upstream gives no reason). */
  | 'FAILED'
  /** Training is running; training-step metrics appear. */
  | 'FINETUNING'
  /** Deprecated upstream: the model is paused (dedicated serving only). */
  | 'PAUSED'
  /** Waiting for training to start. */
  | 'QUEUED'
  /** The model is deployed and can serve requests. */
  | 'READY'
  /** Deprecated upstream: the model is temporarily unavailable. */
  | 'TEMPORARILY_OFFLINE'
  /** The upstream reported no status, or one this gateway does not know. */
  | 'UNSPECIFIED';

/** A change of status of a fine-tuned model, or (on the first message) the status it starts from. */
export type FinetunedModelStatusChange = {
  __typename?: 'FinetunedModelStatusChange';
  /** When the upstream recorded the change (the time of its event); null when it did not say. */
  changedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The model at this change: its `status` is this change’s, so a normalised cache (Apollo, Relay, urql) walks through every status in order; its other fields are as read by the poll that noticed the change, which may have caught up on later changes too. */
  model: FinetunedModel;
  /** The status before the change; null on the first message, which gives the current status to start from. */
  previousStatus?: Maybe<FinetunedModelStatus>;
  /** The status the model entered. */
  status: FinetunedModelStatus;
};

/** The base model that was fine-tuned. */
export type FinetuningBaseModel = {
  __typename?: 'FinetuningBaseModel';
  /** Kind of base model. */
  baseType: FinetuningBaseType;
  /** Name of the base model. */
  name?: Maybe<Scalars['String']['output']>;
  /** Deprecated upstream: the serving strategy. */
  strategy: FinetuningStrategy;
  /** Version of the base model (set by the upstream). */
  version?: Maybe<Scalars['String']['output']>;
};

/** The base model to fine-tune. */
export type FinetuningBaseModelInput = {
  /** Kind of base model (not UNSPECIFIED). */
  baseType: FinetuningBaseType;
  /** Name of the base model; the upstream picks the default for the type when absent. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Deprecated upstream: the serving strategy. */
  strategy?: InputMaybe<FinetuningStrategy>;
};

/** Changes to the base model; absent fields are kept. */
export type FinetuningBaseModelPatch = {
  /** Kind of base model. */
  baseType?: InputMaybe<FinetuningBaseType>;
  /** Name of the base model. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Deprecated upstream: the serving strategy. */
  strategy?: InputMaybe<FinetuningStrategy>;
};

/** The kind of base model that is fine-tuned. */
export type FinetuningBaseType =
  /** A chat model. */
  | 'CHAT'
  /** A classification model. */
  | 'CLASSIFICATION'
  /** Deprecated upstream: a generative model. */
  | 'GENERATIVE'
  /** A rerank model. */
  | 'RERANK'
  /** Not specified. */
  | 'UNSPECIFIED';

/** A reason a fine-tuning write did not happen. Every typed error of a mutation result implements it. */
export type FinetuningError = {
  /** What went wrong, for programs: a stable code. */
  code: Scalars['String']['output'];
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
};

/** Training hyperparameters. A null field was not reported by the upstream (it leaves zero values out, so 0 and unset read alike). */
export type FinetuningHyperparameters = {
  __typename?: 'FinetuningHyperparameters';
  /** Stop training when the loss has not improved by `earlyStoppingThreshold` after this many evaluations (0 to 10). */
  earlyStoppingPatience?: Maybe<Scalars['Int']['output']>;
  /** How much the loss must improve to prevent early stopping (0.001 to 0.1). */
  earlyStoppingThreshold?: Maybe<Scalars['Float']['output']>;
  /** Learning rate (0.00005 to 0.1). */
  learningRate?: Maybe<Scalars['Float']['output']>;
  /** Scaling factor of the LoRA updates. */
  loraAlpha?: Maybe<Scalars['Int']['output']>;
  /** Rank of the LoRA low-rank matrices. */
  loraRank?: Maybe<Scalars['Int']['output']>;
  /** Which matrices LoRA adapts. */
  loraTargetModules?: Maybe<FinetuningLoraTargetModules>;
  /** Training examples per batch (2 to 16). */
  trainBatchSize?: Maybe<Scalars['Int']['output']>;
  /** Epochs to train for (1 to 10). */
  trainEpochs?: Maybe<Scalars['Int']['output']>;
};

/** Training hyperparameters, each optional. On create a missing one takes the upstream default; on update a missing one is kept and null resets it to the default. */
export type FinetuningHyperparametersInput = {
  /** Evaluations without improvement before stopping: 0 to 10 (default 10). */
  earlyStoppingPatience?: InputMaybe<Scalars['Int']['input']>;
  /** Loss improvement that counts: 0.001 to 0.1 (default 0.001). */
  earlyStoppingThreshold?: InputMaybe<Scalars['Float']['input']>;
  /** Learning rate: 0.00005 to 0.1 (default 0.01). */
  learningRate?: InputMaybe<Scalars['Float']['input']>;
  /** LoRA scaling factor: 1 to 256. */
  loraAlpha?: InputMaybe<Scalars['Int']['input']>;
  /** Rank of the LoRA matrices: 1 to 256. */
  loraRank?: InputMaybe<Scalars['Int']['input']>;
  /** Which matrices LoRA adapts. */
  loraTargetModules?: InputMaybe<FinetuningLoraTargetModules>;
  /** Examples per batch: 2 to 16 (default 16). */
  trainBatchSize?: InputMaybe<Scalars['Int']['input']>;
  /** Epochs: 1 to 10 (default 1). */
  trainEpochs?: InputMaybe<Scalars['Int']['input']>;
};

/** The idempotency key was used before with a different input (code IDEMPOTENCY_KEY_REUSED). */
export type FinetuningIdempotencyKeyReusedError = FinetuningError & {
  __typename?: 'FinetuningIdempotencyKeyReusedError';
  /** What went wrong, for programs: a stable code. */
  code: Scalars['String']['output'];
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
};

/** One invalid field of a mutation input. */
export type FinetuningInputProblem = {
  __typename?: 'FinetuningInputProblem';
  /** What is wrong with it. */
  message: Scalars['String']['output'];
  /** Path of the field in the arguments, e.g. ["input", "name"]. */
  path: Array<Scalars['String']['output']>;
};

/** Which transformer matrices LoRA adapts. */
export type FinetuningLoraTargetModules =
  /** The query, key, value and output matrices of the attention layers. */
  | 'QKVO'
  /** The attention projection matrices and the feed-forward networks. */
  | 'QKVO_FFN'
  /** The query and value matrices of the attention layers. */
  | 'QV'
  /** Not specified (the upstream default applies). */
  | 'UNSPECIFIED';

/** Order of a list by creation time. */
export type FinetuningOrderBy =
  /** Oldest first. */
  | 'CREATED_AT_ASC'
  /** Newest first. */
  | 'CREATED_AT_DESC';

/** The API key may read but not change fine-tuned models (code FORBIDDEN). */
export type FinetuningPermissionDeniedError = FinetuningError & {
  __typename?: 'FinetuningPermissionDeniedError';
  /** What went wrong, for programs: a stable code. */
  code: Scalars['String']['output'];
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
};

/** The upstream rate limit was reached and nothing was changed (code RATE_LIMITED). */
export type FinetuningRateLimitedError = FinetuningError & {
  __typename?: 'FinetuningRateLimitedError';
  /** What went wrong, for programs: a stable code. */
  code: Scalars['String']['output'];
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
  /** Seconds to wait, when the upstream said. */
  retryAfterSeconds?: Maybe<Scalars['Int']['output']>;
};

/** Deprecated upstream: how a fine-tuned model is served. */
export type FinetuningStrategy =
  /** Served on a shared GPU. */
  | 'TFEW'
  /** Not specified. */
  | 'UNSPECIFIED'
  /** Served on a dedicated GPU. */
  | 'VANILLA';

/** Weights & Biases reporting of a chat fine-tune. The W&B api key is write-only and never readable. */
export type FinetuningWandbConfig = {
  __typename?: 'FinetuningWandbConfig';
  /** W&B entity (user or team) of the project. */
  entity?: Maybe<Scalars['String']['output']>;
  /** W&B project the training run reports to. */
  project: Scalars['String']['output'];
};

/** Weights & Biases reporting for a chat fine-tune. */
export type FinetuningWandbConfigInput = {
  /** W&B api key. Write-only: it is never returned. */
  apiKey: Scalars['String']['input'];
  /** W&B entity (user or team). */
  entity?: InputMaybe<Scalars['String']['input']>;
  /** W&B project to report to. */
  project: Scalars['String']['input'];
};

/** Changes to W&B reporting; absent fields are kept (the stored api key too). */
export type FinetuningWandbConfigPatch = {
  /** A new W&B api key. Write-only. */
  apiKey?: InputMaybe<Scalars['String']['input']>;
  /** W&B entity; null removes it. */
  entity?: InputMaybe<Scalars['String']['input']>;
  /** W&B project to report to. */
  project?: InputMaybe<Scalars['String']['input']>;
};

/** The input was rejected before anything was sent upstream (code BAD_USER_INPUT). */
export type InvalidFinetunedModelInputError = FinetuningError & {
  __typename?: 'InvalidFinetunedModelInputError';
  /** What went wrong, for programs: a stable code. */
  code: Scalars['String']['output'];
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
  /** Path of the first offending field, e.g. ["input", "settings", "datasetId"]. */
  path: Array<Scalars['String']['output']>;
  /** Every offending field, so a form can mark them all at once. */
  problems: Array<FinetuningInputProblem>;
};

/** Create, change and delete fine-tuned models. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Starts fine-tuning a new model. Never retried by the gateway once the upstream may have acted. */
  createFinetunedModel?: Maybe<CreateFinetunedModelResult>;
  /** Deletes a model. This cannot be undone. */
  deleteFinetunedModel?: Maybe<DeleteFinetunedModelResult>;
  /** Changes some fields of a model and keeps every other one as it is upstream. */
  updateFinetunedModel?: Maybe<UpdateFinetunedModelResult>;
};


/** Create, change and delete fine-tuned models. */
export type MutationCreateFinetunedModelArgs = {
  input: CreateFinetunedModelInput;
};


/** Create, change and delete fine-tuned models. */
export type MutationDeleteFinetunedModelArgs = {
  id: Scalars['ID']['input'];
};


/** Create, change and delete fine-tuned models. */
export type MutationUpdateFinetunedModelArgs = {
  input: UpdateFinetunedModelInput;
};

/** An object with an id unique across the whole schema (Relay Global Object Identification). Ids are the upstream’s own: a fine-tuned model’s id is its upstream UUID. */
export type Node = {
  /** The id, unique across the whole schema: for a fine-tuned model, its upstream UUID. */
  id: Scalars['ID']['output'];
};

/** Where a page of a connection stands. Pagination is forward only: pass `endCursor` as `after`. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last edge of this page: pass it as `after` for the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when more items follow the last edge of this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** True when this page started after a cursor (items precede it). */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first edge of this page; null when the page is empty. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** Read fine-tuned models, their status history and their training metrics. */
export type Query = {
  __typename?: 'Query';
  /** A fine-tuned model by its id; null when no such model exists (or it was deleted). */
  finetunedModel?: Maybe<FinetunedModel>;
  /** The caller's fine-tuned models, a page at a time. */
  finetunedModels?: Maybe<FinetunedModelConnection>;
  /** The object with this id, whatever its type; null when none exists. A fine-tuned model’s id is its upstream UUID. */
  node?: Maybe<Node>;
  /** The objects with these ids, in the same order; null where none exists. */
  nodes: Array<Maybe<Node>>;
};


/** Read fine-tuned models, their status history and their training metrics. */
export type QueryFinetunedModelArgs = {
  id: Scalars['ID']['input'];
};


/** Read fine-tuned models, their status history and their training metrics. */
export type QueryFinetunedModelsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<FinetuningOrderBy>;
};


/** Read fine-tuned models, their status history and their training metrics. */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/** Read fine-tuned models, their status history and their training metrics. */
export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};

/** Follow fine-tuned models live. The upstream has no push: the gateway polls it, with one shared poller per caller and model however many clients subscribe. */
export type Subscription = {
  __typename?: 'Subscription';
  /** The status of a model, live: first the current status, then every change in order, none missed even when several happen between two polls. Completes after READY, FAILED or DELETED; ends with a NOT_FOUND error when the model does not exist or is deleted. Polls fast while the job moves and slowly otherwise. */
  finetunedModelStatusChanged: FinetunedModelStatusChange;
  /** Training progress, live: every training-step metrics row of the run in training order, those already written first, then each new one as it appears. Completes once training is over; ends with a NOT_FOUND error when the model does not exist or is deleted. */
  finetunedModelStepMetricsAdded: TrainingStepMetrics;
};


/** Follow fine-tuned models live. The upstream has no push: the gateway polls it, with one shared poller per caller and model however many clients subscribe. */
export type SubscriptionFinetunedModelStatusChangedArgs = {
  id: Scalars['ID']['input'];
};


/** Follow fine-tuned models live. The upstream has no push: the gateway polls it, with one shared poller per caller and model however many clients subscribe. */
export type SubscriptionFinetunedModelStepMetricsAddedArgs = {
  id: Scalars['ID']['input'];
};

/** One evaluation metric of a training step. */
export type TrainingMetric = {
  __typename?: 'TrainingMetric';
  /** Name of the metric, e.g. accuracy, cross_entropy, generation_accuracy, generation_cross_entropy, step. */
  name: Scalars['String']['output'];
  /** Value of the metric at this step. */
  value: Scalars['Float']['output'];
};

/** The evaluation metrics measured at one step of training. */
export type TrainingStepMetrics = {
  __typename?: 'TrainingStepMetrics';
  /** When the metrics were measured. */
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** One metric by name; null when this step did not measure it. */
  metric?: Maybe<Scalars['Float']['output']>;
  /** Every metric of this step, by name. */
  metrics: Array<TrainingMetric>;
  /** The training step (0 for the first evaluation). */
  stepNumber: Scalars['Int']['output'];
};


/** The evaluation metrics measured at one step of training. */
export type TrainingStepMetricsMetricArgs = {
  name: Scalars['String']['input'];
};

/** A page of training-step metrics (the upstream gives no total for this list). */
export type TrainingStepMetricsConnection = {
  __typename?: 'TrainingStepMetricsConnection';
  /** The items of this page, each with its cursor. */
  edges: Array<TrainingStepMetricsEdge>;
  /** Pagination state of this page. */
  pageInfo: PageInfo;
};

/** The metrics of one step, with its cursor. */
export type TrainingStepMetricsEdge = {
  __typename?: 'TrainingStepMetricsEdge';
  /** Opaque cursor: pass it as `after` to continue right after this edge. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: TrainingStepMetrics;
};

/** A partial update: only the fields given change; everything else stays exactly as it is upstream. */
export type UpdateFinetunedModelInput = {
  /** The model to update. */
  id: Scalars['ID']['input'];
  /** Only update if the model's `updatedAt` is still this value (optimistic concurrency). */
  ifUpdatedAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** A new name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Changes to the settings. */
  settings?: InputMaybe<FinetunedModelSettingsPatch>;
};

/** The model after the update. */
export type UpdateFinetunedModelPayload = {
  __typename?: 'UpdateFinetunedModelPayload';
  /** The updated model. */
  finetunedModel: FinetunedModel;
};

/** The updated model, or why it was not updated. */
export type UpdateFinetunedModelResult = FinetunedModelConflictError | FinetunedModelNotFoundError | FinetuningPermissionDeniedError | FinetuningRateLimitedError | InvalidFinetunedModelInputError | UpdateFinetunedModelPayload;

export type DashboardModelFragment = { __typename?: 'FinetunedModel', id: string, name: string, status: FinetunedModelStatus, isInProgress: boolean, isTerminal: boolean, createdAt?: string | null, settings: { __typename?: 'FinetunedModelSettings', baseModel: { __typename?: 'FinetuningBaseModel', baseType: FinetuningBaseType, name?: string | null }, hyperparameters?: { __typename?: 'FinetuningHyperparameters', trainEpochs?: number | null } | null } };

export type DashboardModelsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
}>;


export type DashboardModelsQuery = { __typename?: 'Query', finetunedModels?: { __typename?: 'FinetunedModelConnection', totalCount: number, edges: Array<{ __typename?: 'FinetunedModelEdge', node: { __typename?: 'FinetunedModel', id: string, name: string, status: FinetunedModelStatus, isInProgress: boolean, isTerminal: boolean, createdAt?: string | null, settings: { __typename?: 'FinetunedModelSettings', baseModel: { __typename?: 'FinetuningBaseModel', baseType: FinetuningBaseType, name?: string | null }, hyperparameters?: { __typename?: 'FinetuningHyperparameters', trainEpochs?: number | null } | null } } }> } | null };

export type DashboardStatusSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DashboardStatusSubscription = { __typename?: 'Subscription', finetunedModelStatusChanged: { __typename?: 'FinetunedModelStatusChange', previousStatus?: FinetunedModelStatus | null, status: FinetunedModelStatus, changedAt?: string | null, model: { __typename?: 'FinetunedModel', id: string, name: string, status: FinetunedModelStatus, isInProgress: boolean, isTerminal: boolean, createdAt?: string | null, settings: { __typename?: 'FinetunedModelSettings', baseModel: { __typename?: 'FinetuningBaseModel', baseType: FinetuningBaseType, name?: string | null }, hyperparameters?: { __typename?: 'FinetuningHyperparameters', trainEpochs?: number | null } | null } } } };

export type DashboardMetricsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type DashboardMetricsQuery = { __typename?: 'Query', finetunedModel?: { __typename?: 'FinetunedModel', id: string, stepMetrics?: { __typename?: 'TrainingStepMetricsConnection', edges: Array<{ __typename?: 'TrainingStepMetricsEdge', node: { __typename?: 'TrainingStepMetrics', stepNumber: number, accuracy?: number | null, crossEntropy?: number | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } | null } | null };

export type DashboardStepFragment = { __typename?: 'TrainingStepMetrics', stepNumber: number, accuracy?: number | null, crossEntropy?: number | null };

export type DashboardProgressSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DashboardProgressSubscription = { __typename?: 'Subscription', finetunedModelStepMetricsAdded: { __typename?: 'TrainingStepMetrics', stepNumber: number, accuracy?: number | null, crossEntropy?: number | null } };

export type DashboardCreateMutationVariables = Exact<{
  input: CreateFinetunedModelInput;
}>;


export type DashboardCreateMutation = { __typename?: 'Mutation', createFinetunedModel?:
    | { __typename: 'CreateFinetunedModelPayload', finetunedModel: { __typename?: 'FinetunedModel', id: string, name: string, status: FinetunedModelStatus, isInProgress: boolean, isTerminal: boolean, createdAt?: string | null, settings: { __typename?: 'FinetunedModelSettings', baseModel: { __typename?: 'FinetuningBaseModel', baseType: FinetuningBaseType, name?: string | null }, hyperparameters?: { __typename?: 'FinetuningHyperparameters', trainEpochs?: number | null } | null } } }
    | { __typename: 'FinetuningIdempotencyKeyReusedError', message: string }
    | { __typename: 'FinetuningPermissionDeniedError', message: string }
    | { __typename: 'FinetuningRateLimitedError', message: string }
    | { __typename: 'InvalidFinetunedModelInputError', message: string }
   | null };

export const DashboardModelFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardModel"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FinetunedModel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isInProgress"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"baseModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"baseType"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hyperparameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainEpochs"}}]}}]}}]}}]} as unknown as DocumentNode<DashboardModelFragment, unknown>;
export const DashboardStepFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardStep"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrainingStepMetrics"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stepNumber"}},{"kind":"Field","alias":{"kind":"Name","value":"accuracy"},"name":{"kind":"Name","value":"metric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"StringValue","value":"accuracy","block":false}}]},{"kind":"Field","alias":{"kind":"Name","value":"crossEntropy"},"name":{"kind":"Name","value":"metric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"StringValue","value":"cross_entropy","block":false}}]}]}}]} as unknown as DocumentNode<DashboardStepFragment, unknown>;
export const DashboardModelsDocument = {"__meta__":{"hash":"c09f33e3538d1180ee91807b88cf63f21d58d0bfc4ee6ca730888ea159a950d4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardModels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finetunedModels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"EnumValue","value":"CREATED_AT_DESC"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DashboardModel"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardModel"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FinetunedModel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isInProgress"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"baseModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"baseType"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hyperparameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainEpochs"}}]}}]}}]}}]} as unknown as DocumentNode<DashboardModelsQuery, DashboardModelsQueryVariables>;
export const DashboardStatusDocument = {"__meta__":{"hash":"597a013858a13f8aba01b27f6c8998259fdf9536dfc36d603b453a9ae18a18be"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"DashboardStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finetunedModelStatusChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"previousStatus"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"changedAt"}},{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DashboardModel"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardModel"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FinetunedModel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isInProgress"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"baseModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"baseType"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hyperparameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainEpochs"}}]}}]}}]}}]} as unknown as DocumentNode<DashboardStatusSubscription, DashboardStatusSubscriptionVariables>;
export const DashboardMetricsDocument = {"__meta__":{"hash":"afa730bb18e657b297d19ba2ec3f93a495109349767f6b1c0039557600bad7b9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardMetrics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stepMetrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DashboardStep"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardStep"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrainingStepMetrics"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stepNumber"}},{"kind":"Field","alias":{"kind":"Name","value":"accuracy"},"name":{"kind":"Name","value":"metric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"StringValue","value":"accuracy","block":false}}]},{"kind":"Field","alias":{"kind":"Name","value":"crossEntropy"},"name":{"kind":"Name","value":"metric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"StringValue","value":"cross_entropy","block":false}}]}]}}]} as unknown as DocumentNode<DashboardMetricsQuery, DashboardMetricsQueryVariables>;
export const DashboardProgressDocument = {"__meta__":{"hash":"b286f90ce5b279890e2a32294997cd86a3e116347d48ea40bf5aa31fa8df857f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"DashboardProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finetunedModelStepMetricsAdded"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DashboardStep"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardStep"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrainingStepMetrics"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stepNumber"}},{"kind":"Field","alias":{"kind":"Name","value":"accuracy"},"name":{"kind":"Name","value":"metric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"StringValue","value":"accuracy","block":false}}]},{"kind":"Field","alias":{"kind":"Name","value":"crossEntropy"},"name":{"kind":"Name","value":"metric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"StringValue","value":"cross_entropy","block":false}}]}]}}]} as unknown as DocumentNode<DashboardProgressSubscription, DashboardProgressSubscriptionVariables>;
export const DashboardCreateDocument = {"__meta__":{"hash":"4e918efcb3e5475513076990f575834be9ba1e02e62acf7aabc80416c7e45451"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DashboardCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateFinetunedModelInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createFinetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CreateFinetunedModelPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finetunedModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DashboardModel"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FinetuningError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardModel"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FinetunedModel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isInProgress"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"baseModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"baseType"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hyperparameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainEpochs"}}]}}]}}]}}]} as unknown as DocumentNode<DashboardCreateMutation, DashboardCreateMutationVariables>;