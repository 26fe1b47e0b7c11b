// Persisted documents, in the three modes of PERSISTED_OPERATIONS:
// - off: documents as sent; a hash alone is answered PersistedQueryNotFound, so that automatic persisted queries
//   (Apollo's PersistedQueryLink, urql's persistedExchange) fall back to sending the document with its hash;
// - allow: a hash of the manifest, or one registered by an earlier request that sent it with its document
//   (verified against the text, a bounded number kept: automatic persisted queries), or any document;
// - only: trusted documents alone: a frontend registers its operations when it is built (codegen's
//   persisted-documents.json, sha256 hash → document) and sends only their hashes.
// Over HTTP Yoga's plugin applies the rule; graphql-ws messages, which never reach Yoga's HTTP layer, go through
// `queryOf`, which applies the same rule with the same errors.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LRUCache } from 'lru-cache';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLError } from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { ConfigError, ERRORS } from '../errors.js';

type PersistedDocumentsMode = 'off' | 'allow' | 'only';

export interface PersistedDocumentsConfig {
  /** off: documents as sent; allow: a hash of the manifest or a document; only: a hash of the manifest. */
  mode: PersistedDocumentsMode;
  /** A JSON object of hash → document, as GraphQL Code Generator's client preset writes it; needed for `only`. */
  manifestPath: string | undefined;
  /** In `allow` mode, how many documents sent with their hash are kept for the hash alone (automatic persisted queries). */
  maxRegistered: number;
}

export interface PersistedDocuments {
  /** For Yoga over HTTP, in this order. */
  plugins: Plugin[];
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
  if (!path) return new Map();
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

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A hash sent with the very document it hashes, as automatic persisted queries send it on a miss. */
function registration(params: { query?: string | null; extensions?: GraphQLParams['extensions'] | null }): [string, string] | null {
  const hash = persistedId(params);
  return params.query && hash !== null && sha256(params.query) === hash ? [hash, params.query] : null;
}

export function createPersistedDocuments(config: PersistedDocumentsConfig): PersistedDocuments {
  const manifest = config.mode === 'off' ? new Map<string, string>() : loadManifest(config.manifestPath);
  const registered = new LRUCache<string, string>({ max: Math.max(1, config.maxRegistered) });
  const allowArbitraryOperations = config.mode !== 'only';
  const documentOf = (hash: string) => manifest.get(hash) ?? (config.mode === 'allow' ? registered.get(hash) : undefined);
  const register = (params: Parameters<typeof registration>[0]) => {
    const entry = config.mode === 'allow' ? registration(params) : null;
    if (entry && !manifest.has(entry[0])) registered.set(...entry);
  };
  return {
    plugins: [
      { onParams: ({ params }) => register(params) },
      usePersistedOperations({
        getPersistedOperation: (hash) => documentOf(hash) ?? null,
        allowArbitraryOperations,
        extractPersistedOperationId: persistedId,
        customErrors: REFUSALS,
      }),
    ],
    queryOf(payload) {
      if (payload.query) {
        register(payload);
        return allowArbitraryOperations ? payload.query : refuse('persistedQueryOnly');
      }
      const hash = persistedId(payload);
      // No document and no hash: an empty document, which the parser answers with its own code.
      if (hash === null) return allowArbitraryOperations ? payload.query : refuse('keyNotFound');
      return documentOf(hash) ?? refuse('notFound');
    },
  };
}
