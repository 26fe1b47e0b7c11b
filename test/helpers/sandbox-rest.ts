// The sandbox's REST API, called directly as a Cohere client would: to test the sandbox itself, to set up data
// for gateway tests, and to compare what the gateway says with what the upstream says.
import { API_PREFIX } from '../../src/finetuning/contract.js';
import type {
  WireError,
  WireFinetunedModelResponse,
  WireListEventsResponse,
  WireListFinetunedModelsResponse,
  WireListTrainingStepMetricsResponse,
  WireWriteFinetunedModelRequest,
} from '../../src/upstream/wire.js';

/** A chat model to create; `overrides` replace whole top-level fields. */
export const chatModel = (overrides: Partial<WireWriteFinetunedModelRequest> = {}): WireWriteFinetunedModelRequest => ({
  name: 'support-bot',
  settings: { base_model: { base_type: 'BASE_TYPE_CHAT' }, dataset_id: 'support-dataset-1' },
  ...overrides,
});

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

/** The seven operations of the sandbox at `baseUrl` with `key` (null: no Authorization header), answers unchecked. */
export function sandboxRest(baseUrl: string, key: string | null) {
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

export type SandboxRest = ReturnType<typeof sandboxRest>;

/** The body of a 2xx answer; any other status fails the test with what the sandbox said. */
export function ok<T>(reply: Reply<T>): T {
  if (reply.status < 200 || reply.status >= 300) throw new Error(`the sandbox answered ${reply.status}: ${reply.body.message}`);
  return reply.body;
}

/** Creates a model and returns its id, failing the test if the sandbox refuses. */
export async function createModel(client: SandboxRest, body: unknown = chatModel()): Promise<string> {
  const id = ok(await client.create(body)).finetuned_model?.id;
  if (id === undefined) throw new Error('the sandbox created a model without an id');
  return id;
}

/** Creates `count` one-epoch chat models for `key`, one after the other, and returns their ids in that order. */
export async function createModels(baseUrl: string, key: string, count: number, prefix = 'model'): Promise<string[]> {
  const client = sandboxRest(baseUrl, key);
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const settings = { base_model: { base_type: 'BASE_TYPE_CHAT' as const }, dataset_id: 'dataset-chat-1', hyperparameters: { train_epochs: 1, learning_rate: 0.01 } };
    ids.push(await createModel(client, chatModel({ name: `${prefix}-${i}`, settings })));
  }
  return ids;
}
