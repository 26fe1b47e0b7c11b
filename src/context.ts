// The per-operation context, as data: who is calling, the upstream work of this operation (deadline, api bound to
// the caller's credential, fresh loaders), and the app-wide services resolvers reach. Protocol-agnostic: HTTP
// requests and graphql-ws connections both arrive here as a caller.
import { randomUUID } from 'node:crypto';
import type { OperationDefinitionNode } from 'graphql';
import type { Caller, Principal } from './auth/authenticate.js';
import { GatewayError } from './errors.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { CursorCodec } from './pagination/cursor.js';
import type { SubscriptionRegistry } from './subscriptions/registry.js';
import type { FinetuningApi, UpstreamClient, UpstreamUsage } from './upstream/client.js';
import type { Credential } from './upstream/credential.js';
import { startDeadline, type Deadline } from './upstream/deadline.js';
import type { IdempotencyStore } from './writes/idempotency.js';

/** The upstream work of one operation. A subscription starts a new one before each message it delivers. */
interface OperationScope {
  /** Ends this operation's upstream work: at its time limit, or when its client goes away. */
  deadline: Deadline;
  /** Upstream attempts made so far, retries included. */
  usage: UpstreamUsage;
  /** The seven upstream operations with the caller's credential, under the deadline. */
  api: FinetuningApi;
  /** This operation's DataLoaders: it never makes the same upstream call twice. */
  loaders: Loaders;
}

/** What lives as long as the app and is shared by every operation. */
export interface AppServices {
  client: UpstreamClient;
  /** Signs and reads the cursors of every connection. */
  cursors: CursorCodec;
  idempotency: IdempotencyStore;
  subscriptions: SubscriptionRegistry;
  settings: {
    /** Longest an operation may wait for the upstream, retries included. */
    operationDeadlineMs: number;
    /** Upstream calls one operation runs at once. */
    upstreamConcurrency: number;
    /** Page size asked of the upstream for a fresh walk of a list. */
    upstreamPageSize: number;
    /** Most pages one walk of an upstream list may follow. */
    upstreamMaxPages: number;
    /** Most upstream calls one operation may be estimated to cost (MAX_QUERY_COST). */
    queryCostLimit: number;
    /** Most federation entities one request may resolve (MAX_ENTITY_REPRESENTATIONS). */
    maxEntityRepresentations: number;
  };
}

export interface Context extends OperationScope {
  /** Correlates this operation's log lines (the caller's X-Request-Id, or one made up). */
  requestId: string;
  caller: Caller;
  /** The request's: aborts when its client goes away (none over WebSocket, where the socket's end stops the work). */
  requestSignal: AbortSignal | undefined;
  /** The operation being run, read from the document once by the pipeline's first execution step. */
  operation: OperationDefinitionNode | null;
  /** Its estimated upstream calls, from the pipeline's operation checks (0 until they ran); rate limits spend it. */
  estimatedCost: number;
  /** A subscription's: what runs once when it ends, however it ends (see onSubscriptionEnd). */
  subscriptionEnds: ((context: Context) => void)[] | undefined;
  app: AppServices;
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

const unauthenticated = () => Promise.reject(new GatewayError('UNAUTHENTICATED'));

/** Every call fails before reaching the upstream: there is no credential to send. */
const anonymousApi: FinetuningApi = {
  listModels: unauthenticated,
  getModel: unauthenticated,
  createModel: unauthenticated,
  updateModel: unauthenticated,
  deleteModel: unauthenticated,
  listEvents: unauthenticated,
  listStepMetrics: unauthenticated,
};

/** One operation's upstream work: its deadline (ended early with `requestSignal`), api and loaders. */
function scope(app: AppServices, principal: Principal, requestSignal: AbortSignal | undefined): OperationScope {
  const { operationDeadlineMs, upstreamConcurrency } = app.settings;
  const deadline = startDeadline(operationDeadlineMs, requestSignal, upstreamConcurrency);
  const usage = { calls: 0 };
  const api = principal.credential ? app.client.forKey(principal.credential, deadline, usage) : anonymousApi;
  return { deadline, usage, api, loaders: createLoaders(api, upstreamConcurrency) };
}

/** A context for one request or connection; `signal` (the request's) ends its upstream work early. */
export function createContext(app: AppServices, caller: Caller, requestId: string, requestSignal?: AbortSignal): Context {
  return {
    requestId,
    caller,
    requestSignal,
    operation: null,
    estimatedCost: 0,
    subscriptionEnds: undefined,
    app,
    ...scope(app, caller.principal, requestSignal),
  };
}

/**
 * Asks for `run` when this context's subscription ends: refused before it ran, completed, failed, or left by its
 * client. The pipeline runs every such request once, at the end (http/pipeline.ts' useSubscriptionEnd).
 */
export function onSubscriptionEnd(context: Context, run: (context: Context) => void): void {
  (context.subscriptionEnds ??= []).push(run);
}

/** Runs, once, what was asked for at the end of this context's subscription. */
export function endSubscription(context: Context): void {
  const ends = context.subscriptionEnds;
  context.subscriptionEnds = undefined;
  for (const run of ends ?? []) run(context);
}

/**
 * Starts afresh, as a new operation would: a new deadline, api and empty loaders. A subscription does so before each
 * message, as its context outlives any one operation's deadline and cache.
 */
export function renewOperation(context: Context): void {
  context.deadline.end();
  Object.assign(context, scope(context.app, context.caller.principal, context.requestSignal));
}

/** The caller's credential, for work that cannot run without one (subscriptions). */
export function requireCredential(context: Context): Credential {
  if (context.caller.principal.credential) return context.caller.principal.credential;
  throw new GatewayError('UNAUTHENTICATED');
}
