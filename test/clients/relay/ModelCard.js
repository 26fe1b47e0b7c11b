// Relay documents, compiled by relay-compiler in test/clients/relay.test.ts and never run themselves: the test
// imports the artifacts the compiler writes. Plain .js, so codegen (test/**/*.ts), tsc and knip leave them alone.

// A model as a component shows it, refetchable by id: what useRefetchableFragment needs.
graphql`
  fragment ModelCard_model on FinetunedModel @refetchable(queryName: "ModelCardRefetchQuery") {
    id
    name
    status
    updatedAt
  }
`;

graphql`
  query ModelCardQuery($id: ID!) {
    finetunedModel(id: $id) {
      ...ModelCard_model
    }
  }
`;
