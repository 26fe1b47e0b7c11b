// Trusted documents: a frontend registers its operations when it is built (codegen's persisted-documents.json,
// sha256 hash → document) and sends only their hashes, and the gateway can refuse every other document.
// Over HTTP Yoga's plugin applies the rule; graphql-ws messages, which never reach Yoga's HTTP layer, go
// through `queryOf`, which applies the same rule with the same errors.
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLError } from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { ConfigError, ERRORS } from '../errors.js';

type PersistedDocumentsMode = 'off' | 'allow' | 'only';

export interface PersistedDocumentsConfig {
  /** off: documents as sent; allow: a hash of the manifest or a document; only: a hash of the manifest. */
  mode: PersistedDocumentsMode;
  /** A JSON object of hash → document, as GraphQL Code Generator's client preset writes it; needed unless off. */
  manifestPath: string | undefined;
}

export interface PersistedDocuments {
  /** For Yoga over HTTP; undefined when off. */
  plugin: Plugin | undefined;
  /** The text a graphql-ws subscribe message stands for (its own, or the document its hash names), or why not. */
  queryOf(payload: { query: string; extensions?: Record<string, unknown> | null }): string | GraphQLError;
}

const refusalOf = (code: 'PERSISTED_QUERY_NOT_FOUND' | 'PERSISTED_QUERY_ID_REQUIRED' | 'PERSISTED_QUERY_ONLY') => ({
  message: ERRORS[code].message,
  extensions: { code },
});

/** One definition of each refusal, for both transports. The first message is the one APQ clients look for. */
const REFUSALS = {
  notFound: refusalOf('PERSISTED_QUERY_NOT_FOUND'),
  keyNotFound: refusalOf('PERSISTED_QUERY_ID_REQUIRED'),
  persistedQueryOnly: refusalOf('PERSISTED_QUERY_ONLY'),
} as const;

const refuse = (reason: keyof typeof REFUSALS) => createGraphQLError(REFUSALS[reason].message, REFUSALS[reason]);

/** The Apollo-style id `{ persistedQuery: { version: 1, sha256Hash } }` that urql's persistedExchange sends. */
function persistedId(params: { extensions?: GraphQLParams['extensions'] | null }): string | null {
  const persisted = params.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
  return persisted?.version === 1 && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

function loadManifest(path: string | undefined): ReadonlyMap<string, string> {
  if (!path) throw new ConfigError('PERSISTED_OPERATIONS_MANIFEST: is required unless PERSISTED_OPERATIONS=off');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`PERSISTED_OPERATIONS_MANIFEST: cannot read ${path}: ${(error as Error).message}`);
  }
  const entries = typeof parsed === 'object' && parsed !== null ? Object.entries(parsed) : [];
  if (entries.length === 0 || entries.some(([, document]) => typeof document !== 'string')) {
    throw new ConfigError(`PERSISTED_OPERATIONS_MANIFEST: ${path} is not a JSON object of hash → document`);
  }
  return new Map(entries as [string, string][]);
}

export function createPersistedDocuments(config: PersistedDocumentsConfig): PersistedDocuments {
  if (config.mode === 'off') return { plugin: undefined, queryOf: (payload) => payload.query };
  const manifest = loadManifest(config.manifestPath);
  const allowArbitraryOperations = config.mode === 'allow';
  return {
    plugin: usePersistedOperations({
      getPersistedOperation: (hash) => manifest.get(hash) ?? null,
      allowArbitraryOperations,
      extractPersistedOperationId: persistedId,
      customErrors: REFUSALS,
    }),
    queryOf(payload) {
      if (payload.query) return allowArbitraryOperations ? payload.query : refuse('persistedQueryOnly');
      const hash = persistedId(payload);
      if (hash === null) return refuse('keyNotFound');
      return manifest.get(hash) ?? refuse('notFound');
    },
  };
}
