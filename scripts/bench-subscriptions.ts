// Benchmark of live status: how many upstream calls shared pollers make, what a subscriber costs in memory,
// and how long a change takes to reach subscribers. Parts 1 and 2 run in this process: the sandbox upstream on
// a clock where a whole job lasts about ten seconds, and the gateway's own parts.
//   1. 10,000 subscribers over 100 models (10 keys × 10 models), driving the subscription registry directly.
//   2. 1,000 subscribers over 100 models through the whole gateway: graphql-ws over 20 real sockets.
//   3. The gateway as deployed (`npm run build`'s dist/main.js) in a process of its own, against a sandbox in this process whose clock
//      is slowed so that no model changes: 1,000 subscriptions on 40 sockets and 2,000 on 80, over 10 models. What
//      a subscription and a socket cost that process, in RSS and in heap (scripts/bench-gateway-probe.ts answers
//      over the child's IPC channel). The same measurement of the subscription floor (graphql-yoga + graphql-ws
//      and nothing else: scripts/subscription-floor-endpoint.ts) puts what the stack costs apart from the gateway's own.
// Run with `npm run bench:subscriptions` (it passes --expose-gc, so heap deltas are measured after a full GC);
// `--part registry|ws|process` runs only those parts and `--subject gateway|floor|bare` only those servers of part 3;
// `--heap-snapshots <dir>` writes part 3's heap snapshots (with sockets open, then with every subscription) for a
// comparison by constructor. A complete part 3 (every subject, no snapshots) writes its table into
// docs/performance.md, under this Node version's heading; `--no-record` keeps it from doing so.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createApp } from '../src/app.js';
import { UpstreamClient } from '../src/upstream/client.js';
import { loadConfig, type Config } from '../src/config.js';
import { hashCredential } from '../src/upstream/credential.js';
import { createSandbox, type Sandbox } from '../src/sandbox/index.js';
import { SubscriptionRegistry } from '../src/subscriptions/registry.js';
import { createModels } from '../test/helpers/sandbox-rest.js';
import type { ProbeAnswer, ProbeQuestion } from './bench-gateway-probe.js';
import { machine, machineLine, recordResults } from './bench-record.js';
import { buildBenchEntries, buildGateway, DIST } from './build.js';

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
      connect: (credential, deadline) => client.forKey(credential, deadline),
      pollDeadlineMs: config.operationDeadlineMs,
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

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Part 3's tenants: 10 callers, each following one model of its own (see docs/performance.md for why). */
const PROCESS_KEYS = 10;
/** So slow that a model created QUEUED stays QUEUED for days: no delivery but the first during a measurement. */
const FROZEN_SPEED = 0.000_1;
/** The example dashboard's subscription (examples/dashboard/src/documents.ts), fragment inlined. */
const DASHBOARD_STATUS = `subscription DashboardStatus($id: ID!) {
  finetunedModelStatusChanged(id: $id) {
    previousStatus status changedAt
    model { id name status isInProgress isTerminal createdAt settings { baseModel { baseType name } hyperparameters { trainEpochs } } }
  }
}`;

/** A server measured by part 3, in a process of its own, with the probe answering over its IPC channel. */
class ServerProcess {
  private readonly pending = new Map<number, (answer: ProbeAnswer) => void>();
  private asked = 0;

  private constructor(
    private readonly name: string,
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (answer: ProbeAnswer) => {
      this.pending.get(answer.id)?.(answer);
      this.pending.delete(answer.id);
    });
  }

  /** Forks `entry` (compiled JavaScript) and waits for the line that `ready` finds its URL in (the first group). */
  static async start(name: string, entry: string, ready: RegExp, env: NodeJS.ProcessEnv, built: BuiltEntries, logDir: string): Promise<ServerProcess> {
    const logFile = join(logDir, `${name}.log`);
    const out = openSync(logFile, 'w');
    const child = fork(entry, [], {
      cwd: ROOT,
      env,
      execArgv: ['--expose-gc', '--enable-source-maps', '--import', built.probe],
      stdio: ['ignore', out, out, 'ipc'],
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && child.exitCode === null) {
      const url = ready.exec(readFileSync(logFile, 'utf8'))?.[1];
      if (url) return new ServerProcess(name, child, url);
      await sleep(50);
    }
    child.kill('SIGKILL');
    throw new Error(`the ${name} did not start; see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
  }

  private async ask(question: Omit<ProbeQuestion, 'id'>): Promise<ProbeAnswer> {
    const id = (this.asked += 1);
    const answer = await new Promise<ProbeAnswer>((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ ...question, id });
    });
    if (answer.error) throw new Error(`the ${this.name}'s probe failed: ${answer.error}`);
    return answer;
  }

  /** The process's memory after full collections (RSS is /proc/<pid>/status' VmRSS). */
  async memory(): Promise<NodeJS.MemoryUsage> {
    return (await this.ask({ probe: 'memory' })).memory!;
  }

  async snapshot(path: string): Promise<string> {
    return (await this.ask({ probe: 'snapshot', path })).path!;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Part 3's compiled entries besides dist/main.js (see scripts/build.ts' buildBenchEntries). */
interface BuiltEntries {
  probe: string;
  floor: string;
}

async function buildProcessEntries(): Promise<BuiltEntries> {
  const [probe, floor] = await buildBenchEntries(['scripts/bench-gateway-probe.ts', 'scripts/subscription-floor-endpoint.ts']);
  return { probe: probe!, floor: floor! };
}

/** A subject of part 3, started: its server, the model each caller follows, and how to stop both. */
interface Started {
  server: ServerProcess;
  modelOf: (key: string) => string;
  stop(): Promise<void>;
}

/** The gateway as deployed (dist/main.js, built afresh), against a sandbox in this process whose clock is frozen. */
async function startGateway(keys: readonly string[], built: BuiltEntries, logDir: string): Promise<Started> {
  const sandbox = createSandbox({ seedDemoData: false, speed: FROZEN_SPEED });
  await sandbox.start();
  try {
    const models = new Map<string, string>();
    for (const key of keys) models.set(key, (await createModels(sandbox.url, key, 1, 'process'))[0]!);
    // The gateway as deployed, with its default limits: 10 callers × 200 subscriptions fit the per-caller cap.
    const env = { ...process.env, NODE_ENV: 'production', COHERE_BASE_URL: sandbox.url, PORT: '0', HOST: '127.0.0.1', GRAPHIQL: 'false' };
    const server = await ServerProcess.start('gateway', `${DIST}main.js`, /GraphQL gateway ready: (http:\/\/\S+)/, env, built, logDir);
    return {
      server,
      modelOf: (key) => models.get(key)!,
      stop: async () => {
        await server.stop();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
}

/** A floor (scripts/subscription-floor-endpoint.ts): the fixed stack `floor` names, with nothing of the gateway's. */
const startFloor =
  (floor: 'yoga' | 'graphql-ws') =>
  async (_keys: readonly string[], built: BuiltEntries, logDir: string): Promise<Started> => {
    const env = { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', FLOOR: floor };
    const server = await ServerProcess.start(`subscription floor (${floor})`, built.floor, /listening on (http:\/\/\S+)/, env, built, logDir);
    // It serves any id: one model per caller, as the gateway's.
    return { server, modelOf: (key) => `${key}-model`, stop: () => server.stop() };
  };

const SUBJECTS = {
  gateway: {
    start: startGateway,
    name: 'the gateway',
    title: 'The gateway in its own process (dist/main.js, NODE_ENV=production, default settings)',
  },
  floor: {
    start: startFloor('yoga'),
    name: 'Yoga floor (graphql-yoga + graphql-ws)',
    title: 'The subscription floor in its own process (scripts/subscription-floor-endpoint.ts: graphql-yoga + graphql-ws, nothing else)',
  },
  bare: {
    start: startFloor('graphql-ws'),
    name: 'without Yoga (graphql-ws + graphql-js)',
    title: 'The stack without Yoga in its own process (scripts/subscription-floor-endpoint.ts, FLOOR=graphql-ws: graphql-ws + graphql-js alone)',
  },
} as const;
type Subject = keyof typeof SUBJECTS;

interface MemoryCost {
  rss: number;
  heap: number;
  /** What V8 holds for its heap (used or not): most of what RSS grows by beyond the heap in use. */
  committed: number;
  /** Buffers and other memory outside the JS heap that V8 knows of. */
  external: number;
}

const costOf = (from: NodeJS.MemoryUsage, to: NodeJS.MemoryUsage, count: number): MemoryCost => ({
  rss: (to.rss - from.rss) / count,
  heap: (to.heapUsed - from.heapUsed) / count,
  committed: (to.heapTotal - from.heapTotal) / count,
  external: (to.external - from.external) / count,
});

const minus = (a: MemoryCost, b: MemoryCost): MemoryCost => ({
  rss: a.rss - b.rss,
  heap: a.heap - b.heap,
  committed: a.committed - b.committed,
  external: a.external - b.external,
});

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const formatCost = (cost: MemoryCost) =>
  `RSS ${kb(cost.rss)}, heap ${kb(cost.heap)} (committed ${kb(cost.committed)}), external ${kb(cost.external)}`;

/** Opens `count` graphql-ws sockets at once (not lazily) and resolves when the server has acknowledged them all. */
async function openSockets(url: string, keyOf: (socket: number) => string, count: number): Promise<Client[]> {
  let connected = 0;
  const clients = Array.from({ length: count }, (_, s) =>
    createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${keyOf(s)}` },
      retryAttempts: 0,
      lazy: false,
      on: { connected: () => (connected += 1) },
    }),
  );
  await new Recorder().until(() => connected === count, 20_000, 'every socket to be acknowledged');
  return clients;
}

interface ProcessRunResult {
  subject: Subject;
  subscriptions: number;
  sockets: number;
  perSocket: MemoryCost;
  perSubscription: MemoryCost;
  /** Heap and RSS left over, once every subscription ended, beyond the baseline with the sockets open. */
  leftOver: MemoryCost;
  /** Messages beyond each subscriber's first: none, or the measurement saw deliveries. */
  laterMessages: number;
  errors: number;
}

/**
 * Part 3: `subscriptions` over `sockets` to `subject` in its own process. Memory is read after full collections
 * and a settle: before any socket (after a warm-up subscription), with the sockets open, with every subscription
 * delivered its first message, and after every subscription ended.
 */
async function benchProcess(
  subject: Subject,
  subscriptions: number,
  sockets: number,
  built: BuiltEntries,
  snapshotDir: string | undefined,
): Promise<ProcessRunResult> {
  const keys = Array.from({ length: PROCESS_KEYS }, (_, k) => `bench-process-${k}`);
  const logDir = mkdtempSync(join(tmpdir(), 'bench-subscriptions-'));
  const { server, modelOf, stop } = await SUBJECTS[subject].start(keys, built, logDir);
  const keyOf = (socket: number) => keys[socket % keys.length]!;
  const snapshot = async (name: string) => {
    if (snapshotDir) console.log(`  heap snapshot: ${await server.snapshot(resolve(snapshotDir, `${subject}-${name}.heapsnapshot`))}`);
  };
  let firsts = 0;
  let laterMessages = 0;
  let errors = 0;
  const subscribe = (client: Client, key: string) =>
    client.subscribe<{ finetunedModelStatusChanged: Delivery }>(
      { query: DASHBOARD_STATUS, variables: { id: modelOf(key) } },
      {
        next: ({ data, errors: failed }) => {
          if (failed || !data) errors += 1;
          else if (data.finetunedModelStatusChanged.previousStatus === null) firsts += 1;
          else laterMessages += 1;
        },
        error: () => (errors += 1),
        complete: () => {},
      },
    );
  const waiter = new Recorder();
  try {
    // A warm-up, so that code compiled and caches filled on first use are not counted as the subscriptions' cost.
    const warm = await openSockets(server.url, keyOf, keys.length);
    const warmUp = warm.map((client, s) => subscribe(client, keyOf(s)));
    await waiter.until(() => firsts === warmUp.length, 20_000, 'the warm-up subscriptions');
    warmUp.forEach((unsubscribe) => unsubscribe());
    await Promise.all(warm.map((client) => client.dispose()));
    firsts = 0;

    const before = await server.memory();
    const clients = await openSockets(server.url, keyOf, sockets);
    const opened = await server.memory();
    await snapshot(`sockets-${sockets}`);
    const unsubscribes = clients.flatMap((client, s) => Array.from({ length: subscriptions / sockets }, () => subscribe(client, keyOf(s))));
    await waiter.until(() => firsts + errors >= subscriptions, 60_000, 'every first message');
    await sleep(2_000);
    const subscribed = await server.memory();
    await snapshot(`subscribed-${subscriptions}`);
    unsubscribes.forEach((unsubscribe) => unsubscribe());
    await sleep(2_000);
    const ended = await server.memory();
    await Promise.all(clients.map((client) => client.dispose()));
    return {
      subject,
      subscriptions,
      sockets,
      perSocket: costOf(before, opened, sockets),
      perSubscription: costOf(opened, subscribed, subscriptions),
      leftOver: costOf(opened, ended, 1),
      laterMessages,
      errors,
    };
  } finally {
    await stop();
  }
}

function reportProcessRun(run: ProcessRunResult): void {
  console.log(
    `\n${SUBJECTS[run.subject].title}: ${run.subscriptions.toLocaleString('en')} subscriptions on ${run.sockets} sockets over ${PROCESS_KEYS} models (${PROCESS_KEYS} keys, one model each)`,
  );
  const target = run.subject === 'gateway' ? ` (target: ≤ ${TARGET_KB} KB)` : '';
  console.log(`  memory / socket (graphql-ws, acknowledged, no operation)   ${formatCost(run.perSocket)}`);
  console.log(`  memory / subscription (first message delivered, settled)   ${formatCost(run.perSubscription)}${target}`);
  console.log(`  left over once every subscription ended                     ${formatCost(run.leftOver)} in all`);
  console.log(`  messages beyond each first (must be 0: nothing changed)      ${run.laterMessages}; errors ${run.errors}`);
}

/** The target: at most this much memory per subscription, with 2,000 subscriptions on 80 sockets. */
const TARGET_KB = 10;
const RESULTS_MARKER = '<!-- subscription results: written by npm run bench:subscriptions -->';

/** Part 3's runs as the Markdown docs/performance.md keeps, with the target's verdict. */
function formatProcessRuns(runs: ProcessRunResult[]): string {
  const lines = [
    machineLine(machine()),
    '',
    'Part 3 of `npm run bench:subscriptions`: each server in a process of its own, memory read after full collections;',
    'per subscription once every one has its first message, per socket once acknowledged with no operation.',
    '',
    '| subscriptions | server | heap / subscription | committed heap / subscription | RSS / subscription | heap / socket | errors |',
    '|---|---|--:|--:|--:|--:|--:|',
    ...runs.map(
      (run) =>
        `| ${run.subscriptions.toLocaleString('en')} on ${run.sockets} sockets | ${SUBJECTS[run.subject].name} | ${kb(run.perSubscription.heap)} | ` +
        `${kb(run.perSubscription.committed)} | ${kb(run.perSubscription.rss)} | ${kb(run.perSocket.heap)} | ${run.errors} |`,
    ),
  ];
  const target = runs.find((run) => run.subject === 'gateway' && run.subscriptions === 2_000);
  const bare = runs.find((run) => run.subject === 'bare' && run.subscriptions === 2_000);
  if (target) {
    const met = target.perSubscription.heap <= TARGET_KB * 1024 && target.errors === 0;
    lines.push(
      '',
      `Target, at most ${TARGET_KB} KB per subscription with 2,000 on 80 sockets: the gateway's heap ${kb(target.perSubscription.heap)} per ` +
        `subscription, **${met ? 'met' : 'missed'}**; its RSS ${kb(target.perSubscription.rss)}` +
        (bare ? ` (graphql-ws + graphql-js alone: ${kb(bare.perSubscription.rss)} of RSS, ${kb(bare.perSubscription.heap)} of heap).` : '.'),
    );
  }
  return lines.join('\n');
}

function reportGatewaysOwn(gateway: ProcessRunResult, floor: ProcessRunResult): void {
  console.log(`\nThe gateway's own: its figures minus the floor's, ${gateway.subscriptions.toLocaleString('en')} subscriptions on ${gateway.sockets} sockets`);
  console.log(`  memory / socket                                             ${formatCost(minus(gateway.perSocket, floor.perSocket))}`);
  console.log(`  memory / subscription                                       ${formatCost(minus(gateway.perSubscription, floor.perSubscription))}`);
}

const { values: cli } = parseArgs({
  options: {
    part: { type: 'string', multiple: true },
    subject: { type: 'string', multiple: true },
    'heap-snapshots': { type: 'string' },
    'no-record': { type: 'boolean', default: false },
  },
});
const subjects = new Set((cli.subject ?? Object.keys(SUBJECTS)) as Subject[]);
for (const subject of subjects) if (!(subject in SUBJECTS)) throw new Error(`--subject: one of ${Object.keys(SUBJECTS).join(', ')}`);
const parts = new Set(cli.part ?? ['registry', 'ws', 'process']);
const snapshotDir = cli['heap-snapshots'];
if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });

if (!gc) console.warn('gc is not exposed: memory figures are skipped (npm run bench:subscriptions passes --expose-gc).');
const started = Date.now();
if (parts.has('registry')) await benchRegistry(100);
if (parts.has('ws')) await benchGraphqlWs(10, 20);
if (parts.has('process')) {
  await buildGateway();
  const built = await buildProcessEntries();
  const processRuns: ProcessRunResult[] = [];
  for (const [subscriptions, sockets] of [
    [1_000, 40],
    [2_000, 80],
  ] as const) {
    const runs: Partial<Record<Subject, ProcessRunResult>> = {};
    for (const subject of subjects) {
      const run = await benchProcess(subject, subscriptions, sockets, built, snapshotDir);
      reportProcessRun(run);
      runs[subject] = run;
    }
    if (runs.gateway && runs.floor) reportGatewaysOwn(runs.gateway, runs.floor);
    processRuns.push(...Object.values(runs));
  }
  const formatted = formatProcessRuns(processRuns);
  console.log(`\n${formatted}`);
  // A run of every subject, without heap snapshots (whose writing moves RSS), is the record.
  if (!cli.subject && !snapshotDir && !cli['no-record']) {
    recordResults(RESULTS_MARKER, 'subscriptions, ', formatted);
    console.log('Results written to docs/performance.md.');
  }
}
console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
