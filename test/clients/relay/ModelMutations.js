// Relay documents, compiled by relay-compiler in test/clients/relay.test.ts and never run themselves: the test
// imports the artifacts the compiler writes. Plain .js, so codegen (test/**/*.ts), tsc and knip leave them alone.

// Creates a model and puts its edge first in the given connections (ModelList_finetunedModels).
graphql`
  mutation ModelMutationsCreateMutation($input: CreateFinetunedModelInput!, $connections: [ID!]!) {
    createFinetunedModel(input: $input) {
      __typename
      ... on CreateFinetunedModelPayload {
        finetunedModelEdge @prependEdge(connections: $connections) {
          cursor
          node {
            id
            name
          }
        }
      }
      ... on FinetuningError {
        message
        code
      }
    }
  }
`;

// Renames a model; its typed errors name the model as `modelId`, so they never share its Relay record.
graphql`
  mutation ModelMutationsUpdateMutation($input: UpdateFinetunedModelInput!) {
    updateFinetunedModel(input: $input) {
      __typename
      ... on UpdateFinetunedModelPayload {
        finetunedModel {
          id
          name
          updatedAt
        }
      }
      ... on FinetunedModelNotFoundError {
        modelId
      }
      ... on FinetunedModelConflictError {
        modelId
        currentUpdatedAt
      }
      ... on FinetuningError {
        message
        code
      }
    }
  }
`;

// Deletes a model: its edge leaves the given connections, and its record leaves the store. Each directive gets
// its own alias: on one field, relay-compiler 21 silently keeps only @deleteEdge.
graphql`
  mutation ModelMutationsDeleteMutation($id: ID!, $connections: [ID!]!) {
    deleteFinetunedModel(id: $id) {
      __typename
      ... on DeleteFinetunedModelPayload {
        deletedId @deleteEdge(connections: $connections)
        deletedRecordId: deletedId @deleteRecord
      }
      ... on FinetuningError {
        message
        code
      }
    }
  }
`;
