// GraphiQL's first screen: example operations that work at once against the sandbox.
import type { GraphiQLOptions } from 'graphql-yoga';

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

export function graphiqlOptions(demo: { apiKey: string; modelId: string | undefined } | undefined): GraphiQLOptions {
  const headers = demo ? JSON.stringify({ Authorization: `Bearer ${demo.apiKey}` }, null, 2) : undefined;
  return {
    title: 'Fine-tuning GraphQL gateway',
    headers,
    defaultTabs: [
      { query: MODEL_WITH_HISTORY, variables: JSON.stringify({ id: demo?.modelId ?? '<a model id>' }, null, 2), headers },
      { query: MODEL_LIST, variables: '{}', headers },
    ],
  };
}
