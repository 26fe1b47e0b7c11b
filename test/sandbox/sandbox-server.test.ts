import { describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../src/finetuning/contract.js';
import { createSandbox } from '../../src/sandbox/index.js';

describe('the sandbox server', () => {
  it('refuses to tell its url before it is started', () => {
    expect(() => createSandbox().url).toThrow(/not started/);
  });

  it('starts on a free loopback port and resolves to its url', async () => {
    const sandbox = createSandbox();
    const url = await sandbox.start();
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sandbox.url).toBe(url);
      expect(await sandbox.start()).toBe(url);
      expect((await fetch(`${url}${API_PREFIX}`, { headers: { authorization: 'Bearer k' } })).status).toBe(200);
    } finally {
      await sandbox.stop();
    }
  });

  it('stops idempotently, and even when never started', async () => {
    const sandbox = createSandbox();
    await sandbox.start();
    await Promise.all([sandbox.stop(), sandbox.stop()]);
    await sandbox.stop();
    await expect(fetch(`${sandbox.url}${API_PREFIX}`)).rejects.toThrow();
    await createSandbox().stop();
  });

  it.each([
    ['a zero speed', { speed: 0 }, /speed/],
    ['a negative phase duration', { lifecycle: { queuedMs: -1 } }, /lifecycle\.queuedMs/],
    ['an invalid fault rule', { faults: [{ status: 200 }] }, /fault rule 0/],
  ])('rejects %s in its options', (_case, options, message) => {
    expect(() => createSandbox(options as Parameters<typeof createSandbox>[0])).toThrow(message);
  });
});
