// An upstream under the test's control, for what the sandbox never does: answer one key differently from another,
// send a body of any size or type, hand out page tokens forever, ask to wait for years. Every request is recorded.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface UpstreamRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The bearer token it came with. */
  key: string | null;
  /** Its distributed tracing headers (W3C trace context and baggage), null when absent. */
  traceparent: string | null;
  tracestate: string | null;
  baggage: string | null;
}

export type Answer = (request: UpstreamRequest, res: ServerResponse) => void | Promise<void>;

export interface HostileUpstream {
  url: string;
  requests: UpstreamRequest[];
  /** What the next requests get (a JSON 200 of a model by default). */
  answer(handler: Answer): void;
  stop(): Promise<void>;
}

export const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/** A model as the upstream writes one. */
export const wireModel = (id: string) => ({
  id,
  name: `model-${id}`,
  status: 'STATUS_READY',
  settings: { base_model: { base_type: 'BASE_TYPE_CHAT' }, dataset_id: 'd' },
  created_at: '2024-01-17T20:11:42.907112Z',
  updated_at: '2024-01-17T20:11:42.907112Z',
});

/** Answers like the upstream would for a model read, a list, events and metrics: nothing hostile. */
export const faithful: Answer = (request, res) => {
  const [, id, below] = request.path.replace('/v1/finetuning/finetuned-models', '').split('/');
  if (!id) return json(res, 200, { finetuned_models: [wireModel('m1')], total_size: 1 });
  if (below === 'events') return json(res, 200, { events: [{ status: 'STATUS_READY', created_at: '2024-01-17T20:11:42.907112Z' }], total_size: 1 });
  if (below === 'training-step-metrics') return json(res, 200, { step_metrics: [] });
  return json(res, 200, { finetuned_model: wireModel(id) });
};

export async function startHostileUpstream(): Promise<HostileUpstream> {
  let handler: Answer = faithful;
  const requests: UpstreamRequest[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream.test');
    const auth = req.headers.authorization;
    const header = (name: string) => [req.headers[name] ?? []].flat()[0] ?? null;
    const request = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      key: auth?.startsWith('Bearer ') ? auth.slice(7) : null,
      traceparent: header('traceparent'),
      tracestate: header('tracestate'),
      baggage: header('baggage'),
    };
    requests.push(request);
    req.resume();
    void Promise.resolve(handler(request, res)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    answer(next) {
      handler = next;
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
