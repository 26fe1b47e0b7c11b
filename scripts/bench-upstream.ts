// What the benchmark's two baseline endpoints share: the upstream calls the gateway makes for the benchmark's
// reads, made as cheaply as Node allows (an undici keep-alive pool set up like the gateway's, no checks beyond the
// status). Used by reference-endpoint.ts (no GraphQL at all) and yoga-floor-endpoint.ts (the least a graphql-yoga
// server can do).
// Environment: COHERE_BASE_URL (the upstream), UPSTREAM_PAGE_SIZE (default 50).
import { Pool } from 'undici';
import type {
  WireFinetunedModel,
  WireFinetunedModelResponse,
  WireListEventsResponse,
  WireListFinetunedModelsResponse,
  WireListTrainingStepMetricsResponse,
} from '../src/upstream/wire.js';

const upstream = new URL(process.env.COHERE_BASE_URL ?? 'http://127.0.0.1:4010');
const page = `page_size=${Number(process.env.UPSTREAM_PAGE_SIZE ?? 50)}`;
const basePath = `${upstream.pathname.replace(/\/+$/, '')}/v1/finetuning/finetuned-models`;
// The gateway's upstream pool settings, so that no side wins by its connection handling.
const pool = new Pool(upstream.origin, { connections: 64, keepAliveTimeout: 30_000, pipelining: 1 });

export class NotFound extends Error {}

async function get<T>(key: string, path: string): Promise<T> {
  const { statusCode, body } = await pool.request({
    method: 'GET',
    path: `${basePath}${path}`,
    headers: { authorization: `Bearer ${key}`, accept: 'application/json', 'x-client-name': 'bench-baseline' },
  });
  if (statusCode === 404) {
    await body.dump();
    throw new NotFound();
  }
  if (statusCode !== 200) {
    await body.dump();
    throw new Error(`upstream answered ${statusCode} for ${path}`);
  }
  return (await body.json()) as T;
}

const modelPath = (id: string) => `/${encodeURIComponent(id)}`;

/** The model, or null when it does not exist. */
export const getModel = (key: string, id: string): Promise<WireFinetunedModel | null> =>
  get<WireFinetunedModelResponse>(key, modelPath(id)).then(
    (response) => response.finetuned_model ?? null,
    (error: unknown) => {
      if (error instanceof NotFound) return null;
      throw error;
    },
  );
export const listModels = (key: string) => get<WireListFinetunedModelsResponse>(key, `?${page}&order_by=created_at`);
export const listEvents = (key: string, id: string) =>
  get<WireListEventsResponse>(key, `${modelPath(id)}/events?${page}&order_by=created_at`);
export const listStepMetrics = (key: string, id: string) =>
  get<WireListTrainingStepMetricsResponse>(key, `${modelPath(id)}/training-step-metrics?${page}`);

export function closeUpstream(): Promise<void> {
  return pool.close();
}
