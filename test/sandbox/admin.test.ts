import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../src/finetuning/contract.js';
import { CallLog, type CallRecord } from '../../src/sandbox/call-log.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { startSandbox } from './helpers.js';
import { freshKey } from '../helpers/fixtures.js';
import { chatModel, sandboxRest } from '../helpers/sandbox-rest.js';

let sandbox: Sandbox;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  sandbox = await startSandbox({ seedDemoData: false });
});
afterEach(() => {
  sandbox.faults.clear();
  sandbox.calls.reset();
});
afterAll(() => sandbox.stop());

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandbox.url}/_sandbox/${path}`, {
    method,
    headers: { authorization: `Bearer ${sandbox.adminToken}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe('the admin endpoints', () => {
  it('list the call log with its count, filtered by route, method or key', async () => {
    const key = freshKey();
    const api = sandboxRest(sandbox.url, key);
    await api.list();
    await api.create(chatModel());
    const all = await admin('GET', 'calls');
    expect(all.status).toBe(200);
    expect(all.body.count).toBe(2);
    expect(all.body.dropped).toBe(0);
    expect(all.body.calls).toMatchObject([
      { method: 'GET', route: 'listModels', keyHash: sha256(key), status: 200 },
      { method: 'POST', route: 'createModel', keyHash: sha256(key), status: 200 },
    ]);
    expect((await admin('GET', 'calls?route=createModel')).body.count).toBe(1);
    expect((await admin('GET', 'calls?method=GET')).body.count).toBe(1);
    expect((await admin('GET', `calls?key=${freshKey()}`)).body.count).toBe(0);
  });

  it('reject a filter on an unknown route', async () => {
    const reply = await admin('GET', 'calls?route=everything');
    expect(reply.status).toBe(400);
    expect(reply.body.message).toContain('everything');
  });

  it('are not recorded in the call log themselves', async () => {
    await admin('GET', 'calls');
    await admin('PUT', 'faults', []);
    expect(sandbox.calls.count()).toBe(0);
  });

  it('reset the call log', async () => {
    await sandboxRest(sandbox.url, freshKey()).list();
    expect((await admin('POST', 'calls/reset')).status).toBe(200);
    expect(sandbox.calls.count()).toBe(0);
  });

  it('replace the fault rules, and clear them', async () => {
    expect((await admin('PUT', 'faults', [{ routes: ['listModels'], status: 503, retryAfterSeconds: 3 }])).status).toBe(200);
    const api = sandboxRest(sandbox.url, freshKey());
    const failed = await api.list();
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('3');
    expect((await admin('DELETE', 'faults')).status).toBe(200);
    expect((await api.list()).status).toBe(200);
  });

  it('answer 400 to invalid fault rules and keep the current ones', async () => {
    sandbox.faults.set([{ status: 500 }]);
    const reply = await admin('PUT', 'faults', [{ status: 500 }, { status: 'sometimes' }]);
    expect(reply.status).toBe(400);
    expect(reply.body.message).toContain('fault rule 1: status must be one of');
    expect((await admin('PUT', 'faults', { status: 500 })).status).toBe(400);
    expect((await fetch(`${sandbox.url}${API_PREFIX}`)).status).toBe(500);
  });

  it('answer 404 to unknown admin paths and 405 to wrong methods', async () => {
    expect((await admin('GET', 'nothing-here')).status).toBe(404);
    const wrong = await admin('POST', 'calls');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});

describe('the call log', () => {
  it('keeps the most recent calls within its limit, and says how many it let go of', () => {
    const log = new CallLog(100);
    const call = (n: number): CallRecord => ({ method: 'GET', route: 'getModel', path: `/m/${n}`, keyHash: 'h', clientName: null, status: 200, at: n });
    for (let n = 0; n < 250; n += 1) log.begin(call(n));
    const kept = log.list();
    expect(kept.length).toBeLessThanOrEqual(100);
    expect(kept.length + log.dropped).toBe(250);
    // The newest calls, in arrival order.
    expect(kept.at(-1)!.path).toBe('/m/249');
    expect(kept.map((record) => record.at)).toEqual([...kept.map((record) => record.at)].sort((a, b) => a - b));
    log.reset();
    expect([log.list().length, log.dropped]).toEqual([0, 0]);
  });
});
