import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it, onTestFinished } from 'vitest';
import { exitOfMain } from './helpers/main-process.js';

describe('npm start', () => {
  it('serves GraphiQL against the embedded sandbox and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: '0', COHERE_BASE_URL: '', COHERE_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A failing assertion must not leave the gateway running.
    onTestFinished(() => void child.kill('SIGKILL'));
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (output += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const match = /ready: (http:\/\/\S+)/.exec(output);
        if (match?.[1] && output.includes('COHERE_BASE_URL')) resolve(match[1]);
      });
      child.once('exit', () => reject(new Error(`exited early:\n${output}`)));
    });
    expect(output).toMatch(/sandbox/i);
    expect(output).toContain('Bearer sandbox-demo-key');

    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('ModelWithHistory');
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox-demo-key' },
      body: JSON.stringify({ query: '{ finetunedModels(first: 3) { totalCount edges { node { name status } } } }' }),
    });
    const body = (await answer.json()) as { data: { finetunedModels: { totalCount: number } } };
    expect(body.data.finetunedModels.totalCount).toBeGreaterThan(3);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses to start on a bad setting, naming it', async () => {
    const { code, stderr } = await exitOfMain({ PORT: 'not-a-port' });
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
  });
});
