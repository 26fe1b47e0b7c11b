// One urql client for the whole page: queries and mutations over HTTP, subscriptions over graphql-ws on the
// same /graphql path, and (when the gateway enforces trusted documents) every operation sent as its hash.
import { Client, fetchExchange, subscriptionExchange, type Exchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import type { DashboardSettings } from './settings.js';

export interface DashboardClient {
  urql: Client;
  /** The WebSocket that carries every subscription (the page shows whether it is connected). */
  ws: WsClient;
}

/** Codegen's client preset puts each document's sha256 in `__meta__.hash`: the key of persisted-documents.json. */
function hashOf(document: unknown): Promise<string> {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  return hash ? Promise.resolve(hash) : Promise.reject(new Error('a document without a persisted hash: run npm run codegen'));
}

export function createDashboardClient(settings: DashboardSettings, endpoint = new URL('/graphql', location.href)): DashboardClient {
  const authorization = `Bearer ${settings.apiKey}`;
  const ws = createWsClient({
    url: endpoint.href.replace(/^http/, 'ws'),
    connectionParams: { Authorization: authorization },
    // Keep reconnecting while the gateway restarts; graphql-ws resubscribes each operation.
    retryAttempts: Infinity,
  });
  const persisted: Exchange[] = settings.persistedDocuments
    ? [
        persistedExchange({
          enforcePersistedQueries: true,
          preferGetForPersistedQueries: false,
          enableForMutation: true,
          enableForSubscriptions: true,
          generateHash: (_query, document) => hashOf(document),
        }),
      ]
    : [];
  const urql = new Client({
    url: endpoint.href,
    fetchOptions: { headers: { authorization } },
    // POST only: the gateway refuses a GET without its CSRF header, and nothing sent with a key is cacheable.
    preferGetMethod: false,
    // No document cache: every list shown is what the gateway said last, kept fresh by subscriptions.
    exchanges: [
      ...persisted,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            // A persisted operation carries only its hash, in `extensions`; graphql-ws still wants a query string.
            unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
      fetchExchange,
    ],
  });
  return { urql, ws };
}
