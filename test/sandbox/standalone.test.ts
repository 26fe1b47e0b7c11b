import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../src/finetuning/contract.js';
import { ConfigError, loadSandboxConfig } from '../../src/config.js';

const MAIN = fileURLToPath(new URL('../../src/sandbox/main.ts', import.meta.url));

function runMain(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * What `stream` carries until `until` says enough (or it ends). Read by listening rather than by async iteration:
 * leaving a `for await` loop destroys the stream, and the child's next write to a closed pipe would kill it.
 */
function collect(stream: NodeJS.ReadableStream | null, until: (text: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    if (!stream) return resolve(text);
    const read = (chunk: unknown) => {
      text += String(chunk);
      if (!until(text)) return;
      // The stream keeps flowing: what the child writes later is dropped, not left to fill the pipe.
      stream.off('data', read);
      resolve(text);
    };
    stream.on('data', read);
    stream.once('end', () => resolve(text));
  });
}

describe('the standalone sandbox environment', () => {
  it('defaults to any free port on 127.0.0.1 at speed 60 with no faults, as the gateway reads it', () => {
    expect(loadSandboxConfig({})).toEqual({ host: '127.0.0.1', port: 0, speed: 60, faults: [] });
  });

  it('reads port, host, speed and fault rules', () => {
    const env = {
      SANDBOX_PORT: '0',
      SANDBOX_HOST: '0.0.0.0',
      SANDBOX_SPEED: '600',
      SANDBOX_FAULTS: '[{"routes":["createModel"],"status":503,"retryAfterSeconds":1,"rate":0.1}]',
    };
    expect(loadSandboxConfig(env)).toEqual({
      host: '0.0.0.0',
      port: 0,
      speed: 600,
      faults: [{ routes: ['createModel'], status: 503, retryAfterSeconds: 1, rate: 0.1 }],
    });
  });

  it.each([
    ['SANDBOX_PORT', '70000'],
    ['SANDBOX_PORT', 'http'],
    ['SANDBOX_HOST', 'two words'],
    ['SANDBOX_SPEED', '0'],
    ['SANDBOX_SPEED', 'fast'],
    ['SANDBOX_FAULTS', '{"status":500}'],
    ['SANDBOX_FAULTS', '[{"status":500'],
    ['SANDBOX_FAULTS', '[{"status":200}]'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadSandboxConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadSandboxConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}: `));
  });

  it('exits with code 1 and the message when a variable is bad', async () => {
    const child = runMain({ SANDBOX_SPEED: 'warp' });
    const [stderr, [code]] = await Promise.all([collect(child.stderr, () => false), once(child, 'exit')]);
    expect(code).toBe(1);
    expect(stderr).toContain('SANDBOX_SPEED: ');
  });

  it('prints its URL, serves the API, and stops cleanly on SIGTERM', async () => {
    const child = runMain({ SANDBOX_PORT: '0' });
    const exited = once(child, 'exit');
    try {
      const stdout = await collect(child.stdout, (text) => text.includes('\n'));
      const url = /http:\/\/\S+/.exec(stdout)?.[0] ?? '';
      const response = await fetch(`${url}${API_PREFIX}`, { headers: { authorization: 'Bearer standalone' } });
      expect(response.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toEqual([0, null]);
  });
});
