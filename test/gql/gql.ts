/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Create($input: CreateFinetunedModelInput!) {\n    createFinetunedModel(input: $input) {\n      __typename\n      ... on CreateFinetunedModelPayload {\n        replayed\n        finetunedModel {\n          id\n          name\n          status\n          settings {\n            baseModel { baseType name }\n            datasetId\n            hyperparameters { trainEpochs learningRate loraRank loraTargetModules }\n            wandb { project entity }\n          }\n          events(first: 5) { edges { node { status } } }\n        }\n      }\n      ... on FinetuningError { message code }\n      ... on InvalidFinetunedModelInputError { path problems { path message } }\n      ... on FinetuningRateLimitedError { retryAfterSeconds }\n    }\n  }\n": typeof types.CreateDocument,
    "\n  mutation Update($input: UpdateFinetunedModelInput!) {\n    updateFinetunedModel(input: $input) {\n      __typename\n      ... on UpdateFinetunedModelPayload { finetunedModel { id name updatedAt } }\n      ... on FinetuningError { message code }\n      ... on InvalidFinetunedModelInputError { path }\n      ... on FinetunedModelNotFoundError { modelId }\n      ... on FinetunedModelConflictError { currentUpdatedAt }\n    }\n  }\n": typeof types.UpdateDocument,
    "\n  mutation Delete($id: ID!) {\n    deleteFinetunedModel(id: $id) {\n      __typename\n      ... on DeleteFinetunedModelPayload { deletedId deletedName }\n      ... on FinetuningError { message code }\n      ... on FinetunedModelNotFoundError { modelId }\n    }\n  }\n": typeof types.DeleteDocument,
    "\n  mutation DeleteThenRead($id: ID!) {\n    deleteFinetunedModel(id: $id) { __typename }\n    again: deleteFinetunedModel(id: $id) { __typename }\n  }\n": typeof types.DeleteThenReadDocument,
    "\n  query ReadAfterWrite($id: ID!) {\n    finetunedModel(id: $id) { id name }\n  }\n": typeof types.ReadAfterWriteDocument,
    "\n  query ModelsPage($first: Int, $after: String, $orderBy: FinetuningOrderBy!) {\n    finetunedModels(first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      edges { cursor node { id } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n": typeof types.ModelsPageDocument,
    "\n  query EventsPage($id: ID!, $first: Int, $after: String, $orderBy: FinetuningOrderBy!) {\n    finetunedModel(id: $id) {\n      events(first: $first, after: $after, orderBy: $orderBy) {\n        totalCount\n        edges { cursor node { status createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.EventsPageDocument,
    "\n  query MetricsPage($id: ID!, $first: Int, $after: String) {\n    finetunedModel(id: $id) {\n      stepMetrics(first: $first, after: $after) {\n        edges { cursor node { stepNumber createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.MetricsPageDocument,
    "\n  query MetricsAfterCursor($id: ID!, $after: String) {\n    finetunedModel(id: $id) { stepMetrics(first: 2, after: $after) { edges { cursor } } }\n  }\n": typeof types.MetricsAfterCursorDocument,
    "\n  query ModelById($id: ID!) {\n    finetunedModel(id: $id) {\n      id\n      name\n      creatorId\n      organizationId\n      status\n      isInProgress\n      isTerminal\n      createdAt\n      updatedAt\n      completedAt\n      lastUsed\n      settings {\n        baseModel { name version baseType strategy }\n        datasetId\n        hyperparameters {\n          earlyStoppingPatience\n          earlyStoppingThreshold\n          trainBatchSize\n          trainEpochs\n          learningRate\n          loraAlpha\n          loraRank\n          loraTargetModules\n        }\n        multiLabel\n        wandb { project entity }\n      }\n    }\n  }\n": typeof types.ModelByIdDocument,
    "\n  query ModelWithHistory($id: ID!) {\n    finetunedModel(id: $id) {\n      id\n      events(first: 10) { totalCount edges { node { status userId createdAt } } }\n      stepMetrics(first: 10) { edges { node { stepNumber accuracy: metric(name: \"accuracy\") } } }\n      latestStepMetrics { stepNumber metrics { name value } }\n    }\n  }\n": typeof types.ModelWithHistoryDocument,
    "\n  query ListWithEvents($first: Int!) {\n    finetunedModels(first: $first) {\n      totalCount\n      edges { node { id name events(first: 5) { totalCount edges { node { status } } } } }\n    }\n  }\n": typeof types.ListWithEventsDocument,
    "\n  query FiveAliases($id: ID!) {\n    a: finetunedModel(id: $id) { name }\n    b: finetunedModel(id: $id) { status }\n    c: finetunedModel(id: $id) { createdAt }\n    d: finetunedModel(id: $id) { settings { datasetId } }\n    e: finetunedModel(id: $id) { id }\n  }\n": typeof types.FiveAliasesDocument,
    "\n  query ListThenById($id: ID!, $other: ID!) {\n    byId: finetunedModel(id: $id) { name }\n    finetunedModels(first: 5) { edges { node { id name } } }\n    again: finetunedModel(id: $other) { status }\n  }\n": typeof types.ListThenByIdDocument,
    "\n  query IdOnly($id: ID!) {\n    finetunedModel(id: $id) { id name }\n  }\n": typeof types.IdOnlyDocument,
    "\n  query ResilientRead($id: ID!) {\n    finetunedModel(id: $id) { id name }\n  }\n": typeof types.ResilientReadDocument,
    "\n  subscription WatchThroughOutage($id: ID!) {\n    finetunedModelStatusChanged(id: $id) { previousStatus status }\n  }\n": typeof types.WatchThroughOutageDocument,
    "\n  mutation CreateUnderFaults($input: CreateFinetunedModelInput!) {\n    createFinetunedModel(input: $input) { __typename }\n  }\n": typeof types.CreateUnderFaultsDocument,
    "\n  subscription FleetStatus($id: ID!) {\n    finetunedModelStatusChanged(id: $id) { previousStatus status }\n  }\n": typeof types.FleetStatusDocument,
    "\n  subscription FleetStepMetrics($id: ID!) {\n    finetunedModelStepMetricsAdded(id: $id) { stepNumber }\n  }\n": typeof types.FleetStepMetricsDocument,
    "\n  query SecuredList {\n    finetunedModels(first: 5) { totalCount edges { node { name } } }\n  }\n": typeof types.SecuredListDocument,
    "\n  mutation SecuredRename($input: UpdateFinetunedModelInput!) {\n    updateFinetunedModel(input: $input) { __typename }\n  }\n": typeof types.SecuredRenameDocument,
    "\n      mutation SecuredCreate($input: CreateFinetunedModelInput!) {\n        createFinetunedModel(input: $input) { ... on CreateFinetunedModelPayload { replayed } }\n      }\n    ": typeof types.SecuredCreateDocument,
    "\n  subscription StatusChanged($id: ID!) {\n    finetunedModelStatusChanged(id: $id) {\n      previousStatus\n      status\n      changedAt\n      model { id name status }\n    }\n  }\n": typeof types.StatusChangedDocument,
    "\n  subscription StatusWithHistory($id: ID!) {\n    finetunedModelStatusChanged(id: $id) {\n      status\n      model { events(first: 10) { totalCount } }\n    }\n  }\n": typeof types.StatusWithHistoryDocument,
    "\n  subscription StepMetricsAdded($id: ID!) {\n    finetunedModelStepMetricsAdded(id: $id) {\n      stepNumber\n      createdAt\n      metrics { name value }\n    }\n  }\n": typeof types.StepMetricsAddedDocument,
};
const documents: Documents = {
    "\n  mutation Create($input: CreateFinetunedModelInput!) {\n    createFinetunedModel(input: $input) {\n      __typename\n      ... on CreateFinetunedModelPayload {\n        replayed\n        finetunedModel {\n          id\n          name\n          status\n          settings {\n            baseModel { baseType name }\n            datasetId\n            hyperparameters { trainEpochs learningRate loraRank loraTargetModules }\n            wandb { project entity }\n          }\n          events(first: 5) { edges { node { status } } }\n        }\n      }\n      ... on FinetuningError { message code }\n      ... on InvalidFinetunedModelInputError { path problems { path message } }\n      ... on FinetuningRateLimitedError { retryAfterSeconds }\n    }\n  }\n": types.CreateDocument,
    "\n  mutation Update($input: UpdateFinetunedModelInput!) {\n    updateFinetunedModel(input: $input) {\n      __typename\n      ... on UpdateFinetunedModelPayload { finetunedModel { id name updatedAt } }\n      ... on FinetuningError { message code }\n      ... on InvalidFinetunedModelInputError { path }\n      ... on FinetunedModelNotFoundError { modelId }\n      ... on FinetunedModelConflictError { currentUpdatedAt }\n    }\n  }\n": types.UpdateDocument,
    "\n  mutation Delete($id: ID!) {\n    deleteFinetunedModel(id: $id) {\n      __typename\n      ... on DeleteFinetunedModelPayload { deletedId deletedName }\n      ... on FinetuningError { message code }\n      ... on FinetunedModelNotFoundError { modelId }\n    }\n  }\n": types.DeleteDocument,
    "\n  mutation DeleteThenRead($id: ID!) {\n    deleteFinetunedModel(id: $id) { __typename }\n    again: deleteFinetunedModel(id: $id) { __typename }\n  }\n": types.DeleteThenReadDocument,
    "\n  query ReadAfterWrite($id: ID!) {\n    finetunedModel(id: $id) { id name }\n  }\n": types.ReadAfterWriteDocument,
    "\n  query ModelsPage($first: Int, $after: String, $orderBy: FinetuningOrderBy!) {\n    finetunedModels(first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      edges { cursor node { id } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n": types.ModelsPageDocument,
    "\n  query EventsPage($id: ID!, $first: Int, $after: String, $orderBy: FinetuningOrderBy!) {\n    finetunedModel(id: $id) {\n      events(first: $first, after: $after, orderBy: $orderBy) {\n        totalCount\n        edges { cursor node { status createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.EventsPageDocument,
    "\n  query MetricsPage($id: ID!, $first: Int, $after: String) {\n    finetunedModel(id: $id) {\n      stepMetrics(first: $first, after: $after) {\n        edges { cursor node { stepNumber createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.MetricsPageDocument,
    "\n  query MetricsAfterCursor($id: ID!, $after: String) {\n    finetunedModel(id: $id) { stepMetrics(first: 2, after: $after) { edges { cursor } } }\n  }\n": types.MetricsAfterCursorDocument,
    "\n  query ModelById($id: ID!) {\n    finetunedModel(id: $id) {\n      id\n      name\n      creatorId\n      organizationId\n      status\n      isInProgress\n      isTerminal\n      createdAt\n      updatedAt\n      completedAt\n      lastUsed\n      settings {\n        baseModel { name version baseType strategy }\n        datasetId\n        hyperparameters {\n          earlyStoppingPatience\n          earlyStoppingThreshold\n          trainBatchSize\n          trainEpochs\n          learningRate\n          loraAlpha\n          loraRank\n          loraTargetModules\n        }\n        multiLabel\n        wandb { project entity }\n      }\n    }\n  }\n": types.ModelByIdDocument,
    "\n  query ModelWithHistory($id: ID!) {\n    finetunedModel(id: $id) {\n      id\n      events(first: 10) { totalCount edges { node { status userId createdAt } } }\n      stepMetrics(first: 10) { edges { node { stepNumber accuracy: metric(name: \"accuracy\") } } }\n      latestStepMetrics { stepNumber metrics { name value } }\n    }\n  }\n": types.ModelWithHistoryDocument,
    "\n  query ListWithEvents($first: Int!) {\n    finetunedModels(first: $first) {\n      totalCount\n      edges { node { id name events(first: 5) { totalCount edges { node { status } } } } }\n    }\n  }\n": types.ListWithEventsDocument,
    "\n  query FiveAliases($id: ID!) {\n    a: finetunedModel(id: $id) { name }\n    b: finetunedModel(id: $id) { status }\n    c: finetunedModel(id: $id) { createdAt }\n    d: finetunedModel(id: $id) { settings { datasetId } }\n    e: finetunedModel(id: $id) { id }\n  }\n": types.FiveAliasesDocument,
    "\n  query ListThenById($id: ID!, $other: ID!) {\n    byId: finetunedModel(id: $id) { name }\n    finetunedModels(first: 5) { edges { node { id name } } }\n    again: finetunedModel(id: $other) { status }\n  }\n": types.ListThenByIdDocument,
    "\n  query IdOnly($id: ID!) {\n    finetunedModel(id: $id) { id name }\n  }\n": types.IdOnlyDocument,
    "\n  query ResilientRead($id: ID!) {\n    finetunedModel(id: $id) { id name }\n  }\n": types.ResilientReadDocument,
    "\n  subscription WatchThroughOutage($id: ID!) {\n    finetunedModelStatusChanged(id: $id) { previousStatus status }\n  }\n": types.WatchThroughOutageDocument,
    "\n  mutation CreateUnderFaults($input: CreateFinetunedModelInput!) {\n    createFinetunedModel(input: $input) { __typename }\n  }\n": types.CreateUnderFaultsDocument,
    "\n  subscription FleetStatus($id: ID!) {\n    finetunedModelStatusChanged(id: $id) { previousStatus status }\n  }\n": types.FleetStatusDocument,
    "\n  subscription FleetStepMetrics($id: ID!) {\n    finetunedModelStepMetricsAdded(id: $id) { stepNumber }\n  }\n": types.FleetStepMetricsDocument,
    "\n  query SecuredList {\n    finetunedModels(first: 5) { totalCount edges { node { name } } }\n  }\n": types.SecuredListDocument,
    "\n  mutation SecuredRename($input: UpdateFinetunedModelInput!) {\n    updateFinetunedModel(input: $input) { __typename }\n  }\n": types.SecuredRenameDocument,
    "\n      mutation SecuredCreate($input: CreateFinetunedModelInput!) {\n        createFinetunedModel(input: $input) { ... on CreateFinetunedModelPayload { replayed } }\n      }\n    ": types.SecuredCreateDocument,
    "\n  subscription StatusChanged($id: ID!) {\n    finetunedModelStatusChanged(id: $id) {\n      previousStatus\n      status\n      changedAt\n      model { id name status }\n    }\n  }\n": types.StatusChangedDocument,
    "\n  subscription StatusWithHistory($id: ID!) {\n    finetunedModelStatusChanged(id: $id) {\n      status\n      model { events(first: 10) { totalCount } }\n    }\n  }\n": types.StatusWithHistoryDocument,
    "\n  subscription StepMetricsAdded($id: ID!) {\n    finetunedModelStepMetricsAdded(id: $id) {\n      stepNumber\n      createdAt\n      metrics { name value }\n    }\n  }\n": types.StepMetricsAddedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Create($input: CreateFinetunedModelInput!) {\n    createFinetunedModel(input: $input) {\n      __typename\n      ... on CreateFinetunedModelPayload {\n        replayed\n        finetunedModel {\n          id\n          name\n          status\n          settings {\n            baseModel { baseType name }\n            datasetId\n            hyperparameters { trainEpochs learningRate loraRank loraTargetModules }\n            wandb { project entity }\n          }\n          events(first: 5) { edges { node { status } } }\n        }\n      }\n      ... on FinetuningError { message code }\n      ... on InvalidFinetunedModelInputError { path problems { path message } }\n      ... on FinetuningRateLimitedError { retryAfterSeconds }\n    }\n  }\n"): (typeof documents)["\n  mutation Create($input: CreateFinetunedModelInput!) {\n    createFinetunedModel(input: $input) {\n      __typename\n      ... on CreateFinetunedModelPayload {\n        replayed\n        finetunedModel {\n          id\n          name\n          status\n          settings {\n            baseModel { baseType name }\n            datasetId\n            hyperparameters { trainEpochs learningRate loraRank loraTargetModules }\n            wandb { project entity }\n          }\n          events(first: 5) { edges { node { status } } }\n        }\n      }\n      ... on FinetuningError { message code }\n      ... on InvalidFinetunedModelInputError { path problems { path message } }\n      ... on FinetuningRateLimitedError { retryAfterSeconds }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Update($input: UpdateFinetunedModelInput!) {\n    updateFinetunedModel(input: $input) {\n      __typename\n      ... on UpdateFinetunedModelPayload { finetunedModel { id name updatedAt } }\n      ... on FinetuningError { message code }\n      ... on InvalidFinetunedModelInputError { path }\n      ... on FinetunedModelNotFoundError { modelId }\n      ... on FinetunedModelConflictError { currentUpdatedAt }\n    }\n  }\n"): (typeof documents)["\n  mutation Update($input: UpdateFinetunedModelInput!) {\n    updateFinetunedModel(input: $input) {\n      __typename\n      ... on UpdateFinetunedModelPayload { finetunedModel { id name updatedAt } }\n      ... on FinetuningError { message code }\n      ... on InvalidFinetunedModelInputError { path }\n      ... on FinetunedModelNotFoundError { modelId }\n      ... on FinetunedModelConflictError { currentUpdatedAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Delete($id: ID!) {\n    deleteFinetunedModel(id: $id) {\n      __typename\n      ... on DeleteFinetunedModelPayload { deletedId deletedName }\n      ... on FinetuningError { message code }\n      ... on FinetunedModelNotFoundError { modelId }\n    }\n  }\n"): (typeof documents)["\n  mutation Delete($id: ID!) {\n    deleteFinetunedModel(id: $id) {\n      __typename\n      ... on DeleteFinetunedModelPayload { deletedId deletedName }\n      ... on FinetuningError { message code }\n      ... on FinetunedModelNotFoundError { modelId }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteThenRead($id: ID!) {\n    deleteFinetunedModel(id: $id) { __typename }\n    again: deleteFinetunedModel(id: $id) { __typename }\n  }\n"): (typeof documents)["\n  mutation DeleteThenRead($id: ID!) {\n    deleteFinetunedModel(id: $id) { __typename }\n    again: deleteFinetunedModel(id: $id) { __typename }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReadAfterWrite($id: ID!) {\n    finetunedModel(id: $id) { id name }\n  }\n"): (typeof documents)["\n  query ReadAfterWrite($id: ID!) {\n    finetunedModel(id: $id) { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelsPage($first: Int, $after: String, $orderBy: FinetuningOrderBy!) {\n    finetunedModels(first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      edges { cursor node { id } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ModelsPage($first: Int, $after: String, $orderBy: FinetuningOrderBy!) {\n    finetunedModels(first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      edges { cursor node { id } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventsPage($id: ID!, $first: Int, $after: String, $orderBy: FinetuningOrderBy!) {\n    finetunedModel(id: $id) {\n      events(first: $first, after: $after, orderBy: $orderBy) {\n        totalCount\n        edges { cursor node { status createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query EventsPage($id: ID!, $first: Int, $after: String, $orderBy: FinetuningOrderBy!) {\n    finetunedModel(id: $id) {\n      events(first: $first, after: $after, orderBy: $orderBy) {\n        totalCount\n        edges { cursor node { status createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MetricsPage($id: ID!, $first: Int, $after: String) {\n    finetunedModel(id: $id) {\n      stepMetrics(first: $first, after: $after) {\n        edges { cursor node { stepNumber createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MetricsPage($id: ID!, $first: Int, $after: String) {\n    finetunedModel(id: $id) {\n      stepMetrics(first: $first, after: $after) {\n        edges { cursor node { stepNumber createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MetricsAfterCursor($id: ID!, $after: String) {\n    finetunedModel(id: $id) { stepMetrics(first: 2, after: $after) { edges { cursor } } }\n  }\n"): (typeof documents)["\n  query MetricsAfterCursor($id: ID!, $after: String) {\n    finetunedModel(id: $id) { stepMetrics(first: 2, after: $after) { edges { cursor } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelById($id: ID!) {\n    finetunedModel(id: $id) {\n      id\n      name\n      creatorId\n      organizationId\n      status\n      isInProgress\n      isTerminal\n      createdAt\n      updatedAt\n      completedAt\n      lastUsed\n      settings {\n        baseModel { name version baseType strategy }\n        datasetId\n        hyperparameters {\n          earlyStoppingPatience\n          earlyStoppingThreshold\n          trainBatchSize\n          trainEpochs\n          learningRate\n          loraAlpha\n          loraRank\n          loraTargetModules\n        }\n        multiLabel\n        wandb { project entity }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ModelById($id: ID!) {\n    finetunedModel(id: $id) {\n      id\n      name\n      creatorId\n      organizationId\n      status\n      isInProgress\n      isTerminal\n      createdAt\n      updatedAt\n      completedAt\n      lastUsed\n      settings {\n        baseModel { name version baseType strategy }\n        datasetId\n        hyperparameters {\n          earlyStoppingPatience\n          earlyStoppingThreshold\n          trainBatchSize\n          trainEpochs\n          learningRate\n          loraAlpha\n          loraRank\n          loraTargetModules\n        }\n        multiLabel\n        wandb { project entity }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelWithHistory($id: ID!) {\n    finetunedModel(id: $id) {\n      id\n      events(first: 10) { totalCount edges { node { status userId createdAt } } }\n      stepMetrics(first: 10) { edges { node { stepNumber accuracy: metric(name: \"accuracy\") } } }\n      latestStepMetrics { stepNumber metrics { name value } }\n    }\n  }\n"): (typeof documents)["\n  query ModelWithHistory($id: ID!) {\n    finetunedModel(id: $id) {\n      id\n      events(first: 10) { totalCount edges { node { status userId createdAt } } }\n      stepMetrics(first: 10) { edges { node { stepNumber accuracy: metric(name: \"accuracy\") } } }\n      latestStepMetrics { stepNumber metrics { name value } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListWithEvents($first: Int!) {\n    finetunedModels(first: $first) {\n      totalCount\n      edges { node { id name events(first: 5) { totalCount edges { node { status } } } } }\n    }\n  }\n"): (typeof documents)["\n  query ListWithEvents($first: Int!) {\n    finetunedModels(first: $first) {\n      totalCount\n      edges { node { id name events(first: 5) { totalCount edges { node { status } } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FiveAliases($id: ID!) {\n    a: finetunedModel(id: $id) { name }\n    b: finetunedModel(id: $id) { status }\n    c: finetunedModel(id: $id) { createdAt }\n    d: finetunedModel(id: $id) { settings { datasetId } }\n    e: finetunedModel(id: $id) { id }\n  }\n"): (typeof documents)["\n  query FiveAliases($id: ID!) {\n    a: finetunedModel(id: $id) { name }\n    b: finetunedModel(id: $id) { status }\n    c: finetunedModel(id: $id) { createdAt }\n    d: finetunedModel(id: $id) { settings { datasetId } }\n    e: finetunedModel(id: $id) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListThenById($id: ID!, $other: ID!) {\n    byId: finetunedModel(id: $id) { name }\n    finetunedModels(first: 5) { edges { node { id name } } }\n    again: finetunedModel(id: $other) { status }\n  }\n"): (typeof documents)["\n  query ListThenById($id: ID!, $other: ID!) {\n    byId: finetunedModel(id: $id) { name }\n    finetunedModels(first: 5) { edges { node { id name } } }\n    again: finetunedModel(id: $other) { status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IdOnly($id: ID!) {\n    finetunedModel(id: $id) { id name }\n  }\n"): (typeof documents)["\n  query IdOnly($id: ID!) {\n    finetunedModel(id: $id) { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ResilientRead($id: ID!) {\n    finetunedModel(id: $id) { id name }\n  }\n"): (typeof documents)["\n  query ResilientRead($id: ID!) {\n    finetunedModel(id: $id) { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WatchThroughOutage($id: ID!) {\n    finetunedModelStatusChanged(id: $id) { previousStatus status }\n  }\n"): (typeof documents)["\n  subscription WatchThroughOutage($id: ID!) {\n    finetunedModelStatusChanged(id: $id) { previousStatus status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUnderFaults($input: CreateFinetunedModelInput!) {\n    createFinetunedModel(input: $input) { __typename }\n  }\n"): (typeof documents)["\n  mutation CreateUnderFaults($input: CreateFinetunedModelInput!) {\n    createFinetunedModel(input: $input) { __typename }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FleetStatus($id: ID!) {\n    finetunedModelStatusChanged(id: $id) { previousStatus status }\n  }\n"): (typeof documents)["\n  subscription FleetStatus($id: ID!) {\n    finetunedModelStatusChanged(id: $id) { previousStatus status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FleetStepMetrics($id: ID!) {\n    finetunedModelStepMetricsAdded(id: $id) { stepNumber }\n  }\n"): (typeof documents)["\n  subscription FleetStepMetrics($id: ID!) {\n    finetunedModelStepMetricsAdded(id: $id) { stepNumber }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SecuredList {\n    finetunedModels(first: 5) { totalCount edges { node { name } } }\n  }\n"): (typeof documents)["\n  query SecuredList {\n    finetunedModels(first: 5) { totalCount edges { node { name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SecuredRename($input: UpdateFinetunedModelInput!) {\n    updateFinetunedModel(input: $input) { __typename }\n  }\n"): (typeof documents)["\n  mutation SecuredRename($input: UpdateFinetunedModelInput!) {\n    updateFinetunedModel(input: $input) { __typename }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      mutation SecuredCreate($input: CreateFinetunedModelInput!) {\n        createFinetunedModel(input: $input) { ... on CreateFinetunedModelPayload { replayed } }\n      }\n    "): (typeof documents)["\n      mutation SecuredCreate($input: CreateFinetunedModelInput!) {\n        createFinetunedModel(input: $input) { ... on CreateFinetunedModelPayload { replayed } }\n      }\n    "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StatusChanged($id: ID!) {\n    finetunedModelStatusChanged(id: $id) {\n      previousStatus\n      status\n      changedAt\n      model { id name status }\n    }\n  }\n"): (typeof documents)["\n  subscription StatusChanged($id: ID!) {\n    finetunedModelStatusChanged(id: $id) {\n      previousStatus\n      status\n      changedAt\n      model { id name status }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StatusWithHistory($id: ID!) {\n    finetunedModelStatusChanged(id: $id) {\n      status\n      model { events(first: 10) { totalCount } }\n    }\n  }\n"): (typeof documents)["\n  subscription StatusWithHistory($id: ID!) {\n    finetunedModelStatusChanged(id: $id) {\n      status\n      model { events(first: 10) { totalCount } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StepMetricsAdded($id: ID!) {\n    finetunedModelStepMetricsAdded(id: $id) {\n      stepNumber\n      createdAt\n      metrics { name value }\n    }\n  }\n"): (typeof documents)["\n  subscription StepMetricsAdded($id: ID!) {\n    finetunedModelStepMetricsAdded(id: $id) {\n      stepNumber\n      createdAt\n      metrics { name value }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;