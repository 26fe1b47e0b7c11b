import { randomUUID } from 'node:crypto';
import { API_PREFIX } from '../../src/finetuning/contract.js';
import type {
  WireError,
  WireFinetunedModelResponse,
  WireListEventsResponse,
  WireListFinetunedModelsResponse,
  WireListTrainingStepMetricsResponse,
  WireWriteFinetunedModelRequest,
} from '../../src/upstream/wire.js';
import { type Sandbox, type SandboxOptions, createSandbox } from '../../src/sandbox/index.js';

export const T0 = Date.parse('2024-01-17T20:11:42.907Z');

/** RFC 3339 UTC with exactly six (models, events) or nine (metric rows) fractional digits. */
export const MICROS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
export const NANOS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A wall clock that moves only when the test says so. */
export function manualClock(startMs = T0) {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    advance(ms: number) {
      nowMs += ms;
    },
  };
}

export async function startSandbox(options?: SandboxOptions): Promise<Sandbox> {
  const sandbox = createSandbox(options);
  await sandbox.start();
  return sandbox;
}

export function freshKey(prefix = 'key'): string {
  return `${prefix}-${randomUUID()}`;
}

export function chatModel(overrides: Partial<WireWriteFinetunedModelRequest> = {}): WireWriteFinetunedModelRequest {
  return {
    name: 'support-bot',
    settings: { base_model: { base_type: 'BASE_TYPE_CHAT' }, dataset_id: 'support-dataset-1' },
    ...overrides,
  };
}

export interface Reply<T> {
  status: number;
  headers: Headers;
  body: T & WireError;
}

type Query = Record<string, string | number | undefined>;

export interface CallOptions {
  query?: Query;
  body?: unknown;
  /** Raw request body, sent as is. */
  rawBody?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Calls the sandbox as a Cohere client would; `key: null` sends no Authorization header. */
export function cohereClient(baseUrl: string, key: string | null) {
  async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const url = new URL(`${baseUrl}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(url, {
      method,
      body,
      signal: options.signal,
      headers: {
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as T & WireError };
  }

  const modelPath = (id: string) => `${API_PREFIX}/${encodeURIComponent(id)}`;
  return {
    call,
    list: (query?: Query) => call<WireListFinetunedModelsResponse>('GET', API_PREFIX, { query }),
    create: (body: unknown) => call<WireFinetunedModelResponse>('POST', API_PREFIX, { body }),
    get: (id: string) => call<WireFinetunedModelResponse>('GET', modelPath(id)),
    update: (id: string, body: unknown) => call<WireFinetunedModelResponse>('PATCH', modelPath(id), { body }),
    remove: (id: string) => call<Record<string, never>>('DELETE', modelPath(id)),
    events: (id: string, query?: Query) => call<WireListEventsResponse>('GET', `${modelPath(id)}/events`, { query }),
    metrics: (id: string, query?: Query) =>
      call<WireListTrainingStepMetricsResponse>('GET', `${modelPath(id)}/training-step-metrics`, { query }),
  };
}

export type SandboxRest = ReturnType<typeof cohereClient>;

/** Creates a model and returns its id, failing the test if the sandbox refuses. */
export async function createModel(client: SandboxRest, body: unknown = chatModel()): Promise<string> {
  const reply = await client.create(body);
  const id = reply.body.finetuned_model?.id;
  if (reply.status !== 200 || id === undefined) throw new Error(`create failed: ${reply.status} ${reply.body.message}`);
  return id;
}
