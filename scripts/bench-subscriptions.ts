// Benchmark of live status: how many upstream calls shared pollers make, what a subscriber costs in memory,
// and how long a change takes to reach subscribers. Everything runs in this process: the sandbox upstream on
// a clock where a whole job lasts about ten seconds, and the gateway's own parts.
//   1. 10,000 subscribers over 100 models (10 keys × 10 models), driving the subscription registry directly.
//   2. 1,000 subscribers over 100 models through the whole gateway: graphql-ws over 20 real sockets.
// Run with `npm run bench:subscriptions` (it passes --expose-gc, so heap deltas are measured after a full GC).
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createApp } from '../src/app.js';
import { UpstreamClient } from '../src/upstream/client.js';
import { loadConfig, type Config } from '../src/config.js';
import { hashCredential } from '../src/upstream/credential.js';
import { startDeadline } from '../src/upstream/deadline.js';
import { createSandbox, type Sandbox } from '../src/sandbox/index.js';
import { SubscriptionRegistry } from '../src/subscriptions/registry.js';
import { createModels } from '../test/helpers/sandbox-rest.js';

const MODELS_PER_KEY = 10;
const KEYS = 10;
const POLL_ACTIVE_MS = 500;
/** Simulated durations at speed 1: the whole job lasts 10 s, so every model changes three times during a run. */
const LIFECYCLE = { queuedMs: 4_000, finetuningMsPerEpoch: 4_000, deployingMs: 2_000 };

const gc = (globalThis as { gc?: () => void }).gc;

interface Delivery {
  status: string;
  previousStatus: string | null;
  changedAt: string | null;
}

/** What every subscriber of a run saw, and when. */
class Recorder {
  readonly latenciesMs: number[] = [];
  initial = 0;
  completed = 0;
  errors = 0;

  record(change: Delivery): void {
    if (change.previousStatus === null) this.initial += 1;
    else if (change.changedAt) this.latenciesMs.push(Date.now() - Date.parse(change.changedAt));
  }

  async until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

async function createFleet(sandbox: Sandbox, label: string): Promise<{ key: string; modelId: string }[]> {
  const fleet: { key: string; modelId: string }[] = [];
  for (let k = 0; k < KEYS; k += 1) {
    const key = `bench-${label}-${k}`;
    for (const modelId of await createModels(sandbox.url, key, MODELS_PER_KEY, label)) fleet.push({ key, modelId });
  }
  return fleet;
}

/** Upstream calls per model per poll interval, from now until `stop()`. */
function countCalls(sandbox: Sandbox, models: number) {
  const polls = () => sandbox.calls.count({ route: 'getModel' }) + sandbox.calls.count({ route: 'listEvents' });
  const [startCalls, startedAt] = [polls(), Date.now()];
  return () => (polls() - startCalls) / models / ((Date.now() - startedAt) / POLL_ACTIVE_MS);
}

interface CallRates {
  /** While no model changes: what the pollers cost by themselves. */
  steady: number;
  /** From the first subscriber to the last completion: event reads at each change included. */
  wholeRun: number;
}

/** Waits for every first message, then measures the steady rate and the heap, then waits for every completion. */
async function observeRun(sandbox: Sandbox, subscribers: number, recorder: Recorder, baselineHeap: number) {
  const models = KEYS * MODELS_PER_KEY;
  const wholeRun = countCalls(sandbox, models);
  await recorder.until(() => recorder.initial === subscribers, 20_000, 'every first message');
  const bytes = heapUsed() - baselineHeap;
  const steady = countCalls(sandbox, models);
  await sleep(2_000); // every model is still QUEUED: no changes, no event reads
  const calls: CallRates = { steady: steady(), wholeRun: 0 };
  await recorder.until(() => recorder.completed === subscribers, 30_000, 'every stream to complete');
  calls.wholeRun = wholeRun();
  return { bytes, calls };
}

function report(title: string, subscribers: number, calls: CallRates, bytes: number, recorder: Recorder) {
  const sorted = [...recorder.latenciesMs].sort((a, b) => a - b);
  console.log(`\n${title}`);
  console.log(`  subscribers                        ${subscribers.toLocaleString('en')} over ${KEYS * MODELS_PER_KEY} models`);
  console.log(`  upstream calls / poll interval / model  ${calls.steady.toFixed(2)} steady, ${calls.wholeRun.toFixed(2)} over the whole run with event reads (target: 1)`);
  console.log(`  memory / subscriber                ${gc ? `${Math.round(bytes / subscribers).toLocaleString('en')} bytes` : 'n/a (run with --expose-gc)'}`);
  console.log(
    `  delivery latency (event → subscriber)  p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms over ${sorted.length.toLocaleString('en')} deliveries (poll interval ${POLL_ACTIVE_MS} ms)`,
  );
  console.log(`  every subscriber: first the current status, then 3 changes, then completion: ${recorder.completed === subscribers && recorder.errors === 0 && sorted.length === subscribers * 3 ? 'yes' : 'NO'}`);
}

async function withSandbox<T>(run: (sandbox: Sandbox, config: Config) => Promise<T>): Promise<T> {
  const sandbox = createSandbox({ seedDemoData: false, lifecycle: LIFECYCLE });
  await sandbox.start();
  const config = loadConfig({
    GRAPHIQL: 'false',
    // A log line per subscription would measure the terminal, not the gateway.
    LOG_LEVEL: 'warn',
    WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '100',
    POLL_INTERVAL_ACTIVE_MS: String(POLL_ACTIVE_MS),
    POLL_JITTER_RATIO: '0.1',
  });
  try {
    return await run(sandbox, config);
  } finally {
    await sandbox.stop();
  }
}

async function benchRegistry(subscribersPerModel: number): Promise<void> {
  await withSandbox(async (sandbox, config) => {
    const client = new UpstreamClient({
      baseUrl: sandbox.url,
      clientName: config.clientName,
      timeoutMs: config.upstreamTimeoutMs,
      maxBodyBytes: config.upstreamMaxBodyBytes,
      resilience: config.resilience,
    });
    const registry = new SubscriptionRegistry({
      connect: (credential, signal) => client.forKey(credential, startDeadline(config.operationDeadlineMs, signal)),
      cadence: config.polling,
      paging: { pageSize: config.upstreamPageSize, maxPages: config.upstreamMaxPages },
    });
    const fleet = await createFleet(sandbox, 'registry');
    const recorder = new Recorder();
    const baseline = heapUsed();
    const subscribers = fleet.length * subscribersPerModel;
    for (const { key, modelId } of fleet) {
      const credential = { apiKey: key, hash: hashCredential(key) };
      for (let i = 0; i < subscribersPerModel; i += 1) {
        void (async () => {
          for await (const item of registry.watchStatus(credential, modelId)) {
            if (item instanceof Error) recorder.errors += 1;
            else recorder.record(item);
          }
          recorder.completed += 1;
        })();
      }
    }
    const { bytes, calls } = await observeRun(sandbox, subscribers, recorder, baseline);
    report('Registry, driven directly', subscribers, calls, bytes, recorder);
    registry.close();
    await client.close();
  });
}

async function benchGraphqlWs(subscribersPerModel: number, sockets: number): Promise<void> {
  await withSandbox(async (sandbox, config) => {
    const app = createApp({ config, upstreamUrl: sandbox.url });
    const url = (await app.start(0, '127.0.0.1')).replace(/^http/, 'ws');
    const fleet = await createFleet(sandbox, 'ws');
    const clients = new Map<string, Client[]>();
    for (let k = 0; k < KEYS; k += 1) {
      const key = `bench-ws-${k}`;
      const perKey = Array.from({ length: sockets / KEYS }, () =>
        createClient({ url, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${key}` }, retryAttempts: 0 }),
      );
      clients.set(key, perKey);
    }
    const recorder = new Recorder();
    const baseline = heapUsed();
    const subscribers = fleet.length * subscribersPerModel;
    const query = 'subscription($id: ID!) { finetunedModelStatusChanged(id: $id) { previousStatus status changedAt } }';
    fleet.forEach(({ key, modelId }, m) => {
      const perKey = clients.get(key)!;
      for (let i = 0; i < subscribersPerModel; i += 1) {
        perKey[(m + i) % perKey.length]!.subscribe<{ finetunedModelStatusChanged: Delivery }>(
          { query, variables: { id: modelId } },
          {
            next: ({ data, errors }) => (errors ? (recorder.errors += 1) : recorder.record(data!.finetunedModelStatusChanged)),
            error: () => (recorder.errors += 1),
            complete: () => (recorder.completed += 1),
          },
        );
      }
    });
    const { bytes, calls } = await observeRun(sandbox, subscribers, recorder, baseline);
    report(`Whole gateway, graphql-ws over ${sockets} sockets (client and server in this process)`, subscribers, calls, bytes, recorder);
    await Promise.all([...clients.values()].flat().map((client) => client.dispose()));
    await app.stop();
  });
}

if (!gc) console.warn('gc is not exposed: memory figures are skipped (npm run bench:subscriptions passes --expose-gc).');
const started = Date.now();
await benchRegistry(100);
await benchGraphqlWs(10, 20);
console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
