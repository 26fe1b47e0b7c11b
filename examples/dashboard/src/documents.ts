// Every operation the dashboard sends. `npm run codegen` turns them into typed documents (src/gql/) and into
// the persisted-operations manifest (src/gql/persisted-documents.json) that a gateway can be told to enforce.
import { graphql } from './gql/index.js';

graphql(`
  fragment DashboardModel on FinetunedModel {
    id
    name
    status
    isInProgress
    isTerminal
    createdAt
    settings {
      baseModel { baseType name }
      hyperparameters { trainEpochs }
    }
  }
`);

export const ModelsQuery = graphql(`
  query DashboardModels($first: Int!) {
    finetunedModels(first: $first, orderBy: CREATED_AT_DESC) {
      totalCount
      edges { node { ...DashboardModel } }
    }
  }
`);

export const StatusSubscription = graphql(`
  subscription DashboardStatus($id: ID!) {
    finetunedModelStatusChanged(id: $id) {
      previousStatus
      status
      changedAt
      model { ...DashboardModel }
    }
  }
`);

export const MetricsQuery = graphql(`
  query DashboardMetrics($id: ID!, $after: String) {
    finetunedModel(id: $id) {
      id
      stepMetrics(first: 100, after: $after) {
        edges { node { ...DashboardStep } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

graphql(`
  fragment DashboardStep on TrainingStepMetrics {
    stepNumber
    accuracy: metric(name: "accuracy")
    crossEntropy: metric(name: "cross_entropy")
  }
`);

export const ProgressSubscription = graphql(`
  subscription DashboardProgress($id: ID!) {
    finetunedModelStepMetricsAdded(id: $id) { ...DashboardStep }
  }
`);

export const CreateMutation = graphql(`
  mutation DashboardCreate($input: CreateFinetunedModelInput!) {
    createFinetunedModel(input: $input) {
      __typename
      ... on CreateFinetunedModelPayload { finetunedModel { ...DashboardModel } }
      ... on FinetuningError { message }
    }
  }
`);
