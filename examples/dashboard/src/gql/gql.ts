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
    "\n  fragment DashboardModel on FinetunedModel {\n    id\n    name\n    status\n    isInProgress\n    isTerminal\n    createdAt\n    settings {\n      baseModel { baseType name }\n      hyperparameters { trainEpochs }\n    }\n  }\n": typeof types.DashboardModelFragmentDoc,
    "\n  query DashboardModels($first: Int!) {\n    finetunedModels(first: $first, orderBy: CREATED_AT_DESC) {\n      totalCount\n      edges { node { ...DashboardModel } }\n    }\n  }\n": typeof types.DashboardModelsDocument,
    "\n  subscription DashboardStatus($id: ID!) {\n    finetunedModelStatusChanged(id: $id) {\n      previousStatus\n      status\n      changedAt\n      model { ...DashboardModel }\n    }\n  }\n": typeof types.DashboardStatusDocument,
    "\n  query DashboardMetrics($id: ID!, $after: String) {\n    finetunedModel(id: $id) {\n      id\n      stepMetrics(first: 100, after: $after) {\n        edges { node { ...DashboardStep } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.DashboardMetricsDocument,
    "\n  fragment DashboardStep on TrainingStepMetrics {\n    stepNumber\n    accuracy: metric(name: \"accuracy\")\n    crossEntropy: metric(name: \"cross_entropy\")\n  }\n": typeof types.DashboardStepFragmentDoc,
    "\n  subscription DashboardProgress($id: ID!) {\n    finetunedModelStepMetricsAdded(id: $id) { ...DashboardStep }\n  }\n": typeof types.DashboardProgressDocument,
    "\n  mutation DashboardCreate($input: CreateFinetunedModelInput!) {\n    createFinetunedModel(input: $input) {\n      __typename\n      ... on CreateFinetunedModelPayload { finetunedModel { ...DashboardModel } }\n      ... on FinetuningError { message }\n    }\n  }\n": typeof types.DashboardCreateDocument,
};
const documents: Documents = {
    "\n  fragment DashboardModel on FinetunedModel {\n    id\n    name\n    status\n    isInProgress\n    isTerminal\n    createdAt\n    settings {\n      baseModel { baseType name }\n      hyperparameters { trainEpochs }\n    }\n  }\n": types.DashboardModelFragmentDoc,
    "\n  query DashboardModels($first: Int!) {\n    finetunedModels(first: $first, orderBy: CREATED_AT_DESC) {\n      totalCount\n      edges { node { ...DashboardModel } }\n    }\n  }\n": types.DashboardModelsDocument,
    "\n  subscription DashboardStatus($id: ID!) {\n    finetunedModelStatusChanged(id: $id) {\n      previousStatus\n      status\n      changedAt\n      model { ...DashboardModel }\n    }\n  }\n": types.DashboardStatusDocument,
    "\n  query DashboardMetrics($id: ID!, $after: String) {\n    finetunedModel(id: $id) {\n      id\n      stepMetrics(first: 100, after: $after) {\n        edges { node { ...DashboardStep } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.DashboardMetricsDocument,
    "\n  fragment DashboardStep on TrainingStepMetrics {\n    stepNumber\n    accuracy: metric(name: \"accuracy\")\n    crossEntropy: metric(name: \"cross_entropy\")\n  }\n": types.DashboardStepFragmentDoc,
    "\n  subscription DashboardProgress($id: ID!) {\n    finetunedModelStepMetricsAdded(id: $id) { ...DashboardStep }\n  }\n": types.DashboardProgressDocument,
    "\n  mutation DashboardCreate($input: CreateFinetunedModelInput!) {\n    createFinetunedModel(input: $input) {\n      __typename\n      ... on CreateFinetunedModelPayload { finetunedModel { ...DashboardModel } }\n      ... on FinetuningError { message }\n    }\n  }\n": types.DashboardCreateDocument,
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
export function graphql(source: "\n  fragment DashboardModel on FinetunedModel {\n    id\n    name\n    status\n    isInProgress\n    isTerminal\n    createdAt\n    settings {\n      baseModel { baseType name }\n      hyperparameters { trainEpochs }\n    }\n  }\n"): (typeof documents)["\n  fragment DashboardModel on FinetunedModel {\n    id\n    name\n    status\n    isInProgress\n    isTerminal\n    createdAt\n    settings {\n      baseModel { baseType name }\n      hyperparameters { trainEpochs }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardModels($first: Int!) {\n    finetunedModels(first: $first, orderBy: CREATED_AT_DESC) {\n      totalCount\n      edges { node { ...DashboardModel } }\n    }\n  }\n"): (typeof documents)["\n  query DashboardModels($first: Int!) {\n    finetunedModels(first: $first, orderBy: CREATED_AT_DESC) {\n      totalCount\n      edges { node { ...DashboardModel } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashboardStatus($id: ID!) {\n    finetunedModelStatusChanged(id: $id) {\n      previousStatus\n      status\n      changedAt\n      model { ...DashboardModel }\n    }\n  }\n"): (typeof documents)["\n  subscription DashboardStatus($id: ID!) {\n    finetunedModelStatusChanged(id: $id) {\n      previousStatus\n      status\n      changedAt\n      model { ...DashboardModel }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardMetrics($id: ID!, $after: String) {\n    finetunedModel(id: $id) {\n      id\n      stepMetrics(first: 100, after: $after) {\n        edges { node { ...DashboardStep } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DashboardMetrics($id: ID!, $after: String) {\n    finetunedModel(id: $id) {\n      id\n      stepMetrics(first: 100, after: $after) {\n        edges { node { ...DashboardStep } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DashboardStep on TrainingStepMetrics {\n    stepNumber\n    accuracy: metric(name: \"accuracy\")\n    crossEntropy: metric(name: \"cross_entropy\")\n  }\n"): (typeof documents)["\n  fragment DashboardStep on TrainingStepMetrics {\n    stepNumber\n    accuracy: metric(name: \"accuracy\")\n    crossEntropy: metric(name: \"cross_entropy\")\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashboardProgress($id: ID!) {\n    finetunedModelStepMetricsAdded(id: $id) { ...DashboardStep }\n  }\n"): (typeof documents)["\n  subscription DashboardProgress($id: ID!) {\n    finetunedModelStepMetricsAdded(id: $id) { ...DashboardStep }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardCreate($input: CreateFinetunedModelInput!) {\n    createFinetunedModel(input: $input) {\n      __typename\n      ... on CreateFinetunedModelPayload { finetunedModel { ...DashboardModel } }\n      ... on FinetuningError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardCreate($input: CreateFinetunedModelInput!) {\n    createFinetunedModel(input: $input) {\n      __typename\n      ... on CreateFinetunedModelPayload { finetunedModel { ...DashboardModel } }\n      ... on FinetuningError { message }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;