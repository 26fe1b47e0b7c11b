// Live status and training progress, end to end: a real graphql-ws client (and a fetch reading SSE) over a real
// socket, against the sandbox. Most tests step the sandbox's clock by hand, so what a poll sees is decided by
// the test; the rest let a fast clock run a whole job in about a second.
import { setTimeout as sleep } from 'node:timers/promises';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RouteName } from '../src/sandbox/index.js';
import { graphql } from './gql/index.js';
import { freshKey } from './helpers/fixtures.js';
import { startGateway } from './helpers/gateway.js';
import { readSseStream } from './helpers/sse.js';
import { FAST_POLLING, LIFE_CYCLE, MINUTE, Watch, WHOLE_JOB, statusesOf, transitions, wsClient } from './helpers/live.js';
import { chatModel, createModels, ok, sandboxRest } from './helpers/sandbox-rest.js';

const StatusChanged = graphql(`
  subscription StatusChanged($id: ID!) {
    finetunedModelStatusChanged(id: $id) {
      previousStatus
      status
      changedAt
      model { id name status }
    }
  }
`);

const StatusWithHistory = graphql(`
  subscription StatusWithHistory($id: ID!) {
    finetunedModelStatusChanged(id: $id) {
      status
      model { events(first: 10) { totalCount } }
    }
  }
`);

const StepMetricsAdded = graphql(`
  subscription StepMetricsAdded($id: ID!) {
    finetunedModelStepMetricsAdded(id: $id) {
      stepNumber
      createdAt
      metrics { name value }
    }
  }
`);

/** A gateway listening on a real port, its sandbox's clock steppable by hand, and clients that get closed. */
async function startLiveGateway(options: { env?: Record<string, string>; lifecycle?: Record<string, number> } = {}) {
  let offsetMs = 0;
  const gw = await startGateway({
    sandbox: { now: () => Date.now() + offsetMs, ...(options.lifecycle && { lifecycle: options.lifecycle }) },
    env: { ...FAST_POLLING, ...options.env },
  });
  const httpUrl = await gw.app.start(0, '127.0.0.1');
  const clients: Client[] = [];
  return {
    gw,
    httpUrl,
    advance(ms: number) {
      offsetMs += ms;
    },
    client(key: string | null): Client {
      const client = wsClient(httpUrl, key);
      clients.push(client);
      return client;
    },
    /** Upstream calls of one route for one model. */
    calls(key: string, route: RouteName, modelId: string) {
      return gw.sandbox.calls.list({ key, route }).filter((call) => call.path.includes(modelId));
    },
    async stop() {
      await Promise.all(clients.map((client) => client.dispose()));
      await gw.stop();
    },
  };
}
type LiveGateway = Awaited<ReturnType<typeof startLiveGateway>>;

describe('live status over graphql-ws, on a sandbox clock stepped by the test', () => {
  let live: LiveGateway;
  const key = freshKey('watcher');
  let client: Client;

  beforeAll(async () => {
    // Small upstream pages, so that reading events and metric rows must follow page tokens.
    live = await startLiveGateway({ env: { POLL_JITTER_RATIO: '0', UPSTREAM_PAGE_SIZE: '3' } });
    client = live.client(key);
  });
  afterAll(() => live.stop());
  afterEach(() => live.gw.sandbox.faults.clear());

  const createModel = async () => (await createModels(live.gw.sandbox.url, key, 1))[0]!;

  it('delivers every transition, in order, when the whole job ran between two polls', async () => {
    const id = await createModel();
    const watch = new Watch(client, StatusChanged, id);
    await watch.received(1);
    live.advance(WHOLE_JOB);
    await watch.finished;
    expect(statusesOf(watch)).toEqual(transitions(LIFE_CYCLE));
    const events = ok(await sandboxRest(live.gw.sandbox.url, key).events(id, { page_size: 100 })).events ?? [];
    expect(watch.messages.map((m) => m.data!.finetunedModelStatusChanged.changedAt)).toEqual(events.map((e) => e.created_at));
    expect(watch.messages.every((m) => m.data!.finetunedModelStatusChanged.model.id === id)).toBe(true);
    // The one poll after the job read the model READY; each message's model still carries that message's status,
    // so a normalised cache walks through the statuses in order instead of jumping to READY.
    expect(watch.messages.map((m) => m.data!.finetunedModelStatusChanged.model.status)).toEqual(LIFE_CYCLE);
  });

  it("reads the model's nested fields afresh for every message", async () => {
    const id = await createModel();
    const watch = new Watch(client, StatusWithHistory, id);
    await watch.received(1);
    live.advance(WHOLE_JOB);
    await watch.finished;

    const seen = watch.messages.map((m) => [m.data!.finetunedModelStatusChanged.status, m.data!.finetunedModelStatusChanged.model.events!.totalCount]);
    expect(seen).toEqual([['QUEUED', 1], ['FINETUNING', 4], ['DEPLOYING_API', 4], ['READY', 4]]);
  });

  it('shares one poller among 100 subscribers of a model, each of whom receives every change', async () => {
    const [crowded, lonely] = await createModels(live.gw.sandbox.url, key, 2);
    const sockets = Array.from({ length: 10 }, () => live.client(key));
    const alone = new Watch(client, StatusChanged, lonely!);
    const crowd = Array.from({ length: 100 }, (_, i) => new Watch(sockets[i % sockets.length]!, StatusChanged, crowded!));
    await Promise.all([alone, ...crowd].map((watch) => watch.received(1)));
    live.advance(WHOLE_JOB);
    await Promise.all([alone, ...crowd].map((watch) => watch.finished));

    for (const watch of [alone, ...crowd]) expect(statusesOf(watch)).toEqual(transitions(LIFE_CYCLE));
    // Both models were polled over the same span by one poller each: the crowd costs what one subscriber costs.
    expect(live.calls(key, 'listEvents', crowded!)).toHaveLength(live.calls(key, 'listEvents', lonely!).length);
    expect(live.calls(key, 'getModel', crowded!).length).toBeLessThanOrEqual(live.calls(key, 'getModel', lonely!).length + 2);
  });

  it('gives a late subscriber the current status first, then the same changes as everyone', async () => {
    const id = await createModel();
    const early = new Watch(client, StatusChanged, id);
    await early.received(1);
    live.advance(3 * MINUTE);
    await early.received(2);
    const eventReads = live.calls(key, 'listEvents', id).length;

    const late = new Watch(live.client(key), StatusChanged, id);
    await late.received(1);
    expect(statusesOf(late)).toEqual([[null, 'FINETUNING']]);
    expect(live.calls(key, 'listEvents', id)).toHaveLength(eventReads);

    live.advance(WHOLE_JOB);
    await Promise.all([early.finished, late.finished]);
    expect(statusesOf(early)).toEqual(transitions(LIFE_CYCLE));
    expect(statusesOf(late)).toEqual(transitions(LIFE_CYCLE.slice(1)));
  });

  it('keeps polling while anyone listens and stops when the last subscriber leaves', async () => {
    const id = await createModel();
    const first = new Watch(client, StatusChanged, id);
    const second = new Watch(live.client(key), StatusChanged, id);
    await Promise.all([first.received(1), second.received(1)]);

    first.unsubscribe();
    const afterFirstLeft = live.calls(key, 'getModel', id).length;
    await vi.waitFor(() => expect(live.calls(key, 'getModel', id).length).toBeGreaterThan(afterFirstLeft + 3));

    second.unsubscribe();
    await sleep(50); // lets a poll already on the wire land
    const afterLastLeft = live.calls(key, 'getModel', id).length;
    await sleep(400); // twenty active intervals
    expect(live.calls(key, 'getModel', id)).toHaveLength(afterLastLeft);
  });

  it('survives an upstream outage in the middle of the job without losing a transition', async () => {
    const id = await createModel();
    const watch = new Watch(client, StatusChanged, id);
    await watch.received(1);

    live.gw.sandbox.faults.set([{ status: 503 }]);
    live.advance(5 * MINUTE);
    await vi.waitFor(() => expect(live.calls(key, 'getModel', id).filter((c) => c.status === 503).length).toBeGreaterThanOrEqual(3));
    live.advance(WHOLE_JOB);
    await vi.waitFor(() => expect(live.calls(key, 'getModel', id).filter((c) => c.status === 503).length).toBeGreaterThanOrEqual(5));
    live.gw.sandbox.faults.clear();
    await watch.finished;

    expect(statusesOf(watch)).toEqual(transitions(LIFE_CYCLE));
  });

  it('waits as long as Retry-After asks before polling again, up to the back-off ceiling', async () => {
    const id = await createModel();
    const watch = new Watch(client, StatusChanged, id);
    await watch.received(1);
    live.gw.sandbox.faults.set([{ routes: ['getModel'], status: 429, retryAfterSeconds: 1, times: 1 }]);
    await vi.waitFor(() => expect(live.calls(key, 'getModel', id).some((c) => c.status === 429)).toBe(true));
    await vi.waitFor(() => expect(live.calls(key, 'getModel', id).at(-1)!.status).toBe(200), { timeout: 5_000 });

    const polls = live.calls(key, 'getModel', id);
    const limited = polls.findIndex((c) => c.status === 429);
    // Retry-After says 1 s; this gateway's POLL_BACKOFF_MAX_MS is 100 ms, and a watcher never waits longer.
    const waited = polls[limited + 1]!.at - polls[limited]!.at;
    expect(waited).toBeGreaterThanOrEqual(100);
    expect(waited).toBeLessThan(1_000);
    watch.unsubscribe();
  });

  it('ends with NOT_FOUND when the model does not exist', async () => {
    const watch = new Watch(client, StatusChanged, '00000000-0000-4000-8000-000000000000');
    await watch.finished;
    expect(watch.messages).toHaveLength(1);
    expect(watch.messages[0]!.data ?? null).toBeNull();
    expect(watch.messages[0]!.errors?.[0]).toMatchObject({
      path: ['finetunedModelStatusChanged'],
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('ends with NOT_FOUND when the model is deleted while watched', async () => {
    const id = await createModel();
    const watch = new Watch(client, StatusChanged, id);
    await watch.received(1);
    ok(await sandboxRest(live.gw.sandbox.url, key).remove(id));
    await watch.finished;

    expect(watch.messages).toHaveLength(2);
    expect(watch.messages[1]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('never shares a poller between two keys, even for the same model id', async () => {
    const id = await createModel();
    const owner = new Watch(client, StatusChanged, id);
    await owner.received(1);
    const stranger = freshKey('stranger');
    const intruder = new Watch(live.client(stranger), StatusChanged, id);
    await intruder.finished;

    expect(intruder.messages[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(live.calls(stranger, 'getModel', id)).toHaveLength(1);
    live.advance(WHOLE_JOB);
    await owner.finished;
    expect(statusesOf(owner)).toEqual(transitions(LIFE_CYCLE));
  });

  it('answers UNAUTHENTICATED when the connection brings no key', async () => {
    const id = await createModel();
    const watch = new Watch(live.client(null), StatusChanged, id);
    await watch.finished;
    expect(watch.messages[0]!.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  describe('training progress', () => {
    const upstreamRows = async (id: string) =>
      ok(await sandboxRest(live.gw.sandbox.url, key).metrics(id, { page_size: 100 })).step_metrics ?? [];

    it('delivers every metric row exactly once, in order, as training writes them, then completes', async () => {
      const id = await createModel();
      const watch = new Watch(client, StepMetricsAdded, id);
      live.advance(2 * MINUTE + 5 * MINUTE); // four rows into training (one every 90 s)
      await watch.received(4);
      live.advance(5 * MINUTE);
      await watch.received(7);
      live.advance(WHOLE_JOB);
      await watch.finished;

      const rows = watch.messages.map((m) => m.data!.finetunedModelStepMetricsAdded);
      expect(rows.map((row) => row.stepNumber)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
      const expected = await upstreamRows(id);
      expect(rows.map((row) => row.createdAt)).toEqual(expected.map((row) => row.created_at));
      expect(rows[3]!.metrics.find((m) => m.name === 'accuracy')!.value).toBe(expected[3]!.metrics!.accuracy);
    });

    it("reads a finished run's rows in one walk of the pages, and the model once", async () => {
      const id = await createModel();
      live.advance(WHOLE_JOB);
      const watch = new Watch(client, StepMetricsAdded, id);
      await watch.finished;

      expect(watch.messages).toHaveLength(10);
      expect(live.calls(key, 'listStepMetrics', id)).toHaveLength(4); // pages of 3 rows: 3 + 3 + 3 + 1
      expect(live.calls(key, 'getModel', id)).toHaveLength(1);
    });

    it('ends with NOT_FOUND, before any metrics call, when the model does not exist', async () => {
      const missing = '00000000-0000-4000-8000-000000000001';
      const watch = new Watch(client, StepMetricsAdded, missing);
      await watch.finished;
      expect(watch.messages[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(live.calls(key, 'listStepMetrics', missing)).toHaveLength(0);
    });
  });
});

describe('live status on a fast clock, where a whole job takes about a second', () => {
  const key = freshKey('fast');
  const lifecycle = { queuedMs: 400, finetuningMsPerEpoch: 300, deployingMs: 200 };
  let live: LiveGateway;

  beforeAll(async () => {
    live = await startLiveGateway({ lifecycle });
  });
  afterAll(() => live.stop());

  it('delivers the whole life cycle in order, starting from the current status, then completes', async () => {
    const [id] = await createModels(live.gw.sandbox.url, key, 1);
    const watch = new Watch(live.client(key), StatusChanged, id!);
    await watch.finished;
    expect(statusesOf(watch)).toEqual(transitions(LIFE_CYCLE));
  });

  it('completes after FAILED when training fails', async () => {
    const doomed = chatModel({ name: 'doomed', settings: { base_model: { base_type: 'BASE_TYPE_CHAT' }, dataset_id: 'dataset-fail-1' } });
    const id = ok(await sandboxRest(live.gw.sandbox.url, key).create(doomed)).finetuned_model!.id!;
    const watch = new Watch(live.client(key), StatusChanged, id);
    await watch.finished;
    expect(statusesOf(watch)).toEqual(transitions(['QUEUED', 'FINETUNING', 'FAILED']));
  });

  it('delivers every transition even when the poll interval is longer than the states last', async () => {
    const slow = await startLiveGateway({ lifecycle, env: { POLL_INTERVAL_ACTIVE_MS: '1500' } });
    try {
      const [id] = await createModels(slow.gw.sandbox.url, key, 1);
      const watch = new Watch(slow.client(key), StatusChanged, id!);
      await watch.finished;
      expect(statusesOf(watch)).toEqual(transitions(LIFE_CYCLE));
      // Fewer polls than states: some states were never seen by a poll, yet delivered from the events.
      expect(slow.calls(key, 'getModel', id!).length).toBeLessThan(LIFE_CYCLE.length);
    } finally {
      await slow.stop();
    }
  });

  it('delivers the same stream over server-sent events', async () => {
    const [id] = await createModels(live.gw.sandbox.url, key, 1);
    const overWs = new Watch(live.client(key), StatusChanged, id!);
    const overSse = readSse(live.httpUrl, key, StatusChanged, id!);
    await overWs.finished;
    const sse = await overSse;
    expect(sse.events.at(-1)).toBe('complete');
    expect(sse.messages).toEqual(overWs.messages);
    expect(statusesOf(overWs)).toEqual(transitions(LIFE_CYCLE));
  });
});

/** Runs a subscription over GraphQL over SSE (a POST answered with text/event-stream) and reads it to its end. */
async function readSse<R>(url: string, key: string, document: TypedDocumentNode<R, { id: string }>, id: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: print(document), variables: { id } }),
  });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return readSseStream<R>(response);
}
