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

/** A model fine-tuned on Cohere: its settings, where it stands in its life cycle, and its history. */
export type FinetunedModel = {
  __typename?: 'FinetunedModel';
  /** When training finished (set as deployment starts). */
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  /** When the model was created. */
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** Id of the user who created the model. */
  creatorId?: Maybe<Scalars['ID']['output']>;
  /** Status changes of the model, oldest first unless `orderBy` says otherwise. */
  events?: Maybe<FinetunedModelEventConnection>;
  /** The upstream id of the model, unchanged. */
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
  orderBy?: FinetuningOrderBy;
};


/** A model fine-tuned on Cohere: its settings, where it stands in its life cycle, and its history. */
export type FinetunedModelStepMetricsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
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

/** Training hyperparameters. A null field was not reported by the upstream (it leaves zero values out, so 0 and unset read alike). */
export type FinetuningHyperparameters = {
  __typename?: 'FinetuningHyperparameters';
  /** Stop training when the loss has not improved by `earlyStoppingThreshold` after this many evaluations (0–10). */
  earlyStoppingPatience?: Maybe<Scalars['Int']['output']>;
  /** How much the loss must improve to prevent early stopping (0.001–0.1). */
  earlyStoppingThreshold?: Maybe<Scalars['Float']['output']>;
  /** Learning rate (0.00005–0.1). */
  learningRate?: Maybe<Scalars['Float']['output']>;
  /** Scaling factor of the LoRA updates. */
  loraAlpha?: Maybe<Scalars['Int']['output']>;
  /** Rank of the LoRA low-rank matrices. */
  loraRank?: Maybe<Scalars['Int']['output']>;
  /** Which matrices LoRA adapts. */
  loraTargetModules?: Maybe<FinetuningLoraTargetModules>;
  /** Training examples per batch (2–16). */
  trainBatchSize?: Maybe<Scalars['Int']['output']>;
  /** Epochs to train for (1–10). */
  trainEpochs?: Maybe<Scalars['Int']['output']>;
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
};


/** Read fine-tuned models, their status history and their training metrics. */
export type QueryFinetunedModelArgs = {
  id: Scalars['ID']['input'];
};


/** Read fine-tuned models, their status history and their training metrics. */
export type QueryFinetunedModelsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: FinetuningOrderBy;
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

export type ModelsPageQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  orderBy: FinetuningOrderBy;
}>;


export type ModelsPageQuery = { __typename?: 'Query', finetunedModels?: { __typename?: 'FinetunedModelConnection', totalCount: number, edges: Array<{ __typename?: 'FinetunedModelEdge', cursor: string, node: { __typename?: 'FinetunedModel', id: string } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null } } | null };

export type EventsPageQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  orderBy: FinetuningOrderBy;
}>;


export type EventsPageQuery = { __typename?: 'Query', finetunedModel?: { __typename?: 'FinetunedModel', events?: { __typename?: 'FinetunedModelEventConnection', totalCount: number, edges: Array<{ __typename?: 'FinetunedModelEventEdge', cursor: string, node: { __typename?: 'FinetunedModelEvent', status: FinetunedModelStatus, createdAt?: string | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } | null } | null };

export type MetricsPageQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type MetricsPageQuery = { __typename?: 'Query', finetunedModel?: { __typename?: 'FinetunedModel', stepMetrics?: { __typename?: 'TrainingStepMetricsConnection', edges: Array<{ __typename?: 'TrainingStepMetricsEdge', cursor: string, node: { __typename?: 'TrainingStepMetrics', stepNumber: number, createdAt?: string | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } | null } | null };

export type MetricsAfterCursorQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type MetricsAfterCursorQuery = { __typename?: 'Query', finetunedModel?: { __typename?: 'FinetunedModel', stepMetrics?: { __typename?: 'TrainingStepMetricsConnection', edges: Array<{ __typename?: 'TrainingStepMetricsEdge', cursor: string }> } | null } | null };

export type ModelByIdQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ModelByIdQuery = { __typename?: 'Query', finetunedModel?: { __typename?: 'FinetunedModel', id: string, name: string, creatorId?: string | null, organizationId?: string | null, status: FinetunedModelStatus, isInProgress: boolean, isTerminal: boolean, createdAt?: string | null, updatedAt?: string | null, completedAt?: string | null, lastUsed?: string | null, settings: { __typename?: 'FinetunedModelSettings', datasetId: string, multiLabel: boolean, baseModel: { __typename?: 'FinetuningBaseModel', name?: string | null, version?: string | null, baseType: FinetuningBaseType, strategy: FinetuningStrategy }, hyperparameters?: { __typename?: 'FinetuningHyperparameters', earlyStoppingPatience?: number | null, earlyStoppingThreshold?: number | null, trainBatchSize?: number | null, trainEpochs?: number | null, learningRate?: number | null, loraAlpha?: number | null, loraRank?: number | null, loraTargetModules?: FinetuningLoraTargetModules | null } | null, wandb?: { __typename?: 'FinetuningWandbConfig', project: string, entity?: string | null } | null } } | null };

export type ModelWithHistoryQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ModelWithHistoryQuery = { __typename?: 'Query', finetunedModel?: { __typename?: 'FinetunedModel', id: string, events?: { __typename?: 'FinetunedModelEventConnection', totalCount: number, edges: Array<{ __typename?: 'FinetunedModelEventEdge', node: { __typename?: 'FinetunedModelEvent', status: FinetunedModelStatus, userId?: string | null, createdAt?: string | null } }> } | null, stepMetrics?: { __typename?: 'TrainingStepMetricsConnection', edges: Array<{ __typename?: 'TrainingStepMetricsEdge', node: { __typename?: 'TrainingStepMetrics', stepNumber: number, accuracy?: number | null } }> } | null, latestStepMetrics?: { __typename?: 'TrainingStepMetrics', stepNumber: number, metrics: Array<{ __typename?: 'TrainingMetric', name: string, value: number }> } | null } | null };

export type ListWithEventsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
}>;


export type ListWithEventsQuery = { __typename?: 'Query', finetunedModels?: { __typename?: 'FinetunedModelConnection', totalCount: number, edges: Array<{ __typename?: 'FinetunedModelEdge', node: { __typename?: 'FinetunedModel', id: string, name: string, events?: { __typename?: 'FinetunedModelEventConnection', totalCount: number, edges: Array<{ __typename?: 'FinetunedModelEventEdge', node: { __typename?: 'FinetunedModelEvent', status: FinetunedModelStatus } }> } | null } }> } | null };

export type FiveAliasesQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type FiveAliasesQuery = { __typename?: 'Query', a?: { __typename?: 'FinetunedModel', name: string } | null, b?: { __typename?: 'FinetunedModel', status: FinetunedModelStatus } | null, c?: { __typename?: 'FinetunedModel', createdAt?: string | null } | null, d?: { __typename?: 'FinetunedModel', settings: { __typename?: 'FinetunedModelSettings', datasetId: string } } | null, e?: { __typename?: 'FinetunedModel', id: string } | null };

export type ListThenByIdQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  other: Scalars['ID']['input'];
}>;


export type ListThenByIdQuery = { __typename?: 'Query', byId?: { __typename?: 'FinetunedModel', name: string } | null, finetunedModels?: { __typename?: 'FinetunedModelConnection', edges: Array<{ __typename?: 'FinetunedModelEdge', node: { __typename?: 'FinetunedModel', id: string, name: string } }> } | null, again?: { __typename?: 'FinetunedModel', status: FinetunedModelStatus } | null };

export type IdOnlyQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type IdOnlyQuery = { __typename?: 'Query', finetunedModel?: { __typename?: 'FinetunedModel', id: string, name: string } | null };


export const ModelsPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelsPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FinetuningOrderBy"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finetunedModels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ModelsPageQuery, ModelsPageQueryVariables>;
export const EventsPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EventsPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FinetuningOrderBy"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<EventsPageQuery, EventsPageQueryVariables>;
export const MetricsPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MetricsPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stepMetrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stepNumber"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MetricsPageQuery, MetricsPageQueryVariables>;
export const MetricsAfterCursorDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MetricsAfterCursor"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stepMetrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"2"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MetricsAfterCursorQuery, MetricsAfterCursorQueryVariables>;
export const ModelByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"creatorId"}},{"kind":"Field","name":{"kind":"Name","value":"organizationId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isInProgress"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsed"}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"baseModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"baseType"}},{"kind":"Field","name":{"kind":"Name","value":"strategy"}}]}},{"kind":"Field","name":{"kind":"Name","value":"datasetId"}},{"kind":"Field","name":{"kind":"Name","value":"hyperparameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"earlyStoppingPatience"}},{"kind":"Field","name":{"kind":"Name","value":"earlyStoppingThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"trainBatchSize"}},{"kind":"Field","name":{"kind":"Name","value":"trainEpochs"}},{"kind":"Field","name":{"kind":"Name","value":"learningRate"}},{"kind":"Field","name":{"kind":"Name","value":"loraAlpha"}},{"kind":"Field","name":{"kind":"Name","value":"loraRank"}},{"kind":"Field","name":{"kind":"Name","value":"loraTargetModules"}}]}},{"kind":"Field","name":{"kind":"Name","value":"multiLabel"}},{"kind":"Field","name":{"kind":"Name","value":"wandb"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ModelByIdQuery, ModelByIdQueryVariables>;
export const ModelWithHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelWithHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"stepMetrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stepNumber"}},{"kind":"Field","alias":{"kind":"Name","value":"accuracy"},"name":{"kind":"Name","value":"metric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"StringValue","value":"accuracy","block":false}}]}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"latestStepMetrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stepNumber"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ModelWithHistoryQuery, ModelWithHistoryQueryVariables>;
export const ListWithEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ListWithEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finetunedModels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ListWithEventsQuery, ListWithEventsQueryVariables>;
export const FiveAliasesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FiveAliases"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"a"},"name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"b"},"name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"c"},"name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"d"},"name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datasetId"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"e"},"name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<FiveAliasesQuery, FiveAliasesQueryVariables>;
export const ListThenByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ListThenById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"other"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"byId"},"name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"finetunedModels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"again"},"name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"other"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ListThenByIdQuery, ListThenByIdQueryVariables>;
export const IdOnlyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IdOnly"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finetunedModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<IdOnlyQuery, IdOnlyQueryVariables>;