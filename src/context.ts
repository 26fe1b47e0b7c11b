// The per-operation context: who is calling, the upstream API bound to their credential, and fresh loaders.
// Protocol-agnostic: HTTP requests and graphql-ws connections both arrive here as a bearer credential.
import { createHash, randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import type { CohereApi, CohereClient } from './cohere/client.js';
import type { Deadline } from './cohere/resilience.js';
import type { Config } from './config.js';
import { GatewayError } from './errors.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { SubscriptionRegistry } from './subscriptions/registry.js';
import type { IdempotencyStore } from './writes/idempotency.js';

export interface Credential {
  apiKey: string;
  /** Stable, non-reversible identity of the key: what caches and pollers are keyed by, never the key. */
  hash: string;
}

export interface Context {
  /** Correlates this operation's log lines (the caller's X-Request-Id, or one made up). */
  requestId: string;
  /** This operation's deadline and its upstream call count. */
  deadline: Deadline;
  credential: Credential | null;
  api: CohereApi;
  loaders: Loaders;
  /**
   * Starts afresh, as a new operation would: a new deadline, api and empty loaders. A subscription does so
   * before each message, as its context outlives any one operation's deadline and cache.
   */
  renew(): void;
  /** App-wide: creates already made under an idempotency key. */
  idempotency: IdempotencyStore;
  /** App-wide: the shared pollers behind subscriptions. */
  subscriptions: SubscriptionRegistry;
  /** Page size asked of the upstream for a fresh walk of a list. */
  upstreamPageSize: number;
}

/** What a transport hands over: an HTTP request, or a WebSocket's connection params. */
export interface ContextSource {
  request?: Request;
  connectionParams?: Readonly<Record<string, unknown>>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const requestIds = new WeakMap<Request, string>();

/** The caller's X-Request-Id when it is a sane token, otherwise a new one; stable for one request. */
export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    const given = request.headers.get('x-request-id');
    id = given && REQUEST_ID.test(given) ? given : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

export function hashCredential(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('base64url');
}

/** `Bearer <key>` → key; absent → null; anything else is a broken credential and fails loudly. */
export function parseBearer(header: string | null | undefined): string | null {
  if (header === null || header === undefined || header.trim() === '') return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match?.[1]) {
    throw new GatewayError('UNAUTHENTICATED', 'The Authorization header must be `Bearer <your Cohere API key>`.');
  }
  return match[1];
}

function authorizationOf(source: ContextSource): string | null {
  if (source.request) return source.request.headers.get('authorization');
  const params = source.connectionParams ?? {};
  const value = params.Authorization ?? params.authorization;
  return typeof value === 'string' ? value : null;
}

const unauthenticated = () =>
  Promise.reject(
    new GatewayError('UNAUTHENTICATED', 'Send your Cohere API key as `Authorization: Bearer <key>`.'),
  );

/** Every call fails before reaching the upstream: there is no credential to send. */
const anonymousApi: CohereApi = {
  listModels: unauthenticated,
  getModel: unauthenticated,
  createModel: unauthenticated,
  updateModel: unauthenticated,
  deleteModel: unauthenticated,
  listEvents: unauthenticated,
  listStepMetrics: unauthenticated,
};

/** What lives as long as the app and is shared by every operation's context. */
export interface ContextDeps {
  client: CohereClient;
  config: Config;
  idempotency: IdempotencyStore;
  subscriptions: SubscriptionRegistry;
}

export function createContextFactory({ client, config, idempotency, subscriptions }: ContextDeps) {
  return (source: ContextSource): Context => {
    const apiKey = parseBearer(authorizationOf(source)) ?? config.cohereApiKey ?? null;
    const credential = apiKey === null ? null : { apiKey, hash: hashCredential(apiKey) };
    const operation = () => {
      // The operation's deadline, ended early when the client goes away: upstream work stops with it.
      const deadline = client.deadline(config.operationDeadlineMs, source.request?.signal);
      const api = credential ? client.forKey(credential.apiKey, deadline) : anonymousApi;
      return { deadline, api, loaders: createLoaders(api, pLimit(config.upstreamConcurrencyPerRequest)) };
    };
    const context: Context = {
      requestId: source.request ? requestIdOf(source.request) : randomUUID(),
      credential,
      ...operation(),
      // A method on `this`: the context a resolver holds is a copy that yoga made of this object.
      renew() {
        Object.assign(this, operation());
      },
      upstreamPageSize: config.upstreamPageSize,
      idempotency,
      subscriptions,
    };
    return context;
  };
}
