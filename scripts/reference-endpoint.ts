// The benchmark's reference: a hand-written Node endpoint with no GraphQL at all, answering the benchmark's two
// reads with the same upstream calls (same paths, page sizes and order) as the gateway and the same JSON bytes.
// What the data need costs at the least: keep-alive undici pool, independent calls in parallel, one
// JSON.stringify of the answers built by bench-answers.ts. Run by scripts/bench.ts as its own process; it prints its
// URL once listening.
//   GET /model?id=<id>  one model with its first 10 events and first 10 metric rows
//   GET /models         the first 10 models, each with its first 5 events
// Environment: as bench-upstream.ts, and PORT (default 0), HOST.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { modelsWithEventsAnswer, modelWithHistoryAnswer } from './bench-answers.js';
import { closeUpstream, getModel, listEvents, listModels, listStepMetrics } from './bench-upstream.js';

/** Scenario 1: the model, its events and its metrics, all three asked at once. */
async function modelWithHistory(key: string, id: string) {
  const [model, eventPage, metricPage] = await Promise.all([
    getModel(key, id),
    listEvents(key, id).catch(() => null),
    listStepMetrics(key, id).catch(() => null),
  ]);
  if (!model) return { data: { finetunedModel: null } };
  if (!eventPage || !metricPage) throw new Error('a nested list failed');
  return modelWithHistoryAnswer(model, eventPage, metricPage);
}

/** Scenario 2: the first page of models, then each listed model's events at once. */
async function modelsWithEvents(key: string) {
  const list = await listModels(key);
  const models = (list.finetuned_models ?? []).slice(0, 10);
  return modelsWithEventsAnswer(models, await Promise.all(models.map((model) => listEvents(key, model.id!))));
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
    void closeUpstream().then(() => process.exit(0));
  });
}
