// The spans of GraphQL operations, when tracing is on (tracing.ts). Each operation gets a server span, a child of the
// caller's W3C trace context, with its parse and validate phases beside the execution, and each resolver that calls
// the upstream a span of its own, around the upstream calls it makes:
//
//   caller's span
//   └─ graphql.operation
//      ├─ graphql.parse, graphql.validate
//      └─ query.Name → Query.finetunedModel → upstream getModel → GET getModel, one per attempt (src/upstream)
//
// The execution span is @envelop/opentelemetry's. The rest is written here, because that plugin has nothing that
// fits: it makes no parse or validate span, parents its spans on whatever context is active rather than on the
// request's, and its resolver spans record every argument (variable values included) and are not made current, so
// the upstream calls would not nest in them.
//
// Over HTTP (and SSE) the trace context comes from the request's headers. Over graphql-ws, where a browser cannot
// set headers, from the socket's connection params (`traceparent`, `tracestate`, `baggage`, as strings), else from
// the upgrade request's headers: every operation of a socket continues the same trace.
import type { IncomingHttpHeaders } from 'node:http';
import { useOpenTelemetry } from '@envelop/opentelemetry';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  context as otel,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context as TraceContext,
  type Span,
  type TextMapGetter,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import type { ExecutionResult, GraphQLFieldConfig, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { clientCodeOf, GatewayError } from '../errors.js';

/** The instrumentation scope of these spans. */
const SCOPE = 'finetuning-graphql-gateway/graphql';

export interface GraphQLTracing {
  /** First in the pipeline: the operation's span, parented on the caller's, and its parse and validate spans. */
  operations: Plugin<Context>;
  /** After every plugin that sets the executor: the execution span, current while the resolvers run. */
  execution: Plugin<Context>;
  /** `schema` with a span around each resolver that calls the upstream. */
  traceResolvers(schema: GraphQLSchema): GraphQLSchema;
}

export function graphqlTracing(provider: TracerProvider): GraphQLTracing {
  const tracer = provider.getTracer(SCOPE);
  return {
    operations: useOperationSpans(tracer),
    // Never variables, results, nor the document (its text may hold literal values, comments too); resolver spans
    // are ours (above). Internal: the operation's span is the server span.
    execution: useOpenTelemetry(
      { variables: false, result: false, document: false, resolvers: false },
      provider,
      SpanKind.INTERNAL,
      {},
      SCOPE,
    ) as Plugin<Context>,
    traceResolvers: (schema) => traceResolvers(schema, tracer),
  };
}

type MaybePromise<T> = T | Promise<T>;

interface Operation {
  span: Span;
  /** The trace context its phases and execution run in. */
  within: TraceContext;
  /**
   * Over graphql-ws, where no request wraps the operation, its span ends with its execution, or when it fails to parse
   * or validate (one whose context cannot be built is never exported).
   */
  endsWithExecution: boolean;
}

/** What a graphql-ws operation starts from: graphql-ws' context, with the socket's connection params and upgrade request. */
interface SocketCarrier {
  connectionParams?: Record<string, unknown>;
  req?: { headers: IncomingHttpHeaders };
}

const headersGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

const socketGetter: TextMapGetter<SocketCarrier> = {
  keys: (carrier) => [...Object.keys(carrier.connectionParams ?? {}), ...Object.keys(carrier.req?.headers ?? {})],
  get(carrier, key) {
    const param = carrier.connectionParams?.[key];
    return typeof param === 'string' ? param : carrier.req?.headers[key];
  },
};

function fail(span: Span, codes: string[]): void {
  span.setAttribute('graphql.error.codes', codes);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

const isPromiseLike = <T>(value: MaybePromise<T>): value is Promise<T> => typeof (value as { then?: unknown } | null)?.then === 'function';

/** Runs `run`, then `done` once it has settled, however it settles. */
function settle<T>(run: () => MaybePromise<T>, done: (error?: unknown) => void): MaybePromise<T> {
  let result: MaybePromise<T>;
  try {
    result = run();
  } catch (error) {
    done(error);
    throw error;
  }
  if (!isPromiseLike(result)) {
    done();
    return result;
  }
  return Promise.resolve(result).then(
    (value) => {
      done();
      return value;
    },
    (error: unknown) => {
      done(error);
      throw error;
    },
  );
}

function useOperationSpans(tracer: Tracer): Plugin<Context> {
  // By the operation's GraphQL context: Envelop hands every phase of one operation the same object.
  const operations = new WeakMap<object, Operation>();
  const begin = (key: object, parent: TraceContext, endsWithExecution: boolean): Operation => {
    const span = tracer.startSpan('graphql.operation', { kind: SpanKind.SERVER }, parent);
    const operation = { span, within: trace.setSpan(parent, span), endsWithExecution };
    operations.set(key, operation);
    return operation;
  };
  /** A phase's span, a child of its operation's. */
  const phase = <T>(name: string, key: object, run: () => T): T => {
    const parent = operations.get(key)?.within ?? otel.active();
    const span = tracer.startSpan(name, {}, parent);
    try {
      return otel.with(trace.setSpan(parent, span), run);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  };
  /** The operation could not run: over graphql-ws, nothing else will end its span. */
  const refused = (key: object, code: string) => {
    const operation = operations.get(key);
    if (!operation) return;
    fail(operation.span, [code]);
    if (operation.endsWithExecution) operation.span.end();
  };
  const execution = (key: object, run: () => MaybePromise<void>) => {
    const operation = operations.get(key);
    if (!operation?.endsWithExecution) return run();
    return otel.with(operation.within, () => settle(run, () => operation.span.end()));
  };
  const describe = (args: { contextValue: unknown }, result: ExecutionResult | AsyncIterable<unknown>) => {
    const { span } = operations.get(args.contextValue as object) ?? {};
    if (!span) return;
    const { operation } = args.contextValue as Context;
    if (operation) span.setAttribute('graphql.operation.type', operation.operation);
    if (operation?.name) span.setAttribute('graphql.operation.name', operation.name.value);
    // Codes only: a message could carry what the caller sent.
    if (!(Symbol.asyncIterator in result) && result.errors?.length) fail(span, result.errors.map(clientCodeOf));
  };

  return {
    instrumentation: {
      // HTTP and SSE: around each operation of a request, a child of the trace context its headers carry.
      operation({ context: key, request }, wrapped) {
        const operation = begin(key, propagation.extract(otel.active(), request.headers, headersGetter), false);
        return otel.with(operation.within, () =>
          settle(wrapped, (error) => {
            if (error !== undefined) operation.span.setStatus({ code: SpanStatusCode.ERROR });
            operation.span.end();
          }),
        );
      },
      // graphql-ws: no request wraps its operations, each starts when Envelop is asked for it.
      init({ context: key }, wrapped) {
        if (!operations.has(key) && 'connectionParams' in key) {
          begin(key, propagation.extract(otel.active(), key as SocketCarrier, socketGetter), true);
        }
        wrapped();
      },
      parse({ context: key }, wrapped) {
        try {
          phase('graphql.parse', key, wrapped);
        } catch (error) {
          refused(key, 'GRAPHQL_PARSE_FAILED');
          throw error;
        }
      },
      validate: ({ context: key }, wrapped) => phase('graphql.validate', key, wrapped),
      execute: ({ context: key }, wrapped) => execution(key, wrapped),
      subscribe: ({ context: key }, wrapped) => execution(key, wrapped),
    },
    onValidate: ({ context: key }) => ({ valid }) => {
      if (valid) return;
      // Still within the validate span.
      trace.getActiveSpan()?.setStatus({ code: SpanStatusCode.ERROR });
      refused(key, 'GRAPHQL_VALIDATION_FAILED');
    },
    // First in the pipeline, so that an operation another plugin refuses is described too.
    onExecute: ({ args }) => ({ onExecuteDone: ({ result }) => describe(args, result) }),
    onSubscribe: ({ args }) => ({ onSubscribeResult: ({ result }) => describe(args, result) }),
  };
}

/**
 * Fields that call the upstream are those with a cost: every other field is free (schema/builder.ts). Subscription
 * fields are left out: their upstream calls are their poller's, traced as its polls (src/subscriptions).
 */
function callsUpstream(field: GraphQLFieldConfig<unknown, unknown>): boolean {
  const cost = field.extensions?.complexity;
  if (typeof cost === 'function') return true;
  if (typeof cost === 'number') return cost > 0;
  return typeof cost === 'object' && cost !== null && ((cost as { field?: number }).field ?? 0) > 0;
}

/** The field's place in the result (`finetunedModels.edges.0.node.events`): aliases and indexes, never a value. */
function pathOf(info: GraphQLResolveInfo): string {
  const keys: (string | number)[] = [];
  for (let at: GraphQLResolveInfo['path'] | undefined = info.path; at; at = at.prev) keys.push(at.key);
  return keys.reverse().join('.');
}

function traceResolvers(schema: GraphQLSchema, tracer: Tracer): GraphQLSchema {
  const subscription = schema.getSubscriptionType()?.name;
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const { resolve } = field;
      if (!resolve || typeName === subscription || !callsUpstream(field)) return field;
      const name = `${typeName}.${fieldName}`;
      const traced: typeof resolve = (source, args, context, info) => {
        const span = tracer.startSpan(name);
        if (span.isRecording()) span.setAttributes({ 'graphql.field.name': fieldName, 'graphql.field.path': pathOf(info) });
        return otel.with(trace.setSpan(otel.active(), span), () =>
          settle(
            () => resolve(source, args, context, info),
            (error) => {
              if (error !== undefined) {
                span.setAttribute('error.type', error instanceof GatewayError ? error.code : 'unexpected');
                span.setStatus({ code: SpanStatusCode.ERROR });
              }
              span.end();
            },
          ),
        );
      };
      return { ...field, resolve: traced };
    },
  });
}
