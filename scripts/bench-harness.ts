// The benchmark harness: the sandbox upstream, the gateway and two baselines each in their own process (they share
// the machine's cores with the load generator, this process, in every run alike), load from autocannon, and every
// response checked against the answer all sides agreed on before the run. The baselines: the reference endpoint
// (no GraphQL at all; the targets are ratios to it) and the Yoga floor (the least a graphql-yoga server does for
// the same reads), which shows how much of the gateway's cost is GraphQL on Yoga and how much is its own.
// scripts/bench.ts is the command line; test/bench.test.ts runs the quickest mode to prove that the harness works.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon, { type Client, type Request as BenchRequest } from 'autocannon';
import type { FaultRule } from '../src/sandbox/index.js';

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
export type Target = 'gateway' | 'yoga-floor' | 'reference';
export const TARGETS: readonly Target[] = ['gateway', 'yoga-floor', 'reference'];
/** Each target's entry point (the gateway as deployed: main.ts). */
const ENTRIES: Record<Target, string> = {
  gateway: 'src/main.ts',
  'yoga-floor': 'scripts/yoga-floor-endpoint.ts',
  reference: 'scripts/reference-endpoint.ts',
};

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
  /** Caps every scenario's connections (a smoke test that should not load a shared machine). */
  maxConnections?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface RunResult {
  latency: LatencyName;
  scenario: ScenarioName;
  target: Target;
  connections: number;
  /** Correct responses completed per second. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  responses: number;
  /** CPU time of the target's process and of the sandbox, per operation. */
  targetCpuMsPerOp: number;
  upstreamCpuMsPerOp: number;
  /** Wrong bodies, non-200 answers, connection errors and timeouts. */
  errors: number;
  /** Upstream calls per operation sent (an operation still running when the run ends counts too). */
  upstreamCallsPerOp: number;
  /**
   * The fewest upstream calls any one key made per answer it got: at least the distinct resources of an operation
   * when every key's answers came from its own calls (with no micro-cache configured).
   */
  minKeyCallsPerAnswer: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  date: string;
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
async function startService(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
  nodeArgs: string[] = [],
): Promise<Service> {
  const logFile = join(logDir, `${name}.log`);
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], { cwd: ROOT, env, stdio: ['ignore', out, out] });
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

async function stopService(service: Service): Promise<void> {
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

/** The HTTP request a client sends for a read with a key: GraphQL to the gateway and the floor, a GET to the reference. */
export function requestFor(endpoints: Endpoints, target: Target, read: Read, key: string, modelId: string): HttpCall {
  const authorization = `Bearer ${key}`;
  if (target === 'reference') {
    const path = read === 'model' ? `/model?id=${encodeURIComponent(modelId)}` : '/models';
    return { url: endpoints.reference, method: 'GET', path, headers: { authorization } };
  }
  const body = JSON.stringify(read === 'model' ? { query: MODEL_QUERY, variables: { id: modelId } } : { query: LIST_QUERY });
  return {
    url: endpoints[target],
    method: 'POST',
    path: new URL(endpoints[target]).pathname,
    headers: { authorization, 'content-type': 'application/json', accept: 'application/json' },
    body,
  };
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
  /** What the gateway and the baselines were started with, beside the caller's environment. */
  gatewayEnv: Record<string, string>;
  /** Stops every process, the sandbox last. */
  stop(): Promise<void>;
}

/**
 * The sandbox, then the gateway and both baselines against it, each in its own process; `nodeArgsOf` adds Node
 * flags to a target's process (e.g. a CPU profile).
 */
export async function startTargets(logDir: string, nodeArgsOf: (target: Target) => string[] = () => []): Promise<Targets> {
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
    const starts = await Promise.allSettled(
      TARGETS.map((target) => startService(target, ENTRIES[target], { ...process.env, ...gatewayEnv }, logDir, nodeArgsOf(target))),
    );
    for (const start of starts) if (start.status === 'fulfilled') started.push(start.value);
    const failed = starts.find((start) => start.status === 'rejected');
    if (failed) throw failed.reason;
    const [gateway, floor, reference] = started.slice(1);
    const processes: Record<Target, Service> = { gateway: gateway!, 'yoga-floor': floor!, reference: reference! };
    const endpoints: Endpoints = { gateway: gateway!.url, 'yoga-floor': floor!.url, reference: reference!.url };
    return { sandbox, upstream: new Upstream(sandbox.url, adminToken), processes, endpoints, gatewayEnv, stop };
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

export async function runBenchmark(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => undefined);
  const logDir = mkdtempSync(join(tmpdir(), 'gateway-bench-'));
  const { sandbox, upstream, processes, endpoints, gatewayEnv, stop } = await startTargets(logDir);
  try {
    log(
      `sandbox ${sandbox.url}, gateway ${endpoints.gateway}, yoga floor ${endpoints['yoga-floor']}, ` +
        `reference ${endpoints.reference}; logs in ${logDir}`,
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

    const expected = new Map<string, string>();
    for (const scenario of scenarios) {
      for (let client = 0; client < scenario.connections; client += 1) {
        const key = scenario.keyOf(client);
        const id = `${scenario.read}\u0000${key}`;
        if (!expected.has(id)) expected.set(id, await agreedAnswer(endpoints, scenario.read, key, modelIds.get(key)!));
      }
    }

    const results: RunResult[] = [];
    for (const latency of options.latencies) {
      await upstream.setFaults(LATENCIES[latency].faults);
      for (const scenario of scenarios) {
        for (const target of TARGETS) {
          const requestOf = (client: number) => {
            const key = scenario.keyOf(client);
            return { key, request: requestFor(endpoints, target, scenario.read, key, modelIds.get(key)!) };
          };
          const expectedOf = (client: number) => expected.get(`${scenario.read}\u0000${scenario.keyOf(client)}`)!;
          await load(requestOf, expectedOf, scenario.connections, options.warmupSeconds);
          // Lets what the warm-up left running finish before counting starts.
          await sleep(200);
          await upstream.resetCalls();
          // Setting the rules again starts their seeded draws afresh: every target meets the same upstream.
          await upstream.setFaults(LATENCIES[latency].faults);
          const serving = processes[target];
          const [target0, upstream0] = [cpuMs(serving.process.pid), cpuMs(sandbox.process.pid)];
          const run = await load(requestOf, expectedOf, scenario.connections, options.durationSeconds);
          const [targetCpuMs, upstreamCpuMs] = [cpuMs(serving.process.pid) - target0, cpuMs(sandbox.process.pid) - upstream0];
          const calls = await upstream.calls();
          const result = summarize(latency, scenario.id, target, scenario.connections, { run, calls, targetCpuMs, upstreamCpuMs });
          if (run.firstError) log(`  first error: ${run.firstError}`);
          results.push(result);
          log(
            `${LATENCIES[latency].label} ${scenario.title} (${scenario.connections} conn) ${target}: ` +
              `${result.throughput.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, ` +
              `${result.upstreamCallsPerOp.toFixed(2)} calls/op, CPU ${result.targetCpuMsPerOp.toFixed(2)} ms/op ` +
              `(sandbox ${result.upstreamCpuMsPerOp.toFixed(2)}), ${result.errors} errors`,
          );
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
  latenciesMs: number[];
  errors: number;
  /** Requests sent, and correct answers received, per key. */
  sentByKey: Map<string, number>;
  answersByKey: Map<string, number>;
  firstError: string | undefined;
}

/** Drives `connections` clients for `seconds`; client i sends `requestOf(i)` and must get `expectedOf(i)` back. */
export async function load(
  requestOf: (client: number) => { key: string; request: HttpCall },
  expectedOf: (client: number) => string,
  connections: number,
  seconds: number,
): Promise<LoadRun> {
  const run: LoadRun = { seconds, latenciesMs: [], errors: 0, sentByKey: new Map(), answersByKey: new Map(), firstError: undefined };
  const count = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  let nextClient = 0;
  const { request: first } = requestOf(0);
  const result = await autocannon({
    url: first.url,
    connections,
    duration: seconds,
    // autocannon stops on its sampling tick: a tenth of a second keeps short runs short.
    sampleInt: 100,
    timeout: 10,
    // Each client gets its own request and its own expected answer.
    setupClient: (client: Client) => {
      const index = nextClient;
      nextClient += 1;
      const { key, request } = requestOf(index);
      const want = expectedOf(index);
      const { url: _url, ...http } = request;
      const checked: BenchRequest = {
        ...http,
        onResponse: (status, body) => {
          if (status === 200 && body === want) {
            count(run.answersByKey, key);
            return;
          }
          run.errors += 1;
          run.firstError ??= `${status} ${body.slice(0, 300)}`;
        },
      };
      client.setRequests([checked]);
      client.on('response', (_status, _bytes, responseTime) => run.latenciesMs.push(responseTime));
      // Not in autocannon's typings, but emitted by its client for every request it writes.
      (client as NodeJS.EventEmitter).on('request', () => count(run.sentByKey, key));
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
  target: Target,
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
function cpuMs(pid: number | undefined): number {
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

function machine(): Machine {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  };
}

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

function resultOf(report: BenchReport, latency: LatencyName, scenario: ScenarioName, target: Target): RunResult | undefined {
  return report.results.find((r) => r.latency === latency && r.scenario === scenario && r.target === target);
}

/** The issue's targets, each a ratio (or a difference) within one run at one latency setting. */
export function checkTargets(report: BenchReport): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const check = (target: string, measured: string, met: boolean) => checks.push({ target, measured, met });
  const find = (latency: LatencyName, scenario: ScenarioName, target: Target) => resultOf(report, latency, scenario, target);
  for (const latency of report.options.latencies) {
    const label = LATENCIES[latency].label;
    const pair = (scenario: ScenarioName) => {
      const gateway = find(latency, scenario, 'gateway');
      const reference = find(latency, scenario, 'reference');
      return gateway && reference ? { gateway, reference } : undefined;
    };
    const throughputAtLeast = (scenario: ScenarioName, factor: number, what: string) => {
      const p = pair(scenario);
      if (!p) return;
      const r = p.gateway.throughput / p.reference.throughput;
      check(`${label}: ${what} ≥ ${factor}× the reference's`, `${r.toFixed(2)}×`, r >= factor);
    };
    const oneConnection = pair('model-1conn');
    if (oneConnection) {
      const added = oneConnection.gateway.p50Ms - oneConnection.reference.p50Ms;
      check(`${label}: scenario 1, added p50 at 1 connection ≤ 1 ms`, `${added.toFixed(2)} ms`, added <= 1);
    }
    throughputAtLeast('model', 0.8, 'scenario 1 throughput');
    throughputAtLeast('hot-key', 2, 'scenario 3 (hot key) throughput');
    throughputAtLeast('many-keys', 0.8, 'scenario 4 (many keys) throughput');
    for (const scenario of ['model-1conn', 'list', 'many-keys'] as const) {
      const gateway = find(latency, scenario, 'gateway');
      if (!gateway) continue;
      const distinct = report.distinctResources[SCENARIOS[scenario].read];
      // An operation still running when a run ends may have made only part of its calls, never more.
      check(
        `${label}: scenario ${SCENARIOS[scenario].title.slice(0, 1)}, upstream calls/op ≤ distinct resources (${distinct})`,
        gateway.upstreamCallsPerOp.toFixed(2),
        gateway.upstreamCallsPerOp <= distinct + 0.005,
      );
    }
    const hot = find(latency, 'hot-key', 'gateway');
    if (hot) check(`${label}: scenario 3, upstream calls/op far below 1`, hot.upstreamCallsPerOp.toFixed(2), hot.upstreamCallsPerOp < 0.5);
    const many = find(latency, 'many-keys', 'gateway');
    if (many) {
      // Every answer is checked against its own key's data; this shows each key's reads reached the upstream.
      const distinct = report.distinctResources.model;
      check(
        `${label}: scenario 4, every key's calls seen by the upstream (≥ ${distinct} per answer)`,
        `min ${many.minKeyCallsPerAnswer.toFixed(2)}`,
        many.minKeyCallsPerAnswer >= distinct,
      );
    }
  }
  const errors = report.results.reduce((total, r) => total + r.errors, 0);
  check('every response correct (no errors, no wrong answers)', `${errors} errors`, errors === 0);
  return checks;
}

export function formatReport(report: BenchReport): string {
  const { machine: m } = report;
  const lines = [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; ${m.date}.`,
    `Gateway settings: ${Object.entries(report.gatewayEnv).map(([k, v]) => `${k}=${v}`).join(', ')}.`,
    `${report.options.durationSeconds} s per run after ${report.options.warmupSeconds} s of warm-up.`,
    '',
    '| upstream latency | scenario | conns | target | req/s | p50 ms | p99 ms | upstream calls/op | CPU ms/op (target + sandbox) | errors |',
    '|---|---|--:|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of report.results) {
    lines.push(
      `| ${LATENCIES[r.latency].label} | ${SCENARIOS[r.scenario].title} | ${r.connections} | ${r.target} | ` +
        `${r.throughput.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.upstreamCallsPerOp.toFixed(2)} | ` +
        `${r.targetCpuMsPerOp.toFixed(2)} + ${r.upstreamCpuMsPerOp.toFixed(2)} | ${r.errors} |`,
    );
  }
  lines.push('', '| target | measured | |', '|---|---|---|');
  for (const check of checkTargets(report)) lines.push(`| ${check.target} | ${check.measured} | ${check.met ? 'met' : 'MISSED'} |`);
  lines.push(
    '',
    'Against the reference, for comparison (not targets): the gateway, and the least a Yoga server does.',
    '',
    '| upstream latency | scenario | conns | gateway | yoga floor |',
    '|---|---|--:|--:|--:|',
  );
  for (const reference of report.results.filter((r) => r.target === 'reference')) {
    const of = (target: Target) => resultOf(report, reference.latency, reference.scenario, target);
    const ratio = (result: RunResult | undefined) => (result ? `${(result.throughput / reference.throughput).toFixed(2)}×` : '–');
    const label = `${LATENCIES[reference.latency].label} | ${SCENARIOS[reference.scenario].title} | ${reference.connections}`;
    lines.push(`| ${label} | ${ratio(of('gateway'))} | ${ratio(of('yoga-floor'))} |`);
  }
  return lines.join('\n');
}
