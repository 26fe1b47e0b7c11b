import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../src/finetuning/contract.js';
import { FaultInjector } from '../../src/sandbox/faults.js';
import type { FaultRule, Sandbox } from '../../src/sandbox/index.js';
import { startSandbox } from './helpers.js';
import { freshKey } from '../helpers/fixtures.js';
import { chatModel, sandboxRest } from '../helpers/sandbox-rest.js';

/** The call log keeps keys only as their SHA-256. */
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seedDemoData: false });
});
afterEach(() => {
  sandbox.faults.clear();
  sandbox.calls.reset();
});
afterAll(() => sandbox.stop());

function listModels(key = freshKey(), init: RequestInit = {}) {
  return fetch(`${sandbox.url}${API_PREFIX}`, { ...init, headers: { authorization: `Bearer ${key}` } });
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe('injected latency', () => {
  it('delays the answer and then handles the request', async () => {
    sandbox.faults.set([{ latencyMs: 120 }]);
    const { result, ms } = await timed(() => listModels());
    expect(result.status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(110);
  });

  it('adds up the delays of every applying rule, ranges included', async () => {
    sandbox.faults.set([{ latencyMs: 60 }, { latencyMs: { min: 60, max: 80 } }]);
    const { ms } = await timed(() => listModels());
    expect(ms).toBeGreaterThanOrEqual(110);
  });
});

describe('injected failures', () => {
  it('answers 429 with Retry-After', async () => {
    sandbox.faults.set([{ status: 429, retryAfterSeconds: 7 }]);
    const response = await listModels();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({ message: 'too many requests' });
  });

  it.each([
    [500, 'internal server error'],
    [502, 'bad gateway'],
    [503, 'service unavailable'],
    [504, 'gateway timeout'],
    [408, 'request timeout'],
  ] as const)('answers %i with a JSON message', async (status, message) => {
    sandbox.faults.set([{ status }]);
    const response = await listModels();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ message });
  });

  it('sends Retry-After with 503 too', async () => {
    sandbox.faults.set([{ status: 503, retryAfterSeconds: 2 }]);
    expect((await listModels()).headers.get('retry-after')).toBe('2');
  });

  it('strikes before authentication, as a load balancer would', async () => {
    sandbox.faults.set([{ status: 502 }]);
    const response = await fetch(`${sandbox.url}${API_PREFIX}`);
    expect(response.status).toBe(502);
  });

  it('can hang until the client gives up, recording status 0', async () => {
    sandbox.faults.set([{ hang: true }]);
    await expect(listModels(freshKey(), { signal: AbortSignal.timeout(150) })).rejects.toThrow(/timeout|aborted/i);
    expect(sandbox.calls.list()).toMatchObject([{ route: 'listModels', status: 0 }]);
  });

  it('can answer 200 with a body that is not JSON', async () => {
    sandbox.faults.set([{ malformedBody: true }]);
    const response = await listModels();
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('spends a rule after `times` applications', async () => {
    sandbox.faults.set([{ status: 500, times: 2 }]);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await listModels()).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('applies a rule only to the routes it names', async () => {
    sandbox.faults.set([{ routes: ['createModel'], status: 503 }]);
    const api = sandboxRest(sandbox.url, freshKey());
    expect((await api.list()).status).toBe(200);
    expect((await api.create(chatModel())).status).toBe(503);
  });

  it('lets the first applying failure rule decide', async () => {
    sandbox.faults.set([{ status: 500, times: 1 }, { status: 503 }]);
    expect([(await listModels()).status, (await listModels()).status]).toEqual([500, 503]);
  });

  it('never applies a rule with rate 0', async () => {
    sandbox.faults.set([{ status: 500, rate: 0 }]);
    for (let i = 0; i < 5; i += 1) expect((await listModels()).status).toBe(200);
  });

  it('applies a rate roughly that often', async () => {
    sandbox.faults.set([{ status: 500, rate: 0.5 }]);
    const statuses = await Promise.all(Array.from({ length: 200 }, async () => (await listModels()).status));
    const failures = statuses.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(50);
    expect(failures).toBeLessThan(150);
  });

  it('with a seed, makes the same choices for the n-th request of a key to a path in every run', async () => {
    const key = freshKey();
    const rules: FaultRule[] = [{ status: 500, rate: 0.5, seed: 'bench' }];
    const run = async (who: string) => {
      sandbox.faults.set(rules);
      const statuses: number[] = [];
      for (let i = 0; i < 16; i += 1) statuses.push((await listModels(who)).status);
      return statuses;
    };
    const first = await run(key);
    expect(new Set(first)).toEqual(new Set([200, 500]));
    // Setting the rules again starts every count afresh: the same key meets the same choices.
    expect(await run(key)).toEqual(first);
    expect(await run(freshKey())).not.toEqual(first);
  });

  it('with a seed, draws latencies in the range that repeat per key and path', () => {
    const rules: FaultRule[] = [{ latencyMs: { min: 20, max: 50 }, seed: 'bench' }];
    const delays = (key: string, path: string) => {
      const injector = new FaultInjector(rules);
      return Array.from({ length: 50 }, () => injector.decide('getModel', { keyHash: key, path }).delayMs);
    };
    const model = delays('k1', '/v1/finetuning/finetuned-models/a');
    expect(delays('k1', '/v1/finetuning/finetuned-models/a')).toEqual(model);
    expect(delays('k1', '/v1/finetuning/finetuned-models/b')).not.toEqual(model);
    expect(delays('k2', '/v1/finetuning/finetuned-models/a')).not.toEqual(model);
    expect(Math.min(...model)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...model)).toBeLessThan(50);
    expect(new Set(model).size).toBeGreaterThan(40);
  });

  it('takes its first rules from the options', async () => {
    const flaky = await startSandbox({ faults: [{ status: 504, times: 1 }] });
    try {
      const api = sandboxRest(flaky.url, freshKey());
      expect([(await api.list()).status, (await api.list()).status]).toEqual([504, 200]);
    } finally {
      await flaky.stop();
    }
  });

  it.each<[string, unknown]>([
    ['an unknown status', [{ status: 418 }]],
    ['a rule that does nothing', [{ rate: 0.5 }]],
    ['Retry-After without 429 or 503', [{ status: 500, retryAfterSeconds: 1 }]],
    ['two failures in one rule', [{ status: 500, hang: true }]],
    ['an unknown route', [{ routes: ['listEverything'], status: 500 }]],
    ['a rate above 1', [{ status: 500, rate: 2 }]],
    ['zero times', [{ status: 500, times: 0 }]],
    ['an inverted latency range', [{ latencyMs: { min: 10, max: 5 } }]],
    ['an unknown field', [{ status: 500, sometimes: true }]],
    ['an empty seed', [{ latencyMs: 5, seed: '' }]],
  ])('refuses %s', (_case, rules) => {
    expect(() => sandbox.faults.set(rules as FaultRule[])).toThrow(/fault rule 0/);
  });
});

describe('stopping', () => {
  it('closes hung sockets, so stop() returns promptly and the client sees the connection end', async () => {
    const hanging = await startSandbox({ faults: [{ hang: true }] });
    const request = fetch(`${hanging.url}${API_PREFIX}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { ms } = await timed(() => hanging.stop());
    expect(ms).toBeLessThan(1000);
    await expect(request).rejects.toThrow();
    await hanging.stop();
  });

  it('cancels pending delays when stopping', async () => {
    const slow = await startSandbox({ faults: [{ latencyMs: 60_000 }] });
    const request = fetch(`${slow.url}${API_PREFIX}`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { ms } = await timed(() => slow.stop());
    expect(ms).toBeLessThan(1000);
    expect(await request).toBeInstanceOf(Error);
  });
});

describe('the call log', () => {
  it('records each call with route, key, client name and the status answered', async () => {
    const key = freshKey();
    const api = sandboxRest(sandbox.url, key);
    await api.call('GET', API_PREFIX, { headers: { 'x-client-name': 'my-cool-project' } });
    await api.get('missing');
    expect(sandbox.calls.list()).toEqual([
      { method: 'GET', route: 'listModels', path: API_PREFIX, keyHash: sha256(key), clientName: 'my-cool-project', status: 200, at: expect.any(Number) },
      { method: 'GET', route: 'getModel', path: `${API_PREFIX}/missing`, keyHash: sha256(key), clientName: null, status: 404, at: expect.any(Number) },
    ]);
  });

  it('records injected failures and unknown paths', async () => {
    sandbox.faults.set([{ routes: ['createModel'], status: 429 }]);
    const api = sandboxRest(sandbox.url, null);
    await api.create(chatModel());
    await api.call('GET', '/v2/elsewhere');
    expect(sandbox.calls.list().map(({ route, status, keyHash }) => ({ route, status, keyHash }))).toEqual([
      { route: 'createModel', status: 429, keyHash: null },
      { route: 'unknown', status: 404, keyHash: null },
    ]);
  });

  it('counts calls by route, method and key, and resets', async () => {
    const [a, b] = [freshKey(), freshKey()];
    await listModels(a);
    await listModels(a);
    await sandboxRest(sandbox.url, b).create(chatModel());
    expect(sandbox.calls.count()).toBe(3);
    expect(sandbox.calls.count({ route: 'listModels' })).toBe(2);
    expect(sandbox.calls.count({ method: 'post' })).toBe(1);
    expect(sandbox.calls.count({ key: a })).toBe(2);
    expect(sandbox.calls.count({ route: 'listModels', key: b })).toBe(0);
    sandbox.calls.reset();
    expect(sandbox.calls.count()).toBe(0);
  });
});
