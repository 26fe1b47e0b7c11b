// The gateway's Yoga/Envelop plugins, in one ordered list. Hooks of the same kind run in this order, so each
// plugin's position is part of its behaviour: the reason for it is written beside it. The operation about to run is
// read from its document once, by the first execution step, and handed on in the context.
import type { OnSubscribeHookResult } from '@envelop/core';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST, subscribe, type ExecutionArgs, type GraphQLError, type OperationDefinitionNode } from 'graphql';
import { isAsyncIterable, type Plugin, type YogaServerOptions } from 'graphql-yoga';
import { refusal } from '../auth/authorize.js';
import { endSubscription, onSubscriptionEnd, type Context } from '../context.js';
import { GatewayError } from '../errors.js';
import type { GraphQLTracing } from '../observability/graphql-tracing.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { useOperationLog } from '../observability/operation-log.js';
import { checkOperation } from '../schema/operation-checks.js';
import type { ReadCollapser } from '../sharing/collapse.js';
import { useSharedOperations } from '../sharing/shared-operations.js';
import { useDashboard, type DashboardSettings } from './devtools.js';
import { useOperationalEndpoints, type MetricsAccess, type Readiness } from './endpoints.js';
import { operationRefusal } from './graphql-errors.js';
import { useRateLimits, type RateLimits } from './rate-limits.js';
import { useApolloMultipartSubscriptions, useCodedErrorAnswers, useSseSingleConnectionRefusal } from './transports.js';
import {
  documentLimits,
  useAllowedHosts,
  useCsrfPrevention,
  useInputBounds,
  useRequestSizeLimit,
  useVaryByOrigin,
  type SecuritySettings,
} from './security.js';

export interface PipelineParts {
  security: SecuritySettings;
  readiness: Readiness;
  metrics: Metrics;
  metricsAccess: MetricsAccess;
  logger: Logger;
  /** The plugins of persisted documents (trusted documents and automatic persisted queries). */
  persistedDocuments: Plugin[];
  /** The example dashboard's page settings, in sandbox mode. */
  dashboard: DashboardSettings | undefined;
  /** Whole-operation sharing between callers of one credential, when on. */
  sharedReads: ReadCollapser | undefined;
  /** Per-caller rate limits (RATE_LIMIT_*), when set. */
  rateLimits: RateLimits | undefined;
  /** The spans of operations, when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT). */
  tracing: GraphQLTracing | undefined;
}

/** The plugins, as createYoga takes them. */
export type Plugins = NonNullable<YogaServerOptions<Record<string, never>, Context>['plugins']>;

export function pipeline(parts: PipelineParts): Plugins {
  return [
    // Its span wraps each operation from its parse on, and it describes operations other plugins refuse too.
    ...(parts.tracing ? [parts.tracing.operations] : []),
    // Its answers are rewritten before the later plugins' response hooks add their headers to them.
    useCodedErrorAnswers(),
    // First of all: a request for a host name this gateway does not serve (DNS rebinding) gets nothing.
    useAllowedHosts(parts.security.allowedHosts),
    // Answers /healthz, /readyz and /metrics before anything else: no limit, CSRF rule or credential applies to them.
    useOperationalEndpoints({ readiness: parts.readiness, metrics: parts.metrics, access: parts.metricsAccess }),
    // Every answer, those above included, tells caches it depends on Origin.
    useVaryByOrigin(),
    // Static files of the example dashboard, likewise outside GraphQL.
    ...(parts.dashboard ? [useDashboard(parts.dashboard)] : []),
    // Before the body is read: a body over the cap is refused by its declared length.
    useRequestSizeLimit(parts.security.maxBodyBytes),
    // graphql-sse's single connection mode is refused with its reason, before CSRF prevention would refuse it blindly.
    useSseSingleConnectionRefusal(),
    // Before parsing: a request a browser could send cross-site without a preflight is refused unread.
    useCsrfPrevention(),
    // A subscription's stream in Apollo's multipart protocol, when that is what the client asks for.
    useApolloMultipartSubscriptions(),
    // Before anything walks the request's variables or extensions (trusted documents read extensions).
    useInputBounds(parts.security.limits.inputDepth),
    // Swaps a hash for its document before parsing (and refuses other documents, when only trusted ones run).
    ...parts.persistedDocuments,
    // Document limits run during validation, before any execution hook.
    ...documentLimits(parts.security),
    // First of the execution steps: every later one reads the operation from the context.
    useOperation(),
    // Before every step that asks for something to run when a subscription ends, and every step that may refuse a
    // subscription after one of those asked: whatever stops it, the end runs.
    useSubscriptionEnd(),
    // Next: sees every operation that reaches execution, refused ones included, with the codes its client received.
    useOperationLog({ logger: parts.logger, metrics: parts.metrics }),
    // Before anything may refuse the operation: its deadline's timer must end however it ends.
    useOperationDeadline(),
    // Refusals before any resolver runs, so that they cost no upstream call: who may call, then what they ask.
    useAuthorization(),
    useOperationChecks(),
    // Counts a subscription once it may run, over HTTP (SSE) and WebSocket alike, and lets go when it ends.
    useSubscriptionCaps(parts.security.subscriptions),
    // The last refusal: the caller is known, the operation allowed and costed, and a subscription's slot given back if
    // this refuses it; an operation any check above refused spends none of its caller's budget.
    ...(parts.rateLimits ? [useRateLimits(parts.rateLimits)] : []),
    // Compiles queries and mutations once per document; wraps the executor the steps above have let through.
    useGraphQlJit({}, { enableIf: (args) => compiledByJit((args.contextValue as Context).operation) }),
    // Subscriptions, which graphql-jit leaves alone, run on graphql-js' own subscribe.
    useGraphQlJsSubscribe(),
    // Last: it wraps the final executor, so each caller passes every check above on its own before joining a run.
    ...(parts.sharedReads ? [useSharedOperations(parts.sharedReads)] : []),
    // After every plugin that sets the executor: the execution span is current while the final one runs resolvers.
    ...(parts.tracing ? [parts.tracing.execution] : []),
  ];
}

/**
 * Queries and mutations run compiled once per document (graphql-jit). Subscriptions keep graphql-js: under
 * graphql-jit, later events over graphql-ws were lost.
 */
function compiledByJit(operation: OperationDefinitionNode | null): boolean {
  return operation?.operation === 'query' || operation?.operation === 'mutation';
}

/**
 * Subscriptions run on graphql-js' own subscribe rather than @graphql-tools/executor's (Yoga's default), which
 * wraps each stream in more iterators and holds ~3 KB more per live subscription (npm run bench:subscriptions).
 * Nothing the gateway serves needs what it adds: no @defer or @stream, and a subscription ends by its iterator's
 * return(), which both transports call when their client leaves.
 */
function useGraphQlJsSubscribe(): Plugin<Context> {
  return { onSubscribe: ({ setSubscribeFn }) => setSubscribeFn(subscribe) };
}

function readOperation(args: ExecutionArgs): void {
  (args.contextValue as Context).operation = getOperationAST(args.document, args.operationName) ?? null;
}

/** Reads the operation about to run from its document, once, for every later step. */
function useOperation(): Plugin<Context> {
  return {
    onExecute: ({ args }) => readOperation(args),
    onSubscribe: ({ args }) => readOperation(args),
  };
}

/**
 * Ends an operation's deadline once its result is in: the timer and the hold on the request go with it. A
 * subscription's context lives on and renews its deadline before each message; the last one ends with the
 * subscription.
 */
export function useOperationDeadline(): Plugin<Context> {
  const end = (context: Context) => context.deadline.end();
  return {
    onExecute: () => ({
      onExecuteDone({ args, result }) {
        if (!(Symbol.asyncIterator in result)) end(args.contextValue as Context);
      },
    }),
    onSubscribe: ({ args }) => onSubscriptionEnd(args.contextValue as Context, end),
  };
}

/** The hooks of useSubscriptionEnd: one object for every subscription, which holds nothing of any of them. */
const subscriptionEndHooks: OnSubscribeHookResult<Context> = {
  onSubscribeResult({ args, result, setResult }) {
    const context = args.contextValue as Context;
    if (isAsyncIterable(result)) setResult(new EndingStream(result, context));
    else endSubscription(context);
  },
};

/**
 * Runs what the steps asked for at a subscription's end (context.ts' onSubscriptionEnd), once, however it ends:
 * refused or failed before it streamed, completed, failed, or left by its client. One lean wrapper of the stream
 * does it for all of them: Envelop's onEnd and onSubscribeError hooks would each put one more iterator, with its
 * closures and promises, around every live subscription (~1 KB of its memory, npm run bench:subscriptions).
 */
export function useSubscriptionEnd(): Plugin<Context> {
  return { onSubscribe: () => subscriptionEndHooks };
}

/** A subscription's stream that ends its context's subscription when it completes, fails or is returned. */
class EndingStream<T> implements AsyncIterableIterator<T> {
  constructor(
    private readonly source: AsyncIterator<T>,
    private readonly context: Context,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<T>> {
    try {
      const next = await this.source.next();
      if (next.done) endSubscription(this.context);
      return next;
    } catch (error) {
      endSubscription(this.context);
      throw error;
    }
  }

  return(value?: unknown): Promise<IteratorResult<T>> {
    endSubscription(this.context);
    return this.source.return?.(value) ?? Promise.resolve({ done: true, value: undefined });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    endSubscription(this.context);
    return this.source.throw?.(error) ?? Promise.reject(error);
  }
}

/** Refuses an operation its caller may not run (auth/authorize.ts), before it runs. */
function useAuthorization(): Plugin<Context> {
  const check = (args: ExecutionArgs, stop: (result: { errors: GraphQLError[] }) => void) => {
    const context = args.contextValue as Context;
    const error = context.operation && refusal(context.caller, context.operation, args.document);
    if (error) stop({ errors: [operationRefusal(error)] });
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
  };
}

/**
 * Refuses bad variables and arguments, and operations that would cost too much (schema/operation-checks.ts); hands the
 * estimated cost of the others on in the context.
 */
function useOperationChecks(): Plugin<Context> {
  const check = (args: ExecutionArgs, stop: (result: { errors: GraphQLError[] }) => void) => {
    const context = args.contextValue as Context;
    const checked = context.operation && checkOperation(args, context.operation);
    if (!checked) return;
    if ('problem' in checked) stop({ errors: [operationRefusal(checked.problem)] });
    else context.estimatedCost = checked.cost;
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
  };
}

/**
 * Caps the subscriptions one caller, and the whole instance, may hold at once, whatever the transport: a caller (or
 * many callers with made-up keys) cannot take every poller and socket slot of the instance. Counted synchronously as
 * the subscription starts, so requests arriving together cannot all pass one check.
 */
function useSubscriptionCaps(limits: { perCaller: number; total: number }): Plugin<Context> {
  const perCaller = new Map<string, number>();
  let total = 0;
  const callerOf = (context: Context) => context.caller.principal.identity ?? 'anonymous';
  const release = (context: Context) => {
    const caller = callerOf(context);
    total -= 1;
    const held = (perCaller.get(caller) ?? 1) - 1;
    if (held > 0) perCaller.set(caller, held);
    else perCaller.delete(caller);
  };
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const context = args.contextValue as Context;
      const caller = callerOf(context);
      const held = perCaller.get(caller) ?? 0;
      const refusal =
        total >= limits.total
          ? `This instance serves at most ${limits.total} subscriptions at once; try again later.`
          : held >= limits.perCaller
            ? `At most ${limits.perCaller} subscriptions may run at once for one caller.`
            : null;
      if (refusal) {
        setResultAndStopExecution({ errors: [operationRefusal(new GatewayError('LIMIT_EXCEEDED', refusal))] });
        return;
      }
      total += 1;
      perCaller.set(caller, held + 1);
      onSubscriptionEnd(context, release);
    },
  };
}
