// GraphiQL's first screen: example operations that work at once against the sandbox. Its page comes with its
// assets inlined (@graphql-yoga/render-graphiql), so that GraphiQL needs no CDN.
import type { GraphiQLOptions } from 'graphql-yoga';
import { CSRF_HEADER } from './security.js';

/** The page, with GraphiQL's bundle (9 MB) loaded on the first request for it rather than at start. */
export async function renderGraphiQL(options: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL: render } = await import('@graphql-yoga/render-graphiql');
  return render(options);
}

/** In sandbox mode: the demo key GraphiQL sends, and demo models for its example operations. */
export interface SandboxDemo {
  apiKey: string;
  /** A model with a finished run: events and metrics to read. */
  modelId: string | undefined;
  /** A model still training, for the live examples; the finished one when absent. */
  liveModelId?: string | undefined;
}

const MODEL_WITH_HISTORY = /* GraphQL */ `# A fine-tuned model with its status history and its latest training metrics.
query ModelWithHistory($id: ID!) {
  finetunedModel(id: $id) {
    id
    name
    status
    isInProgress
    createdAt
    completedAt
    settings {
      baseModel { name version baseType }
      datasetId
      hyperparameters { trainEpochs learningRate trainBatchSize }
    }
    events(first: 10) {
      totalCount
      edges { node { status userId createdAt } }
    }
    stepMetrics(first: 10) {
      edges { node { stepNumber createdAt accuracy: metric(name: "accuracy") crossEntropy: metric(name: "cross_entropy") } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`;

const MODEL_LIST = /* GraphQL */ `# Your fine-tuned models, newest first. Pass pageInfo.endCursor as $after for the next page.
query Models($after: String) {
  finetunedModels(first: 10, after: $after, orderBy: CREATED_AT_DESC) {
    totalCount
    edges { node { id name status isInProgress createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

const LIVE_STATUS = /* GraphQL */ `# The status of a model, live: where it stands first, then each
# change as it happens, until READY or FAILED. GraphiQL follows it over
# server-sent events; graphql-ws clients use the same URL.
subscription LiveStatus($id: ID!) {
  finetunedModelStatusChanged(id: $id) {
    previousStatus
    status
    changedAt
    model { id name isInProgress completedAt }
  }
}
`;

const TRAINING_PROGRESS = /* GraphQL */ `# Training progress, live: the metrics rows written so far, then
# each new one as training writes it.
subscription TrainingProgress($id: ID!) {
  finetunedModelStepMetricsAdded(id: $id) {
    stepNumber
    createdAt
    accuracy: metric(name: "accuracy")
    crossEntropy: metric(name: "cross_entropy")
  }
}
`;

const CREATE_MODEL = /* GraphQL */ `# Start fine-tuning a model. Run it twice with the same idempotencyKey: one model is made.
mutation CreateModel($input: CreateFinetunedModelInput!) {
  createFinetunedModel(input: $input) {
    __typename
    ... on CreateFinetunedModelPayload { replayed finetunedModel { id name status createdAt } }
    ... on InvalidFinetunedModelInputError { message problems { path message } }
    ... on FinetuningError { message code }
  }
}
`;

const CREATE_VARIABLES = {
  input: {
    name: 'my-chat-model',
    idempotencyKey: 'graphiql-example-1',
    settings: {
      baseModel: { baseType: 'CHAT' },
      datasetId: 'my-dataset',
      hyperparameters: { trainEpochs: 2, learningRate: 0.01 },
    },
  },
};

const UPDATE_MODEL = /* GraphQL */ `# A partial update: only what you send changes; every other setting stays as it is upstream.
mutation RenameModel($input: UpdateFinetunedModelInput!) {
  updateFinetunedModel(input: $input) {
    __typename
    ... on UpdateFinetunedModelPayload { finetunedModel { id name updatedAt settings { hyperparameters { trainEpochs } } } }
    ... on FinetuningError { message code }
  }
}
`;

const DELETE_MODEL = /* GraphQL */ `# Deletes a model for good; deleting it again answers FinetunedModelNotFoundError.
mutation DeleteModel($id: ID!) {
  deleteFinetunedModel(id: $id) {
    __typename
    ... on DeleteFinetunedModelPayload { deletedId deletedName }
    ... on FinetuningError { message code }
  }
}
`;

/**
 * Yoga's GraphiQL reads `variables` (left out of its type) into the first tab's editor, which otherwise opens
 * empty whatever its tab says (graphql/graphiql#3392).
 */
type GraphiQLPageOptions = GraphiQLOptions & { variables?: string | undefined };

export function graphiqlOptions(demo: SandboxDemo | undefined): GraphiQLPageOptions {
  const headers = demo ? JSON.stringify({ Authorization: `Bearer ${demo.apiKey}` }, null, 2) : undefined;
  const modelId = demo?.modelId ?? '<a model id>';
  const liveModelId = demo?.liveModelId ?? modelId;
  const tabs = [
    { query: MODEL_WITH_HISTORY, variables: JSON.stringify({ id: modelId }, null, 2), headers },
    { query: MODEL_LIST, variables: '{}', headers },
    { query: LIVE_STATUS, variables: JSON.stringify({ id: liveModelId }, null, 2), headers },
    { query: TRAINING_PROGRESS, variables: JSON.stringify({ id: liveModelId }, null, 2), headers },
    { query: CREATE_MODEL, variables: JSON.stringify(CREATE_VARIABLES, null, 2), headers },
    { query: UPDATE_MODEL, variables: JSON.stringify({ input: { id: modelId, name: 'renamed-model' } }, null, 2), headers },
    { query: DELETE_MODEL, variables: JSON.stringify({ id: modelId }, null, 2), headers },
  ];
  return {
    title: 'Fine-tuning GraphQL gateway',
    headers,
    // Subscriptions over server-sent events, which carry the headers tab as queries do. GraphiQL opens them with
    // a GET, which the gateway's CSRF prevention refuses without this header.
    subscriptionsProtocol: 'GRAPHQL_SSE',
    additionalHeaders: { [CSRF_HEADER]: 'graphiql' },
    defaultTabs: tabs,
    variables: tabs[0]!.variables,
  };
}
