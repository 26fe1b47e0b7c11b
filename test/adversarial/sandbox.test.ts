// The sandbox must never pass for production, nor expose tenants: its admin API needs the token printed at start,
// its call log holds key hashes only, and a production gateway without an upstream refuses to start unless the
// sandbox is asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { freshKey } from '../helpers/fixtures.js';
import { chatModel, sandboxRest } from '../helpers/sandbox-rest.js';
import { exitOfMain } from '../helpers/main-process.js';

describe("the sandbox's admin API", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = createSandbox({ seedDemoData: false });
    await sandbox.start();
  });
  afterAll(() => sandbox.stop());

  const admin = (method: string, path: string, token: string | null, body?: unknown) =>
    fetch(`${sandbox.url}/_sandbox/${path}`, {
      method,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it.each([
    ['GET', 'calls'],
    ['POST', 'calls/reset'],
    ['PUT', 'faults'],
    ['DELETE', 'faults'],
  ])('refuses %s /_sandbox/%s without the admin token, or with another one', async (method, path) => {
    const body = method === 'PUT' ? [{ status: 503 }] : undefined;
    expect((await admin(method, path, null, body)).status).toBe(401);
    expect((await admin(method, path, 'not-the-admin-token', body)).status).toBe(401);
    // No fault was set: the API answers as usual.
    expect((await sandboxRest(sandbox.url, freshKey()).list()).status).toBe(200);
  });

  it('lists calls with key hashes only, never a key', async () => {
    const key = freshKey('secret-tenant-key');
    await sandboxRest(sandbox.url, key).create(chatModel());
    const response = await admin('GET', 'calls', sandbox.adminToken);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(key);
    expect(text).toMatch(/"keyHash":"[0-9a-f]{64}"/);
  });
});

describe('a production gateway without an upstream', () => {
  it('refuses to start, naming COHERE_BASE_URL, unless SANDBOX=true asks for the sandbox', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/COHERE_BASE_URL: is required when NODE_ENV=production/);
    expect(loadConfig({ NODE_ENV: 'production', SANDBOX: 'true' }).cohereBaseUrl).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'production', COHERE_BASE_URL: 'https://api.cohere.com' }).cohereBaseUrl).toBe('https://api.cohere.com');
  });

  it('exits with code 1 and the reason when started that way', async () => {
    const { code, stderr } = await exitOfMain({ NODE_ENV: 'production', COHERE_BASE_URL: '', PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toContain('COHERE_BASE_URL: is required when NODE_ENV=production');
    expect(stderr).toContain('SANDBOX=true');
  });
});
