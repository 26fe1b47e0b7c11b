// The benchmark's reference: a hand-written Node endpoint with no GraphQL at all, answering the benchmark's two
// reads with the same upstream calls (same paths, page sizes and order) as the gateway and the same JSON bytes.
// What the data need costs at the least: keep-alive undici pool, independent calls in parallel, one
// JSON.stringify. Run by scripts/bench.ts as its own process; it prints its URL once listening.
//   GET /model?id=<id>  one model with its first 10 events and first 10 metric rows
//   GET /models         the first 10 models, each with its first 5 events
// Environment: COHERE_BASE_URL (the upstream), UPSTREAM_PAGE_SIZE (default 50), PORT (default 0), HOST.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import type {
  WireEvent,
  WireFinetunedModel,
  WireFinetunedModelResponse,
  WireListEventsResponse,
  WireListFinetunedModelsResponse,
  WireListTrainingStepMetricsResponse,
  WireStatus,
} from '../src/cohere/wire.js';

const upstream = new URL(process.env.COHERE_BASE_URL ?? 'http://127.0.0.1:4010');
const pageSize = Number(process.env.UPSTREAM_PAGE_SIZE ?? 50);
const basePath = `${upstream.pathname.replace(/\/+$/, '')}/v1/finetuning/finetuned-models`;
// The gateway's upstream pool settings, so that neither side wins by its connection handling.
const pool = new Pool(upstream.origin, { connections: 64, keepAliveTimeout: 30_000, pipelining: 1 });

class NotFound extends Error {}

async function get<T>(key: string, path: string): Promise<T> {
  const { statusCode, body } = await pool.request({
    method: 'GET',
    path: `${basePath}${path}`,
    headers: { authorization: `Bearer ${key}`, accept: 'application/json', 'x-client-name': 'bench-reference' },
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

const status = (value: WireStatus | undefined) => (value ?? 'STATUS_UNSPECIFIED').slice('STATUS_'.length);
const page = `page_size=${pageSize}`;
const modelPath = (id: string) => `/${encodeURIComponent(id)}`;
const events = (key: string, id: string) => get<WireListEventsResponse>(key, `${modelPath(id)}/events?${page}&order_by=created_at`);

/** Scenario 1: the model, its events and its metrics, all three asked at once. */
async function modelWithHistory(key: string, id: string) {
  const [model, eventPage, metricPage] = await Promise.all([
    get<WireFinetunedModelResponse>(key, modelPath(id)).then(
      (response) => response.finetuned_model ?? null,
      (error: unknown) => {
        if (error instanceof NotFound) return null;
        throw error;
      },
    ),
    events(key, id).catch(() => null),
    get<WireListTrainingStepMetricsResponse>(key, `${modelPath(id)}/training-step-metrics?${page}`).catch(() => null),
  ]);
  if (!model) return { data: { finetunedModel: null } };
  if (!eventPage || !metricPage) throw new Error('a nested list failed');
  return {
    data: {
      finetunedModel: {
        id: model.id,
        name: model.name ?? '',
        status: status(model.status),
        createdAt: model.created_at ?? null,
        events: {
          totalCount: eventPage.total_size ?? 0,
          edges: (eventPage.events ?? []).slice(0, 10).map((event: WireEvent) => ({
            node: { status: status(event.status), userId: event.user_id ?? null, createdAt: event.created_at ?? null },
          })),
        },
        stepMetrics: {
          edges: (metricPage.step_metrics ?? []).slice(0, 10).map((row) => ({
            node: { stepNumber: row.step_number ?? 0, accuracy: row.metrics?.accuracy ?? null },
          })),
        },
      },
    },
  };
}

/** Scenario 2: the first page of models, then each listed model's events at once. */
async function modelsWithEvents(key: string) {
  const list = await get<WireListFinetunedModelsResponse>(key, `?${page}&order_by=created_at`);
  const models = (list.finetuned_models ?? []).slice(0, 10);
  const eventPages = await Promise.all(models.map((model: WireFinetunedModel) => events(key, model.id!)));
  return {
    data: {
      finetunedModels: {
        edges: models.map((model, index) => ({
          node: {
            id: model.id,
            name: model.name ?? '',
            status: status(model.status),
            events: {
              totalCount: eventPages[index]!.total_size ?? 0,
              edges: (eventPages[index]!.events ?? []).slice(0, 5).map((event) => ({
                node: { status: status(event.status), createdAt: event.created_at ?? null },
              })),
            },
          },
        })),
      },
    },
  };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://reference');
  const key = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!key) return send(res, 401, { error: 'no key' });
  try {
    if (url.pathname === '/model') return send(res, 200, await modelWithHistory(key, url.searchParams.get('id') ?? ''));
    if (url.pathname === '/models') return send(res, 200, await modelsWithEvents(key));
    send(res, 404, { error: 'not found' });
  } catch (error) {
    send(res, 502, { error: String(error) });
  }
}

const server = createServer((req, res) => void handle(req, res));
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`reference endpoint listening on http://${process.env.HOST ?? '127.0.0.1'}:${port}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    void pool.close().then(() => process.exit(0));
  });
}
