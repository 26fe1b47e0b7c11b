// Typed calls for the seven fine-tuning operations. The ONLY module that knows REST paths, query parameter
// names and status codes; it hands back domain shapes and throws GatewayError.
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import type { Credential } from '../auth/authenticate.js';
import { badUserInput } from '../errors.js';
import { ReadCollapser, type ReadCollapseOptions } from '../sharing/collapse.js';
import { API_PREFIX, isValidId } from '../finetuning/contract.js';
import {
  eventFromWire,
  expectArray,
  expectObject,
  modelFromWire,
  stepMetricsFromWire,
  UnexpectedShapeError,
  writeToWire,
} from './convert.js';
import type {
  FinetunedModel,
  FinetunedModelEvent,
  FinetunedModelWrite,
  Page,
  PageRequest,
  TrainingStepMetrics,
} from '../finetuning/model.js';
import { errorFromStatus, malformedResponse, upstreamTimeout, upstreamUnreachable } from './errors.js';
import {
  UpstreamResilience,
  type Deadline,
  type ResilienceObserver,
  type ResilienceOptions,
  type RetryClass,
} from './resilience.js';

export type UpstreamRoute =
  | 'listModels'
  | 'createModel'
  | 'getModel'
  | 'updateModel'
  | 'deleteModel'
  | 'listEvents'
  | 'listStepMetrics';

export interface CohereClientOptions {
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
  /** Deadline of a call made outside any operation (e.g. by a poller without its own). */
  defaultDeadlineMs: number;
  /** Sharing of identical concurrent reads of one key (and an optional micro-cache); none when left out. */
  reads?: ReadCollapseOptions;
  observer?: UpstreamObserver;
}

/** Hooks for metrics and logs: every attempt, retry and breaker change. */
export interface UpstreamObserver extends ResilienceObserver {
  onAttempt?(attempt: { route: UpstreamRoute; method: string; status: number | 'error'; durationMs: number }): void;
}

/** Creates are never repeated; a PATCH carries the whole model, so repeating it is harmless; a repeated
 * DELETE could turn success into "not found", so it is repeated only after a 429 (nothing was done). */
const RETRY_CLASS: Record<Dispatcher.HttpMethod & ('GET' | 'POST' | 'PATCH' | 'DELETE'), RetryClass> = {
  GET: 'safe',
  PATCH: 'safe',
  DELETE: 'after-rejection-only',
  POST: 'never',
};

/** The seven operations, bound to one caller's credential. */
export interface CohereApi {
  listModels(page: PageRequest): Promise<Page<FinetunedModel>>;
  getModel(id: string): Promise<FinetunedModel>;
  createModel(model: FinetunedModelWrite): Promise<FinetunedModel>;
  updateModel(id: string, model: FinetunedModelWrite): Promise<FinetunedModel>;
  deleteModel(id: string): Promise<void>;
  listEvents(modelId: string, page: PageRequest): Promise<Page<FinetunedModelEvent>>;
  listStepMetrics(modelId: string, page: PageRequest): Promise<Page<TrainingStepMetrics>>;
}

interface CallSpec {
  route: UpstreamRoute;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below API_PREFIX: '' or '/<segment>…', built from validated, encoded segments only. */
  subpath: string;
  query?: URLSearchParams;
  body?: unknown;
}

export class CohereClient {
  private readonly pool: Pool;
  private readonly origin: string;
  private readonly basePath: string;
  readonly resilience: UpstreamResilience;
  /** Reads shared across operations of one credential (none when both collapsing and the micro-cache are off). */
  readonly reads: ReadCollapser | undefined;

  constructor(private readonly options: CohereClientOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`the Cohere base URL must be http(s), got ${url.protocol}`);
    }
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(this.origin, {
      connections: options.connections ?? 64,
      keepAliveTimeout: 30_000,
      pipelining: 1,
      connectTimeout: options.timeoutMs,
    });
    this.resilience = new UpstreamResilience(options.resilience, options.observer);
    const { reads } = options;
    this.reads = reads && (reads.collapse || reads.microcacheMs > 0) ? new ReadCollapser(reads) : undefined;
  }

  /**
   * A deadline: its signal aborts after `ms` or with `signal` (the client gone, a watcher stopped). `end()` it when
   * the work is over; one never ended lets go of everything after `ms` and holds no process open meanwhile.
   */
  deadline(ms = this.options.defaultDeadlineMs, signal?: AbortSignal): Deadline {
    return { ...deadlineSignal(signal, ms), at: Date.now() + ms, calls: 0 };
  }

  /**
   * The deadline of work shared by several operations: it ends with `signal` alone, which aborts once every
   * operation waiting for the work has given up (each at its own deadline, or when its client went away), so it
   * needs no timer of its own. `ms` only tells retries how long they may take.
   */
  sharedDeadline(signal: AbortSignal, ms = this.options.defaultDeadlineMs): Deadline {
    return { signal, at: Date.now() + ms, calls: 0, end: nothingToEnd };
  }

  /** The seven operations with this credential, under one deadline (an operation's: its end aborts upstream work). */
  forKey(credential: Credential, deadline: Deadline = this.deadline()): CohereApi {
    return new KeyedApi(this, credential, deadline);
  }

  /**
   * One call with `credential` under `deadline` (for the objects `forKey` hands out). A GET joins this credential's
   * identical read in flight, if any; writes are never shared, and once one settles none of this credential's
   * earlier reads answers a later one.
   */
  call(credential: Credential, deadline: Deadline, spec: CallSpec): Promise<unknown> {
    const { reads } = this;
    if (!reads) return this.send(credential, deadline, spec, deadline.signal);
    if (spec.method !== 'GET') {
      return this.send(credential, deadline, spec, deadline.signal).finally(() => reads.invalidate(credential.hash));
    }
    const request = `GET ${spec.subpath}?${spec.query?.toString() ?? ''}`;
    return reads.read(credential.hash, request, deadline.signal, (signal) => this.send(credential, deadline, spec, signal));
  }

  /** `signal`: the operation's own, or that of a read shared with other operations of the same credential. */
  private send(credential: Credential, deadline: Deadline, spec: CallSpec, signal: AbortSignal): Promise<unknown> {
    const bound = signal === deadline.signal ? deadline : { ...deadline, signal };
    return this.resilience.run(spec.route, RETRY_CLASS[spec.method], bound, () => {
      deadline.calls += 1;
      return this.attempt(credential.apiKey, spec, signal);
    });
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
  private async attempt(apiKey: string, spec: CallSpec, callerSignal: AbortSignal): Promise<unknown> {
    const path = `${this.basePath}${API_PREFIX}${spec.subpath}`;
    // Last line of defence behind id validation: the URL must resolve to exactly the path we built.
    if (new URL(path, this.origin).pathname !== path) throw badUserInput('The request path is not valid.');
    const query = spec.query?.toString();
    const { timeoutMs } = this.options;
    const started = performance.now();
    const observe = (status: number | 'error') =>
      this.options.observer?.onAttempt?.({ route: spec.route, method: spec.method, status, durationMs: performance.now() - started });
    const headers: Record<string, string> = {
      authorization: `Bearer ${apiKey}`,
      accept: 'application/json',
      'x-client-name': this.options.clientName,
    };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';

    let status: number;
    let retryAfter: string | null;
    let text: string;
    try {
      const response = await this.pool.request({
        method: spec.method,
        path: query ? `${path}?${query}` : path,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: callerSignal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = response.statusCode;
      const header = response.headers['retry-after'];
      retryAfter = Array.isArray(header) ? (header[0] ?? null) : (header ?? null);
      text = await response.body.text();
    } catch (error) {
      observe('error');
      if (isTimeout(error)) throw upstreamTimeout(error);
      if (callerSignal.aborted) throw error;
      throw upstreamUnreachable(error);
    }
    observe(status);

    const json = parseJson(text);
    if (status < 200 || status >= 300) {
      const message = typeof json === 'object' && json !== null ? (json as { message?: unknown }).message : undefined;
      throw errorFromStatus(status, retryAfter, typeof message === 'string' ? message : undefined);
    }
    if (json === undefined) throw malformedResponse(new Error(`unparseable body from ${spec.route}`));
    return json;
  }
}

/** What `forKey` hands out: the seven operations as calls of the client's, with one credential and deadline. */
class KeyedApi implements CohereApi {
  constructor(
    private readonly client: CohereClient,
    private readonly credential: Credential,
    private readonly deadline: Deadline,
  ) {}

  private call(spec: CallSpec): Promise<unknown> {
    return this.client.call(this.credential, this.deadline, spec);
  }

  async listModels(page: PageRequest): Promise<Page<FinetunedModel>> {
    const json = await this.call({ route: 'listModels', method: 'GET', subpath: '', query: pageQuery(page) });
    return toPage(json, 'finetuned_models', modelFromWire, true);
  }

  async getModel(id: string): Promise<FinetunedModel> {
    return modelFromResponse(await this.call({ route: 'getModel', method: 'GET', subpath: modelPath(id) }));
  }

  async createModel(model: FinetunedModelWrite): Promise<FinetunedModel> {
    return modelFromResponse(await this.call({ route: 'createModel', method: 'POST', subpath: '', body: writeToWire(model) }));
  }

  async updateModel(id: string, model: FinetunedModelWrite): Promise<FinetunedModel> {
    const spec: CallSpec = { route: 'updateModel', method: 'PATCH', subpath: modelPath(id), body: writeToWire(model) };
    return modelFromResponse(await this.call(spec));
  }

  async deleteModel(id: string): Promise<void> {
    const json = await this.call({ route: 'deleteModel', method: 'DELETE', subpath: modelPath(id) });
    guardShape(() => expectObject(json, 'delete response'));
  }

  async listEvents(modelId: string, page: PageRequest): Promise<Page<FinetunedModelEvent>> {
    const subpath = `${modelPath(modelId)}/events`;
    const json = await this.call({ route: 'listEvents', method: 'GET', subpath, query: pageQuery(page) });
    return toPage(json, 'events', eventFromWire, true);
  }

  async listStepMetrics(modelId: string, page: PageRequest): Promise<Page<TrainingStepMetrics>> {
    const subpath = `${modelPath(modelId)}/training-step-metrics`;
    const json = await this.call({ route: 'listStepMetrics', method: 'GET', subpath, query: pageQuery({ ...page, order: undefined }) });
    return toPage(json, 'step_metrics', stepMetricsFromWire, false);
  }
}

const nothingToEnd = () => undefined;

// Made once: a DOMException built per abort costs a stack trace each time.
const DEADLINE_EXCEEDED = new DOMException('The operation ran out of time.', 'TimeoutError');

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const isTimeout = (error: unknown) => TIMEOUT_CODES.has((error as { code?: unknown } | null)?.code as string);

/**
 * A signal that aborts with `parent` or after `ms`, and a function that lets go of both. Hand-written rather than
 * AbortSignal.timeout + AbortSignal.any: that timer cannot be cleared, so every deadline left one to fire (and
 * build a DOMException) long after its work, and `any` alone cost more than the rest of an operation's bookkeeping.
 */
function deadlineSignal(parent: AbortSignal | undefined, ms: number) {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent?.reason);
  const timer = setTimeout(() => {
    parent?.removeEventListener('abort', onAbort);
    controller.abort(DEADLINE_EXCEEDED);
  }, ms);
  // A deadline nobody ended must not keep the process alive until it fires.
  timer.unref();
  if (parent?.aborted) onAbort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    end() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function modelPath(id: string): string {
  if (!isValidId(id)) throw badUserInput('The id is not a valid fine-tuned model id.');
  return `/${encodeURIComponent(id)}`;
}

function pageQuery(page: PageRequest): URLSearchParams {
  const query = new URLSearchParams();
  query.set('page_size', String(page.pageSize));
  if (page.pageToken) query.set('page_token', page.pageToken);
  if (page.order) query.set('order_by', page.order === 'DESC' ? 'created_at desc' : 'created_at');
  return query;
}

function guardShape<T>(convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    if (error instanceof UnexpectedShapeError) throw malformedResponse(error);
    throw error;
  }
}

function modelFromResponse(json: unknown): FinetunedModel {
  return guardShape(() => modelFromWire(expectObject(json, 'response').finetuned_model));
}

/** `withTotal`: the list reports `total_size` (models, events), which proto3 leaves out when it is 0. */
function toPage<T>(json: unknown, field: string, convert: (item: unknown) => T, withTotal: boolean): Page<T> {
  return guardShape(() => {
    const body = expectObject(json, 'response');
    const next = body.next_page_token;
    const total = body.total_size ?? 0;
    if (withTotal && typeof total !== 'number') throw new UnexpectedShapeError('total_size is not a number');
    return {
      items: expectArray(body[field], field).map(convert),
      nextPageToken: typeof next === 'string' && next !== '' ? next : null,
      totalSize: withTotal ? (total as number) : null,
    };
  });
}
