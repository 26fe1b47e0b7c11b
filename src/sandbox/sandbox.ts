import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, createAdminApi } from './admin-api.js';
import { CallLog, type CallFilter, type CallRecord } from './call-log.js';
import { SandboxClock } from './clock.js';
import { createCohereApi } from './cohere-api.js';
import { demoModelIds, demoModels, liveDemoModelIds, type LivePhase } from './demo-data.js';
import { FaultInjector, type FaultRule } from './faults.js';
import type { PhaseDurations } from './lifecycle.js';
import { createOperations } from './operations.js';
import { Paginator } from './pagination.js';
import { TenantRegistry } from './tenants.js';

interface LifecycleDurations {
  queuedMs?: number;
  finetuningMsPerEpoch?: number;
  deployingMs?: number;
}

export interface SandboxOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Simulated time runs `speed` times faster than real time; default 1. */
  speed?: number;
  /** Wall clock in ms (default Date.now); tests inject one they can step. */
  now?: () => number;
  /** Default true. */
  seedDemoData?: boolean;
  faults?: FaultRule[];
  /** Simulated durations; defaults 2 min, 15 min per epoch, 3 min. */
  lifecycle?: LifecycleDurations;
  /** What the admin API (/_sandbox/) asks for as a bearer token; default: a random one, see `adminToken`. */
  adminToken?: string;
}

export interface Sandbox {
  /** 'http://127.0.0.1:PORT' once started; throws before. */
  readonly url: string;
  start(): Promise<string>;
  /** Closes the server and every open socket, hung ones included; idempotent. */
  stop(): Promise<void>;
  /** The bearer token of the admin API. */
  readonly adminToken: string;
  faults: { set(rules: FaultRule[]): void; clear(): void };
  calls: { list(filter?: CallFilter): CallRecord[]; count(filter?: CallFilter): number; reset(): void };
  /** The ids of the demo models seeded for that key (deterministic). */
  demoModelIds(key: string): string[];
  /** Those of them caught mid-run when seeded, by the phase they are in then: what live examples follow. */
  liveDemoModelIds(key: string): Record<LivePhase, string>;
}

const MINUTE_MS = 60_000;
const DEFAULT_LIFECYCLE: Required<LifecycleDurations> = {
  queuedMs: 2 * MINUTE_MS,
  finetuningMsPerEpoch: 15 * MINUTE_MS,
  deployingMs: 3 * MINUTE_MS,
};

function checkOptions(speed: number, lifecycle: Required<LifecycleDurations>): void {
  if (!(Number.isFinite(speed) && speed > 0)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  for (const [name, ms] of Object.entries(lifecycle)) {
    if (!(Number.isFinite(ms) && ms >= 0)) {
      throw new RangeError(`lifecycle.${name} must be a non-negative number, got ${ms}`);
    }
  }
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { address, family, port: bound } = server.address() as AddressInfo;
      resolve(`http://${family === 'IPv6' ? `[${address}]` : address}:${bound}`);
    });
  });
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const { host = '127.0.0.1', port = 0, speed = 1, now = Date.now, seedDemoData = true } = options;
  const lifecycle = { ...DEFAULT_LIFECYCLE, ...options.lifecycle };
  checkOptions(speed, lifecycle);

  const clock = new SandboxClock(now, speed);
  const durationsIn = (toUs: (ms: number) => number): PhaseDurations => ({
    queuedUs: toUs(lifecycle.queuedMs),
    finetuningPerEpochUs: toUs(lifecycle.finetuningMsPerEpoch),
    deployingUs: toUs(lifecycle.deployingMs),
  });
  const live = durationsIn((ms) => clock.realUs(ms));
  const history = durationsIn((ms) => ms * 1000);
  const faults = new FaultInjector(options.faults);
  const calls = new CallLog();
  const tenants = new TenantRegistry((key) =>
    seedDemoData ? demoModels(key, { seededUs: clock.nowUs(), history, live }) : [],
  );
  const stopController = new AbortController();
  const stopping = stopController.signal;
  // Every request held by a latency fault waits on this signal, and lets go when its wait ends: as many listeners
  // as such requests in flight, which is no leak.
  setMaxListeners(0, stopping);
  const operations = createOperations({ clock, paginator: new Paginator(randomBytes(32)), durations: live });
  const cohereApi = createCohereApi({ clock, calls, faults, tenants, operations, stopping });
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const adminApi = createAdminApi({ calls, faults, stopping, token: adminToken });

  const server = createServer((req, res) => {
    const target = req.url ?? '/';
    const queryStart = target.indexOf('?');
    const pathname = queryStart === -1 ? target : target.slice(0, queryStart);
    const query = new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1));
    void (pathname.startsWith(ADMIN_PREFIX) ? adminApi : cohereApi)(req, res, pathname, query);
  });

  let url: string | undefined;
  let started: Promise<string> | undefined;
  let stopped: Promise<void> | undefined;

  async function close(): Promise<void> {
    stopController.abort();
    await started?.catch(() => undefined);
    if (!server.listening) return;
    const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    server.closeAllConnections();
    await closed;
  }

  return {
    get url() {
      if (url === undefined) throw new Error('the sandbox is not started: await sandbox.start() first');
      return url;
    },
    start() {
      started ??= listen(server, port, host).then((address) => (url = address));
      return started;
    },
    stop() {
      stopped ??= close();
      return stopped;
    },
    adminToken,
    faults: { set: (rules) => faults.set(rules), clear: () => faults.clear() },
    calls: { list: (filter) => calls.list(filter), count: (filter) => calls.count(filter), reset: () => calls.reset() },
    demoModelIds,
    liveDemoModelIds,
  };
}
