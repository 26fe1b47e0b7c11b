// Relay documents, compiled by relay-compiler in test/clients/relay.test.ts and never run themselves: the test
// imports the artifacts the compiler writes. Plain .js, so codegen (test/**/*.ts), tsc and knip leave them alone.

// The newest models first. `$orderBy` is nullable with a default: Relay refuses a non-null variable with one.
graphql`
  query ModelListQuery($first: Int = 10, $orderBy: FinetuningOrderBy = CREATED_AT_DESC) {
    finetunedModels(first: $first, orderBy: $orderBy) @connection(key: "ModelList_finetunedModels") {
      __id
      totalCount
      edges {
        node {
          id
          name
        }
      }
    }
  }
`;
