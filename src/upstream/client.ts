// Typed calls for the seven fine-tuning operations. The ONLY module that knows REST paths, query parameter names
// and status codes; it hands back domain shapes and throws GatewayError.
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span, type TextMapSetter, type Tracer } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import { Pool, type Dispatcher } from 'undici';
import { badUserInput, GatewayError } from '../errors.js';
import { API_PREFIX, ROUTES, isValidId, type RouteName } from '../finetuning/contract.js';
import type {
  FinetunedModel,
  FinetunedModelEvent,
  FinetunedModelWrite,
  Page,
  PageRequest,
  TrainingStepMetrics,
} from '../finetuning/model.js';
import type { Credential } from './credential.js';
import {
  eventFromWire,
  expectArray,
  expectObject,
  modelFromWire,
  stepMetricsFromWire,
  UnexpectedShapeError,
  writeToWire,
} from './convert.js';
import type { Deadline } from './deadline.js';
import { errorFromStatus, malformedResponse, unsendable, upstreamTimeout, upstreamUnreachable } from './errors.js';
import { UpstreamResilience, type ResilienceObserver, type ResilienceOptions } from './resilience.js';

export interface UpstreamClientOptions {
  /** e.g. https://api.cohere.com, or a Cohere-compatible deployment with a path prefix. */
  baseUrl: string;
  /** Sent as X-Client-Name on every call. */
  clientName: string;
  /** Per-call timeout, for each of: connecting, waiting for headers, and any pause while reading the body. */
  timeoutMs: number;
  /** Keep-alive connections held open to the upstream. */
  connections?: number;
  /** Retries, breaker and concurrency cap; see resilience.ts. */
  resilience: ResilienceOptions;
  /** Largest upstream answer read; a larger one is an upstream fault (UPSTREAM_ERROR). */
  maxBodyBytes: number;
  /** Sharing of identical reads across operations of one credential (src/sharing); none when left out. */
  reads?: ReadSharing;
  observer?: UpstreamObserver;
  /**
   * Spans of calls and attempts, and the trace context sent upstream (when the app traces). Left out, no span is
   * started, not even OpenTelemetry's no-op one: a call then spends nothing on tracing.
   */
  traced?: boolean;
}

/** Hooks for metrics and logs: every attempt, retry and breaker change. */
export interface UpstreamObserver extends ResilienceObserver {
  onAttempt?(attempt: { route: RouteName; method: string; status: number | 'error'; durationMs: number }): void;
}

/**
 * Identical reads of one credential shared across operations. The client asks it for every GET and tells it of
 * every write; what it shares, and for how long, is its own business.
 */
export interface ReadSharing {
  /** The answer to `request` for the credential `tenant`: joined, kept or loaded with `load` (which runs under `signal`). */
  read<T>(tenant: string, request: string, signal: AbortSignal, load: () => Promise<T>): Promise<T>;
  /** The credential wrote: nothing read before is served again. */
  invalidate(tenant: string): void;
}

/** What one operation did upstream: what its log line reports. */
export interface UpstreamUsage {
  /** Attempts, retries included. */
  calls: number;
  /** An answer of the upstream accepted the credential (a 2xx): in pass-through mode, the proof the key is real. */
  accepted?: boolean;
}

/**
 * Calls that may be made again after an upstream fault. A create is never repeated (it could create twice); a PATCH
 * carries the whole model, so repeating it is harmless; a DELETE that did happen would answer "not found" the second
 * time, so it is not repeated either.
 */
const REPEATABLE: Record<'GET' | 'POST' | 'PATCH' | 'DELETE', boolean> = { GET: true, PATCH: true, DELETE: false, POST: false };

/** The seven operations, bound to one caller's credential. */
export interface FinetuningApi {
  listModels(page: PageRequest): Promise<Page<FinetunedModel>>;
  getModel(id: string): Promise<FinetunedModel>;
  createModel(model: FinetunedModelWrite): Promise<FinetunedModel>;
  updateModel(id: string, model: FinetunedModelWrite): Promise<FinetunedModel>;
  deleteModel(id: string): Promise<void>;
  listEvents(modelId: string, page: PageRequest): Promise<Page<FinetunedModelEvent>>;
  listStepMetrics(modelId: string, page: PageRequest): Promise<Page<TrainingStepMetrics>>;
}

interface CallSpec<T> {
  route: RouteName;
  /** The model the route is about, validated and encoded; '' on the collection routes. */
  id: string;
  query?: URLSearchParams;
  body?: unknown;
  /** Checks and converts a 2xx answer's JSON; an unexpected shape is an upstream fault, like an unreadable body. */
  convert(json: unknown): T;
}

export class UpstreamClient {
  private readonly pool: Pool;
  private readonly origin: string;
  private readonly basePath: string;
  /** Where the upstream is, as every attempt's span says it. */
  private readonly server: { address: string; port: number };
  readonly resilience: UpstreamResilience;
  private readonly reads: ReadSharing | undefined;
  private readonly tracer: Tracer | undefined;

  constructor(private readonly options: UpstreamClientOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`the Cohere base URL must be http(s), got ${url.protocol}`);
    }
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.server = { address: url.hostname, port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) };
    this.pool = new Pool(this.origin, {
      connections: options.connections ?? 64,
      keepAliveTimeout: 30_000,
      pipelining: 1,
      // undici's own timeouts and size cap, set once for every exchange rather than on each request.
      connectTimeout: options.timeoutMs,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      maxResponseSize: options.maxBodyBytes,
    });
    this.resilience = new UpstreamResilience(options.resilience, options.observer);
    this.reads = options.reads;
    // Through @opentelemetry/api: the provider registered for the process, whenever it is registered.
    this.tracer = options.traced ? trace.getTracer(TRACER) : undefined;
  }

  /**
   * The seven operations with this credential, under one deadline (an operation's: its end aborts upstream work);
   * every attempt is counted in `usage`.
   */
  forKey(credential: Credential, deadline: Deadline, usage: UpstreamUsage = { calls: 0 }): FinetuningApi {
    return new KeyedApi(this, credential, deadline, usage);
  }

  /**
   * One call with `credential` under `deadline` (for the objects `forKey` hands out). A GET joins this credential's
   * identical read in flight, if any; writes are never shared, and once one settles none of this credential's
   * earlier reads answers a later one.
   */
  call<T>(credential: Credential, deadline: Deadline, usage: UpstreamUsage, spec: CallSpec<T>): Promise<T> {
    const { reads } = this;
    // What is shared is the converted answer: one that failed its checks is never kept or handed to anyone else.
    const send = () => this.send(credential, deadline, usage, spec);
    if (!reads) return send();
    if (ROUTES[spec.route].method !== 'GET') return send().finally(() => reads.invalidate(credential.hash));
    return reads.read(credential.hash, `${spec.route} ${spec.id} ${spec.query?.toString() ?? ''}`, deadline.signal, send);
  }

  /** The call and its retries, under `deadline`: a read shared with other operations runs under its starter's. */
  private send<T>(credential: Credential, deadline: Deadline, usage: UpstreamUsage, spec: CallSpec<T>): Promise<T> {
    const { signal } = deadline;
    const { method } = ROUTES[spec.route];
    // The call's span covers its attempts and what passes between them (a queue, back-off, a breaker that is open).
    const span = this.tracer?.startSpan(`upstream ${spec.route}`);
    if (span?.isRecording()) span.setAttributes({ [ROUTE]: spec.route, [ATTR_HTTP_REQUEST_METHOD]: method });
    let attempts = 0;
    const run = () =>
      this.resilience.run(spec.route, REPEATABLE[method], deadline, () => {
        usage.calls += 1;
        attempts += 1;
        return this.attempt(credential.apiKey, spec, signal, usage, attempts);
      });
    return (span ? context.with(trace.setSpan(context.active(), span), run) : run()).then(
      (value) => {
        if (span) endSpan(span, { [ATTEMPTS]: attempts });
        return value;
      },
      (error: unknown) => {
        if (span) endSpan(span, { [ATTEMPTS]: attempts }, errorType(error));
        // The caller gave up (its deadline, or its client went away) while an exchange was under way: undici threw
        // the signal's reason, which is no upstream fault (never retried nor counted by the breaker) but is the
        // caller's timeout.
        throw signal.aborted && !(error instanceof GatewayError) ? upstreamTimeout(signal.reason) : error;
      },
    );
  }

  /** Whether the upstream answers HTTP at all (any status below 500, a 401 included): for readiness. */
  async probe(timeoutMs = 2_000): Promise<boolean> {
    try {
      const response = await this.pool.request({
        method: 'GET',
        path: `${this.basePath}${API_PREFIX}`,
        headers: { 'x-client-name': this.options.clientName },
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body.dump();
      return response.statusCode < 500;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /**
   * One HTTP exchange. Its timeouts are undici's own (connect, headers, body): no timer or signal of ours per call,
   * and the operation's deadline (`callerSignal`) bounds the whole.
   */
  private async attempt<T>(apiKey: string, spec: CallSpec<T>, callerSignal: AbortSignal, usage: UpstreamUsage, attempt: number): Promise<T> {
    const { method, below } = ROUTES[spec.route];
    const path = `${this.basePath}${API_PREFIX}${below === null ? '' : `/${spec.id}${below && `/${below}`}`}`;
    // Last line of defence behind id validation: the URL must resolve to exactly the path we built.
    if (new URL(path, this.origin).pathname !== path) throw badUserInput('The request path is not valid.');
    const query = spec.query?.toString();
    const { maxBodyBytes } = this.options;
    const started = performance.now();
    const span = this.tracer?.startSpan(`${method} ${spec.route}`, { kind: SpanKind.CLIENT });
    if (span?.isRecording()) {
      span.setAttributes({
        [ATTR_HTTP_REQUEST_METHOD]: method,
        [ROUTE]: spec.route,
        [ATTEMPT]: attempt,
        // The path names the model; the query (page tokens) is left out.
        [ATTR_URL_PATH]: path,
        [ATTR_SERVER_ADDRESS]: this.server.address,
        [ATTR_SERVER_PORT]: this.server.port,
        ...(attempt > 1 ? { [ATTR_HTTP_REQUEST_RESEND_COUNT]: attempt - 1 } : {}),
      });
    }
    // The exchange is over once its status is known and its body read (or it failed): what follows is the call's.
    const observe = (status: number | 'error', error?: unknown) => {
      this.options.observer?.onAttempt?.({ route: spec.route, method, status, durationMs: performance.now() - started });
      if (!span) return;
      if (status === 'error') endSpan(span, {}, errorType(error));
      else endSpan(span, { [ATTR_HTTP_RESPONSE_STATUS_CODE]: status }, status >= 400 ? String(status) : undefined);
    };
    const headers: Record<string, string> = {
      authorization: `Bearer ${apiKey}`,
      accept: 'application/json',
      'x-client-name': this.options.clientName,
    };
    // This attempt's span is the upstream's parent (traceparent, tracestate); nothing else of the context goes.
    if (span) propagation.inject(trace.setSpan(context.active(), span), headers, traceContextOnly);
    if (spec.body !== undefined) headers['content-type'] = 'application/json';

    let status: number;
    let retryAfter: string | null;
    let json: unknown;
    let isJson: boolean;
    try {
      const response = await this.pool.request({
        method,
        path: query ? `${path}?${query}` : path,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: callerSignal,
      });
      status = response.statusCode;
      retryAfter = headerOf(response.headers, 'retry-after');
      isJson = JSON_TYPE.test(headerOf(response.headers, 'content-type') ?? '');
      json = parseJson(await readBody(response, maxBodyBytes));
    } catch (error) {
      observe('error', error);
      if (error instanceof GatewayError) throw error;
      if (isTooLarge(error)) throw tooLarge(maxBodyBytes);
      if (isTimeout(error)) throw upstreamTimeout(error);
      if (callerSignal.aborted) throw error;
      if (isRefusedBeforeSending(error)) throw unsendable(error);
      throw upstreamUnreachable(error);
    }
    observe(status);
    if (status >= 200 && status < 300) usage.accepted = true;

    if (status < 200 || status >= 300) {
      const message = isJson && typeof json === 'object' && json !== null ? (json as { message?: unknown }).message : undefined;
      throw errorFromStatus(status, retryAfter, typeof message === 'string' ? message : undefined);
    }
    if (!isJson) throw malformedResponse(new Error(`${spec.route} answered ${headerOf(headers, 'content-type') ?? 'no content type'}`));
    if (json === undefined) throw malformedResponse(new Error(`unparseable body from ${spec.route}`));
    try {
      return spec.convert(json);
    } catch (error) {
      if (error instanceof UnexpectedShapeError) throw malformedResponse(error);
      throw error;
    }
  }
}

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\s*(;|$)/i;

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

const tooLarge = (maxBytes: number) => malformedResponse(new Error(`the upstream's answer is larger than ${maxBytes} bytes`));
/** undici's own cap on what it reads of an answer (the pool's maxResponseSize) was passed. */
const isTooLarge = (error: unknown) => (error as { code?: unknown } | null)?.code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE';

/** The body as text. One that declares more than `maxBytes` is refused unread; undici stops one that sends more. */
async function readBody(response: Dispatcher.ResponseData, maxBytes: number): Promise<string> {
  const declared = Number(headerOf(response.headers, 'content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    response.body.destroy();
    throw tooLarge(maxBytes);
  }
  return response.body.text();
}

/** undici refused to build the request (e.g. a header value with characters HTTP does not allow): nothing was sent. */
function isRefusedBeforeSending(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN';
}

/** What `forKey` hands out: the seven operations as calls of the client's, with one credential and deadline. */
class KeyedApi implements FinetuningApi {
  constructor(
    private readonly client: UpstreamClient,
    private readonly credential: Credential,
    private readonly deadline: Deadline,
    private readonly usage: UpstreamUsage,
  ) {}

  private call<T>(spec: CallSpec<T>): Promise<T> {
    return this.client.call(this.credential, this.deadline, this.usage, spec);
  }

  async listModels(page: PageRequest): Promise<Page<FinetunedModel>> {
    return this.call({ route: 'listModels', id: '', query: pageQuery(page), convert: pageOf('finetuned_models', modelFromWire, true) });
  }

  async getModel(id: string): Promise<FinetunedModel> {
    return this.call({ route: 'getModel', id: pathId(id), convert: modelFromResponse });
  }

  async createModel(model: FinetunedModelWrite): Promise<FinetunedModel> {
    return this.call({ route: 'createModel', id: '', body: writeToWire(model), convert: modelFromResponse });
  }

  async updateModel(id: string, model: FinetunedModelWrite): Promise<FinetunedModel> {
    return this.call({ route: 'updateModel', id: pathId(id), body: writeToWire(model), convert: modelFromResponse });
  }

  async deleteModel(id: string): Promise<void> {
    await this.call({ route: 'deleteModel', id: pathId(id), convert: (json) => void expectObject(json, 'delete response') });
  }

  async listEvents(modelId: string, page: PageRequest): Promise<Page<FinetunedModelEvent>> {
    return this.call({ route: 'listEvents', id: pathId(modelId), query: pageQuery(page), convert: pageOf('events', eventFromWire, true) });
  }

  async listStepMetrics(modelId: string, page: PageRequest): Promise<Page<TrainingStepMetrics>> {
    const query = pageQuery({ ...page, order: undefined });
    return this.call({ route: 'listStepMetrics', id: pathId(modelId), query, convert: pageOf('step_metrics', stepMetricsFromWire, false) });
  }
}

// Tracing (docs/operations.md#tracing): through @opentelemetry/api, a no-op unless the app registered the SDK.
const TRACER = 'finetuning-graphql-gateway/upstream';
const ROUTE = 'finetuning.upstream.route';
const ATTEMPT = 'finetuning.upstream.attempt';
const ATTEMPTS = 'finetuning.upstream.attempts';

/** Only the W3C trace context goes upstream: the caller's baggage is none of the upstream's business. */
const traceContextOnly: TextMapSetter<Record<string, string>> = {
  set(headers, key, value) {
    if (key === 'traceparent' || key === 'tracestate') headers[key] = value;
  },
};

/** A gateway error's code, a transport error's (e.g. UND_ERR_HEADERS_TIMEOUT), or its name: never a message. */
function errorType(error: unknown): string {
  if (error instanceof GatewayError) return error.code;
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return typeof code === 'string' ? code : typeof name === 'string' ? name : 'unknown';
}

function endSpan(span: Span, attributes: Record<string, number>, error?: string): void {
  if (span.isRecording()) span.setAttributes(attributes);
  if (error !== undefined) {
    span.setAttribute(ATTR_ERROR_TYPE, error);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const isTimeout = (error: unknown) => TIMEOUT_CODES.has((error as { code?: unknown } | null)?.code as string);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function pathId(id: string): string {
  if (!isValidId(id)) throw badUserInput('The id is not a valid fine-tuned model id.');
  return encodeURIComponent(id);
}

function pageQuery(page: PageRequest): URLSearchParams {
  const query = new URLSearchParams();
  query.set('page_size', String(page.pageSize));
  if (page.pageToken) query.set('page_token', page.pageToken);
  if (page.order) query.set('order_by', page.order === 'DESC' ? 'created_at desc' : 'created_at');
  return query;
}

function modelFromResponse(json: unknown): FinetunedModel {
  return modelFromWire(expectObject(json, 'response').finetuned_model);
}

/** `withTotal`: the list reports `total_size` (models, events), which proto3 leaves out when it is 0. */
function pageOf<T>(field: string, convert: (item: unknown) => T, withTotal: boolean) {
  return (json: unknown): Page<T> => {
    const body = expectObject(json, 'response');
    const next = body.next_page_token;
    const total = body.total_size ?? 0;
    if (withTotal && typeof total !== 'number') throw new UnexpectedShapeError('total_size is not a number');
    if (next !== undefined && typeof next !== 'string') throw new UnexpectedShapeError('next_page_token is not a string');
    return {
      items: expectArray(body[field], field).map(convert),
      nextPageToken: typeof next === 'string' && next !== '' ? next : null,
      totalSize: withTotal ? (total as number) : null,
    };
  };
}
