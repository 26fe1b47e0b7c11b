// The per-operation context: who is calling, the upstream API bound to their credential, and fresh loaders.
// Protocol-agnostic: HTTP requests and graphql-ws connections both arrive here as a bearer credential.
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { parseBearer, type Authenticator, type Credential, type Principal } from './auth/authenticate.js';
import type { CohereApi, CohereClient } from './upstream/client.js';
import type { Deadline } from './upstream/resilience.js';
import type { Config } from './config.js';
import { GatewayError } from './errors.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { SubscriptionRegistry } from './subscriptions/registry.js';
import type { IdempotencyStore } from './writes/idempotency.js';

export type { Credential } from './auth/authenticate.js';

export interface Context {
  /** Correlates this operation's log lines (the caller's X-Request-Id, or one made up). */
  requestId: string;
  /** This operation's deadline and its upstream call count. */
  deadline: Deadline;
  /** Who is calling: the credential the upstream calls are made with, its scopes, its identity. */
  principal: Principal;
  credential: Credential | null;
  /** Set when the request carried a credential that is not valid: the operation is refused before it runs. */
  authError: GatewayError | null;
  api: CohereApi;
  loaders: Loaders;
  /**
   * Starts afresh, as a new operation would: a new deadline, api and empty loaders. A subscription does so
   * before each message, as its context outlives any one operation's deadline and cache.
   */
  renew(): void;
  /**
   * A copy of this context for work that operations of the same credential share: a deadline that ends with
   * `signal` alone (every operation waiting for the work has given up), and its own api and loaders.
   */
  forSharedWork(signal: AbortSignal): Context;
  /** App-wide: creates already made under an idempotency key. */
  idempotency: IdempotencyStore;
  /** App-wide: the shared pollers behind subscriptions. */
  subscriptions: SubscriptionRegistry;
  /** Page size asked of the upstream for a fresh walk of a list. */
  upstreamPageSize: number;
  /** Most upstream calls one operation may be estimated to cost (MAX_QUERY_COST). */
  queryCostLimit: number;
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

function authorizationOf(source: ContextSource): string | null {
  if (source.request) return source.request.headers.get('authorization');
  const params = source.connectionParams ?? {};
  const value = params.Authorization ?? params.authorization;
  return typeof value === 'string' ? value : null;
}

const unauthenticated = () =>
  Promise.reject(new GatewayError('UNAUTHENTICATED', 'Send a credential as `Authorization: Bearer <token>`.'));

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
  authenticator: Authenticator;
}

const NOBODY: Principal = { credential: null, scopes: new Set(), identity: null };

/** The caller behind a request or connection; a broken credential becomes `authError`, never a throw. */
export async function principalOf(
  authenticator: Authenticator,
  source: ContextSource,
): Promise<{ principal: Principal; authError: GatewayError | null }> {
  try {
    return { principal: await authenticator.authenticate(parseBearer(authorizationOf(source))), authError: null };
  } catch (error) {
    if (error instanceof GatewayError) return { principal: NOBODY, authError: error };
    throw error;
  }
}

export function createContextFactory({ client, config, idempotency, subscriptions, authenticator }: ContextDeps) {
  return async (source: ContextSource): Promise<Context> => {
    const { principal, authError } = await principalOf(authenticator, source);
    const { credential } = principal;
    const operation = (deadline: Deadline) => {
      const api = credential ? client.forKey(credential, deadline) : anonymousApi;
      return { deadline, api, loaders: createLoaders(api, config.upstreamConcurrencyPerRequest) };
    };
    // The operation's deadline, ended early when the client goes away: upstream work stops with it.
    const ownDeadline = () => client.deadline(config.operationDeadlineMs, source.request?.signal);
    return {
      requestId: source.request ? requestIdOf(source.request) : randomUUID(),
      principal,
      credential,
      authError,
      ...operation(ownDeadline()),
      // A method on `this`: the context a resolver holds is a copy that yoga made of this object.
      renew(this: Context) {
        this.deadline.end();
        Object.assign(this, operation(ownDeadline()));
      },
      forSharedWork(this: Context, signal: AbortSignal): Context {
        return { ...this, ...operation(client.sharedDeadline(signal, config.operationDeadlineMs)) };
      },
      upstreamPageSize: config.upstreamPageSize,
      queryCostLimit: config.security.limits.cost,
      idempotency,
      subscriptions,
    };
  };
}

/**
 * Ends an operation's deadline once its result is in, or a subscription's once it ends: the timer and the hold on
 * the request go with it. Register it before any plugin that may refuse an operation, so it sees refused ones too.
 */
export function useOperationDeadline(): Plugin<Context> {
  const end = (context: unknown) => (context as Context).deadline.end();
  return {
    onExecute: () => ({
      onExecuteDone({ args, result }) {
        // A subscription's context lives on, renewing its deadline before each message.
        if (!(Symbol.asyncIterator in result)) end(args.contextValue);
      },
    }),
    onSubscribe: ({ args }) => ({
      onSubscribeResult: ({ result }) => {
        if (!(Symbol.asyncIterator in result)) {
          end(args.contextValue);
          return;
        }
        return { onEnd: () => end(args.contextValue) };
      },
      onSubscribeError: () => end(args.contextValue),
    }),
  };
}
