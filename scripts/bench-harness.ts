// The benchmark harness: the sandbox upstream, the gateway, two baselines and a peer each in their own process (they
// share the machine's cores with the load generator, this process, in every run alike), load from autocannon, and
// every response checked against the answer all sides agreed on before the run. The baselines: the reference
// endpoint (no GraphQL at all; the targets are ratios to it) and the Yoga floor (the least a graphql-yoga server does
// for the same reads), which shows how much of the gateway's cost is GraphQL on Yoga and how much is its own. The
// peer: GraphQL Mesh over an OpenAPI description of the upstream, served by Hive Gateway (scripts/mesh-endpoint.ts),
// asked in its own schema's shape (scripts/mesh/mesh-reads.ts), its answers checked for meaning rather than bytes.
// scripts/bench.ts is the command line; test/bench.test.ts runs the quickest mode to prove that the harness works.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon, { type Client, type Request as BenchRequest } from 'autocannon';
import type { FaultRule } from '../src/sandbox/index.js';
import { machine, machineLine, type Machine } from './bench-record.js';
import { buildBenchEntries, buildGateway, DIST } from './build.js';
import {
  eventsOperation,
  LIST_OPERATION,
  listAnswerInGatewayShape,
  modelAnswerInGatewayShape,
  modelOperation,
  sameMeaning,
  type GraphQLOperation,
} from './mesh/mesh-reads.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// The selections match the reference endpoint's answers field for field, in the same order.
const MODEL_QUERY = `query ModelWithHistory($id: ID!) {
  finetunedModel(id: $id) {
    id name status createdAt
    events(first: 10) { totalCount edges { node { status userId createdAt } } }
    stepMetrics(first: 10) { edges { node { stepNumber accuracy: metric(name: "accuracy") } } }
  }
}`;
const LIST_QUERY = `query ModelsWithEvents {
  finetunedModels(first: 10) {
    edges { node { id name status events(first: 5) { totalCount edges { node { status createdAt } } } } }
  }
}`;

/**
 * The upstream latency settings: none, and what a real API in another region adds. The latency is seeded: the
 * n-th call of a key to a path waits as long in every target's run, so what differs between the targets is their
 * own cost, not the luck of the draw.
 */
export const LATENCIES = {
  '0ms': { label: '0 ms', faults: [] as FaultRule[] },
  '20-50ms': { label: '20–50 ms', faults: [{ latencyMs: { min: 20, max: 50 }, seed: 'bench' }] as FaultRule[] },
} as const;
export type LatencyName = keyof typeof LATENCIES;

export type Read = 'model' | 'list';
/** The targets that answer the gateway's queries with the gateway's bytes, making the gateway's upstream calls. */
export type Target = 'gateway' | 'yoga-floor' | 'reference';
export const TARGETS: readonly Target[] = ['gateway', 'yoga-floor', 'reference'];
/** Peers: other products doing the gateway's job, each asked in its own natural shape and answering in it. */
type Peer = 'mesh';
const PEERS: readonly Peer[] = ['mesh'];
/** Everything a run measures. */
export type Contender = Target | Peer;
const isPeer = (contender: Contender): contender is Peer => (PEERS as readonly Contender[]).includes(contender);
/** Each one's source. */
const SOURCES: Record<Contender, string> = {
  gateway: 'src/main.ts',
  'yoga-floor': 'scripts/yoga-floor-endpoint.ts',
  reference: 'scripts/reference-endpoint.ts',
  mesh: 'scripts/mesh-endpoint.ts',
};

/**
 * What each one runs, built afresh: the gateway as deployed (`npm run build`'s dist/main.js), the baselines bundled
 * the same way, so that every target runs compiled JavaScript. The Mesh peer's own code is its packages' JavaScript;
 * its small entry runs under tsx, as it reads its OpenAPI file from beside itself.
 */
async function buildEntries(): Promise<Record<Contender, string>> {
  await buildGateway();
  const [floor, reference] = await buildBenchEntries([SOURCES['yoga-floor'], SOURCES.reference]);
  return { gateway: `${DIST}main.js`, 'yoga-floor': floor!, reference: reference!, mesh: SOURCES.mesh };
}

interface Scenario {
  title: string;
  read: Read;
  connections: number;
  /** The key each client sends. */
  keyOf(client: number): string;
}

// Scenarios 1 and 2 give each client its own key, so that their numbers are the gateway's own cost per operation
// (collapsing has nothing to share); scenario 3 is where it may. Scenario 1 runs twice: with one connection for
// the added latency, and loaded for throughput.
const userKey = (client: number) => `bench-user-${client}`;

export const SCENARIOS = {
  'model-1conn': { title: '1. model + 10 events + 10 metrics', read: 'model', connections: 1, keyOf: userKey },
  model: { title: '1. model + 10 events + 10 metrics', read: 'model', connections: 10, keyOf: userKey },
  list: { title: '2. 10 models, 5 events each', read: 'list', connections: 10, keyOf: userKey },
  'hot-key': { title: '3. hot key (same query, same key)', read: 'model', connections: 50, keyOf: () => 'bench-hot' },
  'many-keys': {
    title: '4. many keys (a key per client)',
    read: 'model',
    connections: 50,
    keyOf: (client) => `bench-tenant-${client}`,
  },
} satisfies Record<string, Scenario>;
export type ScenarioName = keyof typeof SCENARIOS;

export interface BenchOptions {
  latencies: LatencyName[];
  scenarios: ScenarioName[];
  /** Seconds of load per measured run, and of the warm-up run before it. */
  durationSeconds: number;
  warmupSeconds: number;
  /**
   * Rounds of every scenario: each measures every target and peer once more, in turn, so that a ratio within a round
   * compares runs made under the same conditions; the targets take each ratio's best round.
   */
  rounds: number;
  /** Caps every scenario's connections (a smoke test that should not load a shared machine). */
  maxConnections?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/**
 * The unit of every per-operation figure is a need: what a client wants to know in a scenario. It is one HTTP
 * request everywhere but in Mesh's scenario 2, which takes two operations.
 */
export interface RunResult {
  latency: LatencyName;
  scenario: ScenarioName;
  /** From 1. */
  round: number;
  target: Contender;
  connections: number;
  /** Needs answered correctly per second. */
  throughput: number;
  /** Latency of a need (of its requests, one after the other). */
  p50Ms: number;
  p99Ms: number;
  responses: number;
  /** CPU time of the target's process and of the sandbox, per need. */
  targetCpuMsPerOp: number;
  upstreamCpuMsPerOp: number;
  /** Needs with a wrong body or a non-200 answer, and connection errors and timeouts. */
  errors: number;
  /** Upstream calls per need sent (a need still running when the run ends counts too). */
  upstreamCallsPerOp: number;
  /**
   * The fewest upstream calls any one key made per answer it got: at least the distinct resources of an operation
   * when every key's answers came from its own calls (with no micro-cache configured).
   */
  minKeyCallsPerAnswer: number;
}

export interface BenchReport {
  machine: Machine;
  options: Omit<BenchOptions, 'log'>;
  /** Gateway settings that shape the numbers, as the gateway process saw them. */
  gatewayEnv: Record<string, string>;
  /** Upstream calls one operation of each read makes, alone: the distinct resources it needs. */
  distinctResources: Record<Read, number>;
  results: RunResult[];
}

export interface Service {
  url: string;
  process: ChildProcess;
  logFile: string;
}

/**
 * Starts `entry` in its own Node process (TypeScript through tsx, with `nodeArgs` before it) and waits for it to
 * print its URL.
 */
export async function startService(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
  nodeArgs: string[] = [],
): Promise<Service> {
  const logFile = join(logDir, `${name}.log`);
  const out = openSync(logFile, 'w');
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : ['--enable-source-maps'];
  const child = spawn(process.execPath, [...nodeArgs, ...loader, entry], { cwd: ROOT, env, stdio: ['ignore', out, out] });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const url = /https?:\/\/[^\s)]+/.exec(readFileSync(logFile, 'utf8'))?.[0];
    if (url) return { url, process: child, logFile };
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not start; see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
}

export async function stopService(service: Service): Promise<void> {
  const { process: child } = service;
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

interface SandboxCall {
  method: string;
  path: string;
  /** The SHA-256 of the key the call was made with (the sandbox logs no key). */
  keyHash: string | null;
}

/** What the sandbox's call log records of a key. */
const keyHashOf = (key: string) => createHash('sha256').update(key).digest('hex');

/** The sandbox's admin API (its token is the one given to the sandbox process at start). */
export class Upstream {
  constructor(
    readonly url: string,
    private readonly adminToken: string,
  ) {}

  private admin<T>(path: string, init: RequestInit = {}): Promise<T> {
    return json<T>(`${this.url}/_sandbox/${path}`, { ...init, headers: { authorization: `Bearer ${this.adminToken}` } });
  }

  setFaults(faults: FaultRule[]): Promise<unknown> {
    return this.admin('faults', { method: 'PUT', body: JSON.stringify(faults) });
  }

  resetCalls(): Promise<unknown> {
    return this.admin('calls/reset', { method: 'POST' });
  }

  async calls(): Promise<SandboxCall[]> {
    const { calls, dropped } = await this.admin<{ calls: SandboxCall[]; dropped: number }>('calls');
    // The counts below would be short: the run made more calls than the sandbox keeps.
    if (dropped > 0) throw new Error(`the sandbox's call log dropped ${dropped} calls; use shorter runs`);
    return calls;
  }

  /** The demo model the model scenarios read (a finished run: it does not change during the benchmark). */
  async demoModelId(key: string): Promise<string> {
    const { finetuned_models: models = [] } = await json<{ finetuned_models?: { id: string; name: string }[] }>(
      `${this.url}/v1/finetuning/finetuned-models?page_size=100`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    const model = models.find((candidate) => candidate.name === 'customer-support-chat');
    if (!model) throw new Error(`no demo model for ${key}`);
    return model.id;
  }
}

export type Endpoints = Record<Target, string>;

export interface HttpCall {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A GraphQL operation sent to `url` with the key as bearer. */
function graphqlCall(url: string, key: string, operation: GraphQLOperation): HttpCall {
  return {
    url,
    method: 'POST',
    path: new URL(url).pathname,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(operation),
  };
}

/** The HTTP request a client sends for a read with a key: GraphQL to the gateway and the floor, a GET to the reference. */
export function requestFor(endpoints: Endpoints, target: Target, read: Read, key: string, modelId: string): HttpCall {
  if (target === 'reference') {
    const path = read === 'model' ? `/model?id=${encodeURIComponent(modelId)}` : '/models';
    return { url: endpoints.reference, method: 'GET', path, headers: { authorization: `Bearer ${key}` } };
  }
  const operation = read === 'model' ? { query: MODEL_QUERY, variables: { id: modelId } } : { query: LIST_QUERY };
  return graphqlCall(endpoints[target], key, operation);
}

/**
 * What one client asks for, over and over: a need, met by one or more HTTP exchanges in turn, each of which must get
 * its answer back.
 */
export interface Need {
  key: string;
  exchanges: { request: HttpCall; answer: string }[];
}

async function sendOnce(request: HttpCall): Promise<string> {
  const response = await fetch(new URL(request.path, request.url), request);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${request.url} answered ${response.status}: ${text.slice(0, 500)}`);
  return text;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const sortedCalls = (calls: SandboxCall[]) => calls.map((call) => `${call.method} ${call.path}`).sort();

export interface Targets {
  sandbox: Service;
  upstream: Upstream;
  processes: Record<Target, Service>;
  endpoints: Endpoints;
  /** The peers asked for, started beside the targets. */
  peers: Partial<Record<Peer, Service>>;
  /** What the gateway, the baselines and the peers were started with, beside the caller's environment. */
  gatewayEnv: Record<string, string>;
  /** Stops every process, the sandbox last. */
  stop(): Promise<void>;
}

/**
 * The sandbox, then the gateway, both baselines and the `peers` against it, each in its own process; `nodeArgsOf`
 * adds Node flags to a target's process (e.g. a CPU profile).
 */
export async function startTargets(
  logDir: string,
  nodeArgsOf: (target: Target) => string[] = () => [],
  peers: readonly Peer[] = [],
): Promise<Targets> {
  const started: Service[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await stopService(service);
  };
  try {
    // A slow sandbox clock: the demo runs still in progress stay in their phase for the whole benchmark.
    const adminToken = randomBytes(24).toString('base64url');
    const sandbox = await startService(
      'sandbox',
      'src/sandbox/main.ts',
      { ...process.env, SANDBOX_PORT: '0', SANDBOX_SPEED: '0.0001', SANDBOX_FAULTS: '[]', SANDBOX_ADMIN_TOKEN: adminToken },
      logDir,
    );
    started.push(sandbox);
    // The gateway as deployed (main.ts, NODE_ENV=production), with its defaults unless the caller's environment
    // overrides them. The baselines read the same upstream URL and page size.
    const gatewayEnv = {
      NODE_ENV: process.env.NODE_ENV ?? 'production',
      COHERE_BASE_URL: sandbox.url,
      PORT: '0',
      HOST: '127.0.0.1',
      GRAPHIQL: 'false',
      UPSTREAM_PAGE_SIZE: process.env.UPSTREAM_PAGE_SIZE ?? '50',
    };
    const names: Contender[] = [...TARGETS, ...peers];
    const entries = await buildEntries();
    const starts = await Promise.allSettled(
      names.map((name) =>
        startService(name, entries[name], { ...process.env, ...gatewayEnv }, logDir, isPeer(name) ? [] : nodeArgsOf(name)),
      ),
    );
    const services = new Map<Contender, Service>();
    starts.forEach((start, index) => {
      if (start.status !== 'fulfilled') return;
      started.push(start.value);
      services.set(names[index]!, start.value);
    });
    const failed = starts.find((start) => start.status === 'rejected');
    if (failed) throw failed.reason;
    const serviceOf = (name: Contender) => services.get(name)!;
    return {
      sandbox,
      upstream: new Upstream(sandbox.url, adminToken),
      processes: { gateway: serviceOf('gateway'), 'yoga-floor': serviceOf('yoga-floor'), reference: serviceOf('reference') },
      endpoints: { gateway: serviceOf('gateway').url, 'yoga-floor': serviceOf('yoga-floor').url, reference: serviceOf('reference').url },
      peers: Object.fromEntries(peers.map((peer) => [peer, serviceOf(peer)])),
      gatewayEnv,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** What every response to a read with a key must be: the reference's answer, once the other two gave the same bytes. */
export async function agreedAnswer(endpoints: Endpoints, read: Read, key: string, modelId: string): Promise<string> {
  const ask = (target: Target) => sendOnce(requestFor(endpoints, target, read, key, modelId));
  const fromReference = await ask('reference');
  for (const target of TARGETS) {
    if (target === 'reference') continue;
    const answer = await ask(target);
    if (answer !== fromReference) throw new Error(`the ${target} and the reference disagree on ${read}:\n${answer}\n${fromReference}`);
  }
  return fromReference;
}

/**
 * The Mesh peer's need for a read with a key: its operations, each with the answer Mesh gave before the runs, once
 * those answers, read into the gateway's shape, were found to mean the agreed answer. Scenario 2's second operation
 * is built from the first's answer; as every later first answer must be the same bytes, it is the same operation.
 */
async function meshNeed(url: string, read: Read, key: string, modelId: string, agreed: string): Promise<Need> {
  const exchange = async (operation: GraphQLOperation) => {
    const request = graphqlCall(url, key, operation);
    return { request, answer: await sendOnce(request) };
  };
  if (read === 'model') {
    const model = await exchange(modelOperation(modelId));
    const meant = modelAnswerInGatewayShape(model.answer);
    if (!sameMeaning(meant, agreed)) throw new Error(`Mesh's answer to ${read} does not mean the agreed one:\n${meant}\n${agreed}`);
    return { key, exchanges: [model] };
  }
  const list = await exchange(LIST_OPERATION);
  const events = await exchange(eventsOperation(list.answer));
  const meant = listAnswerInGatewayShape(list.answer, events.answer);
  if (!sameMeaning(meant, agreed)) throw new Error(`Mesh's answers to ${read} do not mean the agreed one:\n${meant}\n${agreed}`);
  return { key, exchanges: [list, events] };
}

export async function runBenchmark(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => undefined);
  const logDir = mkdtempSync(join(tmpdir(), 'gateway-bench-'));
  const { sandbox, upstream, processes, endpoints, peers, gatewayEnv, stop } = await startTargets(logDir, undefined, PEERS);
  try {
    const mesh = peers.mesh!;
    log(
      `sandbox ${sandbox.url}, gateway ${endpoints.gateway}, yoga floor ${endpoints['yoga-floor']}, ` +
        `reference ${endpoints.reference}, Mesh ${mesh.url}; logs in ${logDir}`,
    );

    const scenarios = options.scenarios.map((id) => {
      const scenario = SCENARIOS[id];
      return { id, ...scenario, connections: Math.min(scenario.connections, options.maxConnections ?? Infinity) };
    });
    const modelIds = new Map<string, string>();
    for (const scenario of scenarios) {
      for (let client = 0; client < scenario.connections; client += 1) {
        const key = scenario.keyOf(client);
        if (!modelIds.has(key)) modelIds.set(key, await upstream.demoModelId(key));
      }
    }
    const distinctResources = await checkSameUpstreamCalls(upstream, endpoints);

    // Every need a client may have, by whom it asks, its read and its key, with the answers it must get.
    const needs = new Map<string, Need>();
    const needId = (contender: Contender, read: Read, key: string) => `${contender}\u0000${read}\u0000${key}`;
    for (const { read, connections, keyOf } of scenarios) {
      for (let client = 0; client < connections; client += 1) {
        const key = keyOf(client);
        if (needs.has(needId('gateway', read, key))) continue;
        const modelId = modelIds.get(key)!;
        const agreed = await agreedAnswer(endpoints, read, key, modelId);
        for (const target of TARGETS) {
          needs.set(needId(target, read, key), { key, exchanges: [{ request: requestFor(endpoints, target, read, key, modelId), answer: agreed }] });
        }
        needs.set(needId('mesh', read, key), await meshNeed(mesh.url, read, key, modelId, agreed));
      }
    }

    const results: RunResult[] = [];
    for (const latency of options.latencies) {
      await upstream.setFaults(LATENCIES[latency].faults);
      for (const scenario of scenarios) {
        for (let round = 1; round <= options.rounds; round += 1) {
        for (const target of [...TARGETS, ...PEERS]) {
          const needOf = (client: number) => needs.get(needId(target, scenario.read, scenario.keyOf(client)))!;
          await loadNeeds(needOf, scenario.connections, options.warmupSeconds);
          // Lets what the warm-up left running finish before counting starts.
          await sleep(200);
          await upstream.resetCalls();
          // Setting the rules again starts their seeded draws afresh: every target meets the same upstream.
          await upstream.setFaults(LATENCIES[latency].faults);
          const serving = isPeer(target) ? peers[target]! : processes[target];
          const [target0, upstream0] = [cpuMs(serving.process.pid), cpuMs(sandbox.process.pid)];
          const run = await loadNeeds(needOf, scenario.connections, options.durationSeconds);
          const [targetCpuMs, upstreamCpuMs] = [cpuMs(serving.process.pid) - target0, cpuMs(sandbox.process.pid) - upstream0];
          const calls = await upstream.calls();
          const result = summarize(latency, scenario.id, round, target, scenario.connections, { run, calls, targetCpuMs, upstreamCpuMs });
          if (run.firstError) log(`  first error: ${run.firstError}`);
          results.push(result);
          log(
            `${LATENCIES[latency].label} ${scenario.title} (${scenario.connections} conn) round ${round} ${target}: ` +
              `${result.throughput.toFixed(0)} needs/s, p50 ${result.p50Ms.toFixed(2)} ms, ` +
              `${result.upstreamCallsPerOp.toFixed(2)} calls/need, CPU ${result.targetCpuMsPerOp.toFixed(2)} ms/need ` +
              `(sandbox ${result.upstreamCpuMsPerOp.toFixed(2)}), ${result.errors} errors`,
          );
        }
        }
      }
    }
    const { log: _log, ...rest } = options;
    return { machine: machine(), options: rest, gatewayEnv: gatewayEnvSettings(gatewayEnv), distinctResources, results };
  } finally {
    await stop();
  }
}

/**
 * The baselines must cost the upstream exactly what the gateway does: same routes and paths, call for call.
 * Answers how many calls one operation of each read makes.
 */
async function checkSameUpstreamCalls(upstream: Upstream, endpoints: Endpoints): Promise<Record<Read, number>> {
  const distinct: Record<Read, number> = { model: 0, list: 0 };
  for (const read of ['model', 'list'] as const) {
    // A key of its own, so that nothing the gateway may hold (a micro-cache) answers these reads.
    const key = `bench-same-calls-${read}`;
    const modelId = await upstream.demoModelId(key);
    const seen = {} as Record<Target, string[]>;
    for (const target of TARGETS) {
      await upstream.resetCalls();
      await sendOnce(requestFor(endpoints, target, read, key, modelId));
      seen[target] = sortedCalls((await upstream.calls()).filter((call) => call.keyHash === keyHashOf(key)));
      if (seen[target].join('\n') !== seen.gateway.join('\n')) {
        throw new Error(`the ${target} does not make the gateway's upstream calls for ${read}:\n${JSON.stringify(seen, null, 2)}`);
      }
    }
    distinct[read] = seen.gateway.length;
  }
  return distinct;
}

export interface LoadRun {
  seconds: number;
  /** Of every need answered, right or wrong. */
  latenciesMs: number[];
  errors: number;
  /** Needs started, and needs answered correctly, per key. */
  sentByKey: Map<string, number>;
  answersByKey: Map<string, number>;
  firstError: string | undefined;
}

/** Drives `connections` clients for `seconds`; client i sends `requestOf(i)` and must get `expectedOf(i)` back. */
export function load(
  requestOf: (client: number) => { key: string; request: HttpCall },
  expectedOf: (client: number) => string,
  connections: number,
  seconds: number,
): Promise<LoadRun> {
  return loadNeeds(
    (client) => {
      const { key, request } = requestOf(client);
      return { key, exchanges: [{ request, answer: expectedOf(client) }] };
    },
    connections,
    seconds,
  );
}

/**
 * Drives `connections` clients for `seconds`; client i meets `needOf(i)` over and over, its exchanges in turn on one
 * connection. A need is answered correctly when each of its exchanges got its answer, with status 200.
 */
export async function loadNeeds(needOf: (client: number) => Need, connections: number, seconds: number): Promise<LoadRun> {
  const run: LoadRun = { seconds, latenciesMs: [], errors: 0, sentByKey: new Map(), answersByKey: new Map(), firstError: undefined };
  const count = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  let nextClient = 0;
  const result = await autocannon({
    url: needOf(0).exchanges[0]!.request.url,
    connections,
    duration: seconds,
    // autocannon stops on its sampling tick: a tenth of a second keeps short runs short.
    sampleInt: 100,
    timeout: 10,
    // Each client gets its own need, and checks its own answers.
    setupClient: (client: Client) => {
      const { key, exchanges } = needOf(nextClient);
      nextClient += 1;
      const last = exchanges.length - 1;
      // Where the client's current need stands: how many exchanges in a row got their answer, which exchange was
      // answered last, and how long the need has taken so far.
      let right = 0;
      let answered = -1;
      let needMs = 0;
      const requests = exchanges.map(({ request, answer }, index): BenchRequest => {
        const { url: _url, ...http } = request;
        return {
          ...http,
          onResponse: (status, body) => {
            if (index === 0) [right, needMs] = [0, 0];
            answered = index;
            if (status === 200 && body === answer && right === index) right += 1;
            else run.firstError ??= `${status} ${body.slice(0, 300)}`;
            if (index !== last) return;
            if (right === exchanges.length) count(run.answersByKey, key);
            else run.errors += 1;
          },
        };
      });
      client.setRequests(requests);
      // Emitted after onResponse, with the time the exchange took.
      client.on('response', (_status, _bytes, responseTime) => {
        needMs += responseTime;
        if (answered === last) run.latenciesMs.push(needMs);
      });
      // Not in autocannon's typings, but emitted by its client for every request it writes, the exchanges in turn.
      let written = 0;
      (client as NodeJS.EventEmitter).on('request', () => {
        if (written % exchanges.length === 0) count(run.sentByKey, key);
        written += 1;
      });
    },
  });
  run.seconds = result.duration;
  run.errors += result.errors + result.timeouts;
  return run;
}

interface Measured {
  run: LoadRun;
  calls: SandboxCall[];
  targetCpuMs: number;
  upstreamCpuMs: number;
}

function summarize(
  latency: LatencyName,
  scenario: ScenarioName,
  round: number,
  target: Contender,
  connections: number,
  { run, calls, targetCpuMs, upstreamCpuMs }: Measured,
): RunResult {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  const callsByKey = new Map<string, number>();
  for (const call of calls) callsByKey.set(call.keyHash ?? '', (callsByKey.get(call.keyHash ?? '') ?? 0) + 1);
  const perKey = [...run.answersByKey].map(([key, answers]) => (callsByKey.get(keyHashOf(key)) ?? 0) / answers);
  const sent = [...run.sentByKey.values()].reduce((a, b) => a + b, 0);
  const responses = sorted.length;
  return {
    latency,
    scenario,
    round,
    target,
    connections,
    throughput: (responses - run.errors) / run.seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    responses,
    targetCpuMsPerOp: targetCpuMs / responses,
    upstreamCpuMsPerOp: upstreamCpuMs / responses,
    errors: run.errors,
    upstreamCallsPerOp: sent ? calls.length / sent : Number.NaN,
    minKeyCallsPerAnswer: perKey.length ? Math.min(...perKey) : Number.NaN,
  };
}

/** CPU time a process has used so far (Linux /proc; NaN elsewhere): user + system, in ms. */
export function cpuMs(pid: number | undefined): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ, which Linux fixes at 100 for /proc on every architecture the benchmark may run on. */
const CLOCK_TICKS_PER_SECOND = 100;

const SHOWN_SETTINGS = ['NODE_ENV', 'UPSTREAM_COLLAPSE_READS', 'UPSTREAM_MICROCACHE_MS', 'UPSTREAM_PAGE_SIZE', 'LOG_LEVEL'];

function gatewayEnvSettings(gatewayEnv: Record<string, string>): Record<string, string> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...gatewayEnv };
  return Object.fromEntries(SHOWN_SETTINGS.map((name) => [name, env[name] ?? 'default']));
}

// ---- The report ----

interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

const resultsOf = (report: BenchReport, latency: LatencyName, scenario: ScenarioName, target: Contender) =>
  report.results.filter((r) => r.latency === latency && r.scenario === scenario && r.target === target);

/** The round where `target` answered the most, for the tables. */
function bestRun(report: BenchReport, latency: LatencyName, scenario: ScenarioName, target: Contender): RunResult | undefined {
  return resultsOf(report, latency, scenario, target).reduce<RunResult | undefined>(
    (best, r) => (!best || r.throughput > best.throughput ? r : best),
    undefined,
  );
}

/**
 * `of(a, b)` for the runs of `a` and `b` in the same round, in every round where both ran: the ratios a target is
 * judged by, each within one round.
 */
function ratiosByRound(
  report: BenchReport,
  latency: LatencyName,
  scenario: ScenarioName,
  [a, b]: [Contender, Contender],
  of: (a: RunResult, b: RunResult) => number,
): number[] {
  const others = resultsOf(report, latency, scenario, b);
  return resultsOf(report, latency, scenario, a).flatMap((run) => {
    const other = others.find((r) => r.round === run.round);
    return other ? [of(run, other)] : [];
  });
}

const cpuRatio = (a: RunResult, b: RunResult) => a.targetCpuMsPerOp / b.targetCpuMsPerOp;
const throughputRatio = (a: RunResult, b: RunResult) => a.throughput / b.throughput;
const scenarioNumber = (scenario: ScenarioName) => SCENARIOS[scenario].title.slice(0, 1);

/**
 * A ratio as the targets table shows it: two decimals, or as many more as it takes not to round it across its
 * bound (1.495 against ≥ 1.5 shows as 1.495, not as a missed 1.50).
 */
export function formatRatio(ratio: number, limit: { atMost?: number; atLeast?: number }): string {
  const met = (value: number) => (limit.atMost !== undefined ? value <= limit.atMost : value >= limit.atLeast!);
  for (let decimals = 2; decimals < 8; decimals += 1) {
    const shown = ratio.toFixed(decimals);
    if (met(Number(shown)) === met(ratio)) return shown;
  }
  return String(ratio);
}

/** The issue's targets: each a ratio within one round (the best round counts), or a count over every run. */
export function checkTargets(report: BenchReport): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const check = (target: string, measured: string, met: boolean) => checks.push({ target, measured, met });
  const rounds = report.options.rounds;
  const best = (ratios: number[], lowest: boolean) => (ratios.length ? (lowest ? Math.min(...ratios) : Math.max(...ratios)) : undefined);
  const judge = (
    latency: LatencyName,
    scenario: ScenarioName,
    pair: [Contender, Contender],
    what: string,
    limit: { atMost?: number; atLeast?: number },
  ) => {
    const lowest = limit.atMost !== undefined;
    const ratios = ratiosByRound(report, latency, scenario, pair, lowest ? cpuRatio : throughputRatio);
    const ratio = best(ratios, lowest);
    if (ratio === undefined) return;
    const bound = lowest ? `≤ ${limit.atMost}×` : `≥ ${limit.atLeast}×`;
    const met = lowest ? ratio <= limit.atMost! : ratio >= limit.atLeast!;
    const all = ratios.length > 1 ? ` (rounds: ${ratios.map((r) => formatRatio(r, limit)).join(', ')})` : '';
    check(`${LATENCIES[latency].label}: scenario ${scenarioNumber(scenario)}, ${what} ${bound}`, `${formatRatio(ratio, limit)}×${all}`, met);
  };
  const has = (latency: LatencyName) => report.options.latencies.includes(latency);
  if (has('0ms')) {
    for (const scenario of ['model', 'list', 'many-keys'] as const) {
      judge('0ms', scenario, ['gateway', 'yoga-floor'], "CPU per operation, to the Yoga floor's", { atMost: 1.3 });
    }
    for (const scenario of ['model', 'list'] as const) {
      judge('0ms', scenario, ['gateway', 'mesh'], "throughput, to GraphQL Mesh's", { atLeast: 2.5 });
    }
    judge('0ms', 'hot-key', ['gateway', 'reference'], "throughput (hot key), to the reference's", { atLeast: 2 });
  }
  if (has('20-50ms')) {
    // What earlier issues met at 20–50 ms, kept: no regression where round trips dominate.
    judge('20-50ms', 'model', ['gateway', 'reference'], "throughput, to the reference's", { atLeast: 0.8 });
    judge('20-50ms', 'list', ['gateway', 'reference'], "throughput, to the reference's", { atLeast: 0.8 });
    judge('20-50ms', 'many-keys', ['gateway', 'reference'], "throughput, to the reference's", { atLeast: 0.8 });
    judge('20-50ms', 'hot-key', ['gateway', 'reference'], "throughput (hot key), to the reference's", { atLeast: 1.5 });
  }
  for (const latency of report.options.latencies) {
    const label = LATENCIES[latency].label;
    for (const scenario of ['model-1conn', 'model', 'list', 'many-keys'] as const) {
      const runs = resultsOf(report, latency, scenario, 'gateway');
      if (!runs.length) continue;
      const distinct = report.distinctResources[SCENARIOS[scenario].read];
      const most = Math.max(...runs.map((r) => r.upstreamCallsPerOp));
      // An operation still running when a run ends may have made only part of its calls, never more.
      check(
        `${label}: scenario ${scenarioNumber(scenario)}${scenario === 'model-1conn' ? ' (1 connection)' : ''}, upstream calls/op ≤ distinct resources (${distinct}), every round`,
        most.toFixed(2),
        most <= distinct + 0.005,
      );
    }
    const hot = resultsOf(report, latency, 'hot-key', 'gateway');
    if (hot.length) {
      const most = Math.max(...hot.map((r) => r.upstreamCallsPerOp));
      check(`${label}: scenario 3, upstream calls/op far below 1, every round`, most.toFixed(2), most < 0.5);
    }
    const many = resultsOf(report, latency, 'many-keys', 'gateway');
    if (many.length) {
      // Every answer is checked against its own key's data; this shows each key's reads reached the upstream.
      const distinct = report.distinctResources.model;
      const least = Math.min(...many.map((r) => r.minKeyCallsPerAnswer));
      check(
        `${label}: scenario 4, every key's calls seen by the upstream (≥ ${distinct} per answer), every round`,
        `min ${least.toFixed(2)}`,
        least >= distinct,
      );
    }
  }
  const errors = report.results.reduce((total, r) => total + r.errors, 0);
  check(`every response correct (no errors, no wrong answers), ${rounds} round${rounds === 1 ? '' : 's'}`, `${errors} errors`, errors === 0);
  return checks;
}

export function formatReport(report: BenchReport): string {
  const { machine: m, options } = report;
  const lines = [
    machineLine(m),
    `Gateway settings: ${Object.entries(report.gatewayEnv).map(([k, v]) => `${k}=${v}`).join(', ')}.`,
    `${options.durationSeconds} s per run after ${options.warmupSeconds} s of warm-up; ${options.rounds} round${options.rounds === 1 ? '' : 's'}, ` +
      'each target once per round in turn; the table shows each target\'s round with the most throughput.',
    '',
    '| upstream latency | scenario | conns | target | req/s | p50 ms | p99 ms | upstream calls/op | CPU ms/op (target + sandbox) | errors |',
    '|---|---|--:|---|--:|--:|--:|--:|--:|--:|',
  ];
  const shown = (r: RunResult) => bestRun(report, r.latency, r.scenario, r.target) === r;
  const order: readonly Contender[] = [...TARGETS, ...PEERS];
  const rank = (r: RunResult) =>
    (options.latencies.indexOf(r.latency) * options.scenarios.length + options.scenarios.indexOf(r.scenario)) * order.length +
    order.indexOf(r.target);
  const byTarget = (a: RunResult, b: RunResult) => rank(a) - rank(b);
  for (const r of report.results.filter(shown).sort(byTarget)) {
    lines.push(
      `| ${LATENCIES[r.latency].label} | ${SCENARIOS[r.scenario].title} | ${r.connections} | ${r.target} | ` +
        `${r.throughput.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.upstreamCallsPerOp.toFixed(2)} | ` +
        `${r.targetCpuMsPerOp.toFixed(2)} + ${r.upstreamCpuMsPerOp.toFixed(2)} | ${r.errors} |`,
    );
  }
  lines.push('', '| target | measured (best round) | |', '|---|---|---|');
  for (const check of checkTargets(report)) lines.push(`| ${check.target} | ${check.measured} | ${check.met ? 'met' : 'MISSED'} |`);
  lines.push(
    '',
    'For comparison (not targets), best round of each: throughput to the reference\'s, and CPU per operation to the Yoga floor\'s.',
    '(Mesh\'s scenario 2 is two operations per need.)',
    '',
    '| upstream latency | scenario | conns | gateway | yoga floor | Mesh | gateway CPU / floor CPU | Mesh CPU / floor CPU |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
  );
  for (const reference of report.results.filter((r) => r.target === 'reference' && r.round === 1)) {
    const { latency, scenario } = reference;
    const bestOf = (pair: [Contender, Contender], of: (a: RunResult, b: RunResult) => number, lowest: boolean) => {
      const ratios = ratiosByRound(report, latency, scenario, pair, of);
      return ratios.length ? `${(lowest ? Math.min(...ratios) : Math.max(...ratios)).toFixed(2)}×` : '–';
    };
    const label = `${LATENCIES[latency].label} | ${SCENARIOS[scenario].title} | ${reference.connections}`;
    lines.push(
      `| ${label} | ${bestOf(['gateway', 'reference'], throughputRatio, false)} | ${bestOf(['yoga-floor', 'reference'], throughputRatio, false)} | ` +
        `${bestOf(['mesh', 'reference'], throughputRatio, false)} | ${bestOf(['gateway', 'yoga-floor'], cpuRatio, true)} | ` +
        `${bestOf(['mesh', 'yoga-floor'], cpuRatio, true)} |`,
    );
  }
  return lines.join('\n');
}
