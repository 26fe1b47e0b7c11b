// Idempotent creates across a fleet: gateway instances in front of one sandbox keep their idempotency keys in one
// real redis-server, so a create retried through any instance makes one model. A retry replays it, waits for the
// attempt under way, or looks for the model an attempt of unknown outcome made; while Redis is down, a create with a
// key is refused (coded, retryable) rather than risk a second model.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FinetunedModel } from '../src/finetuning/model.js';
import { createLogger } from '../src/observability/logger.js';
import { RedisIdempotencyStore } from '../src/scale-out/idempotency-store.js';
import { freshKey } from './helpers/fixtures.js';
import { gatewayOn, startGateway, type GatewayOn, type TestGateway } from './helpers/gateway.js';
import { startLossyProxy } from './helpers/lossy-proxy.js';
import { RedisServer, redisServerInstalled } from './helpers/redis.js';
import { ok, sandboxRest } from './helpers/sandbox-rest.js';

const CREATE = `
  mutation Create($input: CreateFinetunedModelInput!) {
    createFinetunedModel(input: $input) {
      __typename
      ... on CreateFinetunedModelPayload { replayed finetunedModel { id name } }
      ... on FinetuningError { code message }
    }
  }
`;

interface CreateAnswer {
  createFinetunedModel: { __typename: string; replayed?: boolean; finetunedModel?: { id: string; name: string }; code?: string } | null;
}

const modelInput = (name: string, idempotencyKey?: string) => ({
  name,
  idempotencyKey,
  settings: { baseModel: { baseType: 'CHAT' }, datasetId: 'dataset-chat-1' },
});

const installed = redisServerInstalled();
if (!installed) console.warn('test/scale-out-idempotency.test.ts: redis-server is not installed (apt-get install redis-server): Redis tests skipped');

describe.skipIf(!installed)('idempotency keys shared by a fleet through a real redis-server', () => {
  let redis: RedisServer;
  let a: TestGateway;
  let b: GatewayOn;
  let extra: GatewayOn[];
  let key: string;

  /** Another instance of the fleet: in front of the same sandbox (or a proxy to it), sharing the same Redis. */
  async function instance(upstreamUrl: string, env: Record<string, string> = {}): Promise<GatewayOn> {
    const gateway = gatewayOn(upstreamUrl, { REDIS_URL: redis.url, ...env });
    extra.push(gateway);
    await redisReachable(gateway);
    return gateway;
  }

  async function redisReachable(gateway: GatewayOn, reachable = true) {
    await vi.waitFor(async () => {
      const readiness = (await (await gateway.app.fetch('http://gateway.test/readyz')).json()) as { checks: { redis: string } };
      expect(readiness.checks.redis).toBe(reachable ? 'ok' : 'failing');
    });
  }

  async function create(gateway: GatewayOn, input: ReturnType<typeof modelInput>) {
    return gateway.execute<CreateAnswer, { input: ReturnType<typeof modelInput> }>(CREATE, { input }, key);
  }

  const creates = () => a.sandbox.calls.count({ key, route: 'createModel' });
  const modelsUpstream = async () => ok(await sandboxRest(a.sandbox.url, key).list()).total_size;

  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  beforeEach(async () => {
    key = freshKey('fleet-writer');
    extra = [];
    a = await startGateway({ env: { REDIS_URL: redis.url } });
    await redisReachable(a);
    b = await instance(a.sandbox.url);
  });
  afterEach(async () => {
    await Promise.all(extra.map((gateway) => gateway.stop()));
    await a.stop();
  });
  afterAll(() => redis?.kill());

  it('makes one model from a create submitted twice at once, once through each instance', async () => {
    // The first attempt is still under way when the second arrives, on whichever instance.
    a.sandbox.faults.set([{ routes: ['createModel'], latencyMs: 200 }]);
    const input = modelInput('twice', 'double-submit');
    const answers = await Promise.all([create(a, input), create(b, input)]);

    const [first, second] = answers.map((answer) => answer.data!.createFinetunedModel!);
    expect(first).toMatchObject({ __typename: 'CreateFinetunedModelPayload', finetunedModel: { name: 'twice' } });
    expect(second!.finetunedModel).toEqual(first!.finetunedModel);
    expect([first!.replayed, second!.replayed].sort()).toEqual([false, true]);
    expect(creates()).toBe(1);
    expect(await modelsUpstream()).toBe(1);
  });

  it('replays through another instance a create whose first answer was lost after the upstream made the model', async () => {
    const proxy = await startLossyProxy(a.sandbox.url);
    try {
      const lossy = await instance(proxy.url);
      const input = modelInput('lost-answer', 'retry-elsewhere');
      const lost = await create(lossy, input);
      expect(lost.data).toEqual({ createFinetunedModel: null });
      expect(lost.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }) })]);

      // The outcome was unknown on the first instance: the second looks for the model before creating.
      const retried = await create(b, input);
      expect(retried.data!.createFinetunedModel).toMatchObject({ __typename: 'CreateFinetunedModelPayload', replayed: true });
      const again = await create(a, input);
      expect(again.data!.createFinetunedModel).toEqual(retried.data!.createFinetunedModel);
      expect(creates()).toBe(1);
      expect(await modelsUpstream()).toBe(1);

      // Redis names and holds hashes: neither the credential nor the client's key is in it.
      const stored = JSON.stringify(await redis.contents());
      expect(stored).toContain('finetuning-gateway:v1:idempotency:');
      expect(stored).not.toContain(key);
      expect(stored).not.toContain('retry-elsewhere');
    } finally {
      await proxy.stop();
    }
  });

  it('refuses the same key with another input through another instance', async () => {
    const made = await create(a, modelInput('one', 'reused-key'));
    expect(made.data!.createFinetunedModel).toMatchObject({ __typename: 'CreateFinetunedModelPayload', replayed: false });
    const other = await create(b, modelInput('another', 'reused-key'));
    expect(other.data!.createFinetunedModel).toMatchObject({ __typename: 'FinetuningIdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(creates()).toBe(1);
  });

  it('answers IDEMPOTENCY_KEY_IN_USE when the attempt under way outlasts the wait, and replays once it is over', async () => {
    const impatient = await instance(a.sandbox.url, { IDEMPOTENCY_WAIT_MS: '100' });
    a.sandbox.faults.set([{ routes: ['createModel'], latencyMs: 1_000 }]);
    const input = modelInput('slow', 'slow-create');
    const slow = create(a, input);
    await vi.waitFor(() => expect(creates()).toBe(1));

    const busy = await create(impatient, input);
    expect(busy.data).toEqual({ createFinetunedModel: null });
    expect(busy.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'IDEMPOTENCY_KEY_IN_USE' }) })]);

    const made = (await slow).data!.createFinetunedModel!;
    expect(made.replayed).toBe(false);
    const retried = await create(impatient, input);
    expect(retried.data!.createFinetunedModel).toEqual({ ...made, replayed: true });
    expect(creates()).toBe(1);
  });

  it('refuses a create with a key while Redis is down, coded and retryable, creating nothing; creates without a key go on', async () => {
    await redis.kill();
    try {
      await redisReachable(a, false);
      const refused = await create(a, modelInput('while-down', 'during-outage'));
      expect(refused.data).toEqual({ createFinetunedModel: null });
      expect(refused.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('Redis is unreachable'),
          extensions: expect.objectContaining({ code: 'OVERLOADED', retryAfterSeconds: 1 }),
        }),
      ]);
      expect(creates()).toBe(0);

      const unkeyed = await create(a, modelInput('no-key'));
      expect(unkeyed.data!.createFinetunedModel).toMatchObject({ __typename: 'CreateFinetunedModelPayload', replayed: false });
    } finally {
      await redis.start();
    }
    await redisReachable(b);
    const retried = await create(b, modelInput('while-down', 'during-outage'));
    expect(retried.data!.createFinetunedModel).toMatchObject({ __typename: 'CreateFinetunedModelPayload', replayed: false });
    expect(creates()).toBe(2);
  });
});

describe.skipIf(!installed)('an attempt whose instance died mid-create', () => {
  let redis: RedisServer;
  let connection: Redis;

  beforeAll(async () => {
    redis = await RedisServer.start();
    connection = new Redis(redis.url);
  });
  afterAll(async () => {
    connection?.disconnect();
    await redis?.kill();
  });

  it('counts as an outcome unknown once its claim expires: the next attempt looks for the model before creating', async () => {
    const options = { windowMs: 60_000, claimTtlMs: 200, waitMs: 5_000, logger: createLogger({ level: 'silent' }) };
    const model = { id: 'made-by-the-dead-instance' } as FinetunedModel;
    const nothing = () => Promise.resolve(null);
    // The instance that claimed the key never records an outcome, as if it died after sending the create.
    const startedAt = Date.now();
    void new RedisIdempotencyStore(connection, options).create('caller-hash', 'key', 'fingerprint', {
      create: () => new Promise<never>(() => {}),
      read: nothing,
      findCreatedSince: nothing,
    });
    // Its record, and its claim on the attempt.
    await vi.waitFor(async () => expect(await connection.keys('finetuning-gateway:v1:idempotency:caller-hash:*')).toHaveLength(2));

    const lookedSince: number[] = [];
    const create = vi.fn(() => Promise.reject(new Error('must not create again')));
    const survivor = new RedisIdempotencyStore(connection, options);
    const result = await survivor.create('caller-hash', 'key', 'fingerprint', {
      create,
      read: nothing,
      findCreatedSince: (since) => {
        lookedSince.push(since);
        return Promise.resolve(model);
      },
    });
    expect(result).toEqual({ model, replayed: true });
    expect(create).not.toHaveBeenCalled();
    // It looked from when the dead attempt began.
    expect(lookedSince).toHaveLength(1);
    expect(lookedSince[0]).toBeGreaterThanOrEqual(startedAt);
    expect(lookedSince[0]).toBeLessThan(startedAt + 200);
  });
});
