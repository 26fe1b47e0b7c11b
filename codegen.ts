// Typed documents for the operations the tests and the example dashboard run, generated from the printed schema.
import type { CodegenConfig } from '@graphql-codegen/cli';

const typesConfig = { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } };

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: true,
  // ESM output: relative imports carry their .js extension.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/gql/': {
      documents: ['test/**/*.ts', '!test/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: typesConfig,
    },
    // Apollo Client's `possibleTypes` (which object types each union and interface stands for), so its cache can
    // match fragments on FinetuningError, Node and the mutation result unions.
    'test/gql/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
    // The dashboard's documents, and their manifest (hash → document) for a gateway that runs only trusted ones.
    'examples/dashboard/src/gql/': {
      documents: ['examples/dashboard/src/**/*.ts', '!examples/dashboard/src/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: typesConfig,
    },
  },
};

export default config;
