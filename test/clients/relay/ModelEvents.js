// Relay documents, compiled by relay-compiler in test/clients/relay.test.ts and never run themselves: the test
// imports the artifacts the compiler writes. Plain .js, so codegen (test/**/*.ts), tsc and knip leave them alone.

// A model's status history, a page at a time: what usePaginationFragment needs.
graphql`
  fragment ModelEvents_model on FinetunedModel
  @refetchable(queryName: "ModelEventsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 2 }, cursor: { type: "String" }) {
    events(first: $count, after: $cursor) @connection(key: "ModelEvents_events") {
      totalCount
      edges {
        node {
          status
          createdAt
        }
      }
    }
  }
`;

graphql`
  query ModelEventsQuery($id: ID!, $count: Int!) {
    finetunedModel(id: $id) {
      ...ModelEvents_model @arguments(count: $count)
    }
  }
`;
