// Several gateway instances in front of one sandbox, coordinated through a real redis-server: subscribers on
// every instance get every change while one instance of the fleet polls; a holder that dies is replaced within
// the lease TTL; while Redis is away every instance polls for itself. Real graphql-ws clients over real sockets,
// and the sandbox's clock stepped by the test, so what a poll sees is decided here.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { hashCredential } from '../src/upstream/credential.js';
import { loadConfig } from '../src/config.js';
import { createLogger, type Logger } from '../src/observability/logger.js';
import { createSandbox, type RouteName, type Sandbox } from '../src/sandbox/index.js';
import { graphql } from './gql/index.js';
import { freshKey } from './helpers/fixtures.js';
import { FAST_POLLING, LIFE_CYCLE, MINUTE, Watch, WHOLE_JOB, statusesOf, transitions, wsClient } from './helpers/live.js';
import { RedisServer, redisServerInstalled } from './helpers/redis.js';
import { createModels } from './helpers/sandbox-rest.js';

const FleetStatus = graphql(`
  subscription FleetStatus($id: ID!) {
    finetunedModelStatusChanged(id: $id) { previousStatus status }
  }
`);

const FleetStepMetrics = graphql(`
  subscription FleetStepMetrics($id: ID!) {
    finetunedModelStepMetricsAdded(id: $id) { stepNumber }
  }
`);

const LEASE_TTL_MS = 1_000;
const LEASE_RENEW_MS = 200;

/** Every instance of the fleet: fast polls, quick client retries, a short lease. */
const FLEET_ENV = {
  GRAPHIQL: 'false',
  LOG_LEVEL: 'silent',
  ...FAST_POLLING,
  POLL_JITTER_RATIO: '0',
  POLLER_LEASE_TTL_MS: String(LEASE_TTL_MS),
  POLLER_LEASE_RENEW_MS: String(LEASE_RENEW_MS),
  METRICS_TOKEN: 'prometheus-scrape-token',
};

/** One gateway of the fleet, in this process or in a child process that can be killed outright. */
interface Instance {
  client(key: string): Client;
  /** Upstream pollers running on this instance, from its /metrics. */
  pollers(): Promise<number>;
  readiness(): Promise<{ status: number; body: unknown }>;
  /** Graceful, as on SIGTERM: subscriptions complete and the instance lets go of its leases. */
  stop(): Promise<void>;
  /** Like a crash: no goodbye to anyone (a child process instance only). */
  kill(): Promise<void>;
}

/** One sandbox with a clock stepped by the test, and the gateway instances in front of it. */
async function startFleet(redis: RedisServer) {
  let offsetMs = 0;
  const sandbox: Sandbox = createSandbox({ seedDemoData: false, now: () => Date.now() + offsetMs });
  const upstreamUrl = await sandbox.start();
  const instances: Instance[] = [];

  const serve = (url: string, stop: () => Promise<void>, kill: () => Promise<void>): Instance => {
    const origin = new URL(url).origin;
    const clients: Client[] = [];
    let stopped: Promise<void> | undefined;
    return {
      client(key) {
        const client = wsClient(url, key);
        clients.push(client);
        return client;
      },
      async pollers() {
        const text = await (await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${FLEET_ENV.METRICS_TOKEN}` } })).text();
        return Number(/^subscription_pollers_active (\d+)$/m.exec(text)?.[1]);
      },
      async readiness() {
        const response = await fetch(`${origin}/readyz`);
        return { status: response.status, body: await response.json() };
      },
      stop() {
        stopped ??= Promise.all(clients.map((client) => client.dispose())).then(stop);
        return stopped;
      },
      kill,
    };
  };

  return {
    upstreamUrl,
    advance(ms: number) {
      offsetMs += ms;
    },
    /** Upstream calls of one route for one model, from every instance. */
    calls(key: string, route: RouteName, modelId: string) {
      return sandbox.calls.list({ key, route }).filter((call) => call.path.includes(modelId));
    },
    async instance(options: { env?: Record<string, string>; logger?: Logger } = {}): Promise<Instance> {
      const config = loadConfig({ ...FLEET_ENV, REDIS_URL: redis.url, ...options.env });
      const app: App = createApp({ config, upstreamUrl, logger: options.logger });
      const url = await app.start(0, '127.0.0.1');
      const instance = serve(url, () => app.stop(), () => Promise.reject(new Error('only a child process instance can be killed')));
      instances.push(instance);
      return instance;
    },
    /** A gateway started as `npm start` would, in a process of its own. */
    async process(): Promise<Instance> {
      const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: { ...process.env, ...FLEET_ENV, REDIS_URL: redis.url, COHERE_BASE_URL: upstreamUrl, PORT: '0', HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = once(child, 'exit');
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const ready = /ready: (http\S+)/.exec(output);
          if (ready) resolve(ready[1]!);
        });
        void exited.then(() => reject(new Error(`the gateway process exited before it was ready:\n${output}`)));
      });
      const signal = async (name: NodeJS.Signals) => {
        if (child.exitCode === null && child.signalCode === null) child.kill(name);
        await exited;
      };
      const instance = serve(url, () => signal('SIGTERM'), () => signal('SIGKILL'));
      instances.push(instance);
      return instance;
    },
    async stop() {
      await Promise.all(instances.map((instance) => instance.stop()));
      await sandbox.stop();
    },
  };
}
type Fleet = Awaited<ReturnType<typeof startFleet>>;

const installed = redisServerInstalled();
if (!installed) console.warn('test/scale-out.test.ts: redis-server is not installed (apt-get install redis-server): Redis tests skipped');

describe.skipIf(!installed)('several gateway instances coordinated through a real redis-server', () => {
  let redis: RedisServer;
  let fleet: Fleet;
  let key: string;

  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  beforeEach(() => {
    key = freshKey('fleet');
  });
  afterAll(() => redis?.kill());
  afterEach(() => fleet?.stop());

  it('gives subscribers on both instances every change while one instance polls for the model', async () => {
    fleet = await startFleet(redis);
    const [a, b] = [await fleet.instance(), await fleet.instance()];
    const [shared, lonely] = await createModels(fleet.upstreamUrl, key, 2);
    const first = new Watch(a.client(key), FleetStatus, shared!);
    await first.received(1);
    const others = [new Watch(b.client(key), FleetStatus, shared!), new Watch(b.client(key), FleetStatus, shared!)];
    const alone = new Watch(b.client(key), FleetStatus, lonely!);
    await Promise.all([...others, alone].map((watch) => watch.received(1)));
    // One poller per model in the whole fleet: the shared one on A, whose subscriber came first; the lonely one on B.
    expect([await a.pollers(), await b.pollers()]).toEqual([1, 1]);
    const polls = (id: string) => fleet.calls(key, 'getModel', id).length;
    const [sharedBefore, lonelyBefore] = [polls(shared!), polls(lonely!)];
    // Leases, histories and channels are named by the credential's hash; the key itself is nowhere in Redis.
    const stored = JSON.stringify(await redis.contents());
    expect(stored).toContain(hashCredential(key));
    expect(stored).not.toContain(key);

    fleet.advance(WHOLE_JOB);
    await Promise.all([first, ...others, alone].map((watch) => watch.finished));
    for (const watch of [first, ...others, alone]) expect(statusesOf(watch)).toEqual(transitions(LIFE_CYCLE));
    // Over the same span, the model followed on two instances cost the upstream what the model followed on one cost.
    expect(polls(shared!) - sharedBefore).toBeLessThanOrEqual(polls(lonely!) - lonelyBefore + 2);
    expect(fleet.calls(key, 'listEvents', shared!)).toHaveLength(fleet.calls(key, 'listEvents', lonely!).length);
    // Streams that ended leave nothing behind.
    expect(JSON.stringify(await redis.contents())).not.toContain(hashCredential(key));
  });

  it('gives a subscriber who joins on another instance mid-run every metric row from the first, exactly once', async () => {
    fleet = await startFleet(redis);
    const [a, b] = [await fleet.instance(), await fleet.instance()];
    const [id] = await createModels(fleet.upstreamUrl, key, 1);
    const early = new Watch(a.client(key), FleetStepMetrics, id!);
    fleet.advance(2 * MINUTE + 5 * MINUTE); // four rows into training (one every 90 s)
    await early.received(4);

    const late = new Watch(b.client(key), FleetStepMetrics, id!);
    await late.received(4);
    // B relays: the rows so far came from Redis, and A keeps polling metrics (and the status they depend on).
    expect([await a.pollers(), await b.pollers()]).toEqual([2, 0]);
    fleet.advance(WHOLE_JOB);
    await Promise.all([early.finished, late.finished]);

    const steps = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90];
    expect(early.messages.map((m) => m.data!.finetunedModelStepMetricsAdded.stepNumber)).toEqual(steps);
    expect(late.messages.map((m) => m.data!.finetunedModelStepMetricsAdded.stepNumber)).toEqual(steps);
  });

  it('hands the poller to another instance within the lease TTL when its holder is killed, losing no transition', async () => {
    fleet = await startFleet(redis);
    const holder = await fleet.process();
    const survivor = await fleet.instance();
    const [id] = await createModels(fleet.upstreamUrl, key, 1);
    const doomed = new Watch(holder.client(key), FleetStatus, id!);
    const socketLost = doomed.finished.then(() => 'completed', () => 'socket lost');
    await doomed.received(1);
    const watch = new Watch(survivor.client(key), FleetStatus, id!);
    await watch.received(1);
    expect([await holder.pollers(), await survivor.pollers()]).toEqual([1, 0]);
    fleet.advance(3 * MINUTE); // QUEUED → FINETUNING, seen by the holder's poller
    await watch.received(2);

    await holder.kill();
    const killedAt = Date.now();
    fleet.advance(WHOLE_JOB); // the rest of the job happens while nobody polls
    await watch.finished;

    // The survivor took the lease once it expired, and caught up from the last change it had relayed.
    expect(Date.now() - killedAt).toBeLessThan(LEASE_TTL_MS + LEASE_RENEW_MS + 500);
    expect(statusesOf(watch)).toEqual(transitions(LIFE_CYCLE));
    expect(await socketLost).toBe('socket lost');
  });

  it('lets another instance take over at once, long before the TTL, when the holder stops gracefully', async () => {
    fleet = await startFleet(redis);
    const slowLease = { POLLER_LEASE_TTL_MS: '20000', POLLER_LEASE_RENEW_MS: '5000' };
    const [holder, survivor] = [await fleet.instance({ env: slowLease }), await fleet.instance({ env: slowLease })];
    const [id] = await createModels(fleet.upstreamUrl, key, 1);
    const leaving = new Watch(holder.client(key), FleetStatus, id!);
    await leaving.received(1);
    const watch = new Watch(survivor.client(key), FleetStatus, id!);
    await watch.received(1);
    expect(await survivor.pollers()).toBe(0);

    const stoppedAt = Date.now();
    await holder.stop();
    await leaving.finished;
    await vi.waitFor(async () => expect(await survivor.pollers()).toBe(1), { timeout: 5_000, interval: 20 });
    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    fleet.advance(WHOLE_JOB);
    await watch.finished;
    expect(statusesOf(watch)).toEqual(transitions(LIFE_CYCLE));
  });

  it('polls on every instance while Redis is down, says so, and goes back to one poller when Redis returns', async () => {
    fleet = await startFleet(redis);
    const logs: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    const a = await fleet.instance({ logger: createLogger({ level: 'info', destination }) });
    const b = await fleet.instance();
    const [id] = await createModels(fleet.upstreamUrl, key, 1);
    const watches = [new Watch(a.client(key), FleetStatus, id!), new Watch(b.client(key), FleetStatus, id!)];
    await Promise.all(watches.map((watch) => watch.received(1)));
    expect((await a.pollers()) + (await b.pollers())).toBe(1);

    await redis.kill();
    for (const instance of [a, b]) {
      await vi.waitFor(async () =>
        expect(await instance.readiness()).toEqual({
          status: 200,
          body: { status: 'degraded', checks: { shutdown: 'ok', upstream: 'ok', breaker: 'ok', redis: 'failing' } },
        }),
      );
    }
    expect([await a.pollers(), await b.pollers()]).toEqual([1, 1]);
    expect(logs.some((line) => line.includes('Redis unreachable'))).toBe(true);
    fleet.advance(3 * MINUTE); // QUEUED → FINETUNING, seen by each instance's own poller
    await Promise.all(watches.map((watch) => watch.received(2)));

    await redis.start();
    for (const instance of [a, b]) {
      await vi.waitFor(async () => expect((await instance.readiness()).body).toMatchObject({ status: 'ready', checks: { redis: 'ok' } }), {
        timeout: 5_000,
      });
    }
    await vi.waitFor(async () => expect((await a.pollers()) + (await b.pollers())).toBe(1), { timeout: 5_000, interval: 20 });
    fleet.advance(WHOLE_JOB);
    await Promise.all(watches.map((watch) => watch.finished));
    for (const watch of watches) expect(statusesOf(watch)).toEqual(transitions(LIFE_CYCLE));
    expect(logs.some((line) => line.includes('Redis reachable'))).toBe(true);
  });
});

describe('scale-out configuration', () => {
  it('stays a single instance without REDIS_URL, and takes the lease timing from the environment', () => {
    expect(loadConfig({}).scaleOut).toEqual({ redisUrl: undefined, leaseTtlMs: 10_000, leaseRenewMs: 3_333 });
    const url = 'redis://:secret@10.0.0.5:6379/2';
    expect(loadConfig({ REDIS_URL: url, POLLER_LEASE_TTL_MS: '3000' }).scaleOut).toEqual({ redisUrl: url, leaseTtlMs: 3_000, leaseRenewMs: 1_000 });
  });

  it('refuses a REDIS_URL that is not redis:// or rediss://, and a renewal slower than half the TTL', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ POLLER_LEASE_TTL_MS: '1000', POLLER_LEASE_RENEW_MS: '600' })).toThrow(/POLLER_LEASE_RENEW_MS/);
  });
});
