// The default log destination: stdout, written in batches. A quiet process still shows its lines soon, and a
// process that exits right after logging loses none. Each case runs in a child process of its own (stdout is the
// thing under test).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs `body` (with `logger` in scope) in a child process; resolves to its stdout lines with their arrival times. */
function run(body: string): Promise<{ lines: { text: string; atMs: number }[]; code: number | null }> {
  const script = `import { createLogger } from './src/observability/logger.js';
const logger = createLogger({ level: 'info' });
${body}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
  const started = Date.now();
  const lines: { text: string; atMs: number }[] = [];
  let rest = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const text of parts) lines.push({ text, atMs: Date.now() - started });
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ lines, code })));
}

describe('the default log destination', () => {
  it('writes a lone line out within the flush interval, long before the process ends', async () => {
    const { lines } = await run(`
      logger.info({ marker: 1 }, 'ready');
      setTimeout(() => console.log('exiting'), 3000);
    `);
    const exiting = lines.find((line) => line.text === 'exiting')!;
    const line = lines.find((candidate) => candidate.text.includes('"marker":1'))!;
    expect(JSON.parse(line.text)).toMatchObject({ level: 30, msg: 'ready', service: 'finetuning-graphql-gateway' });
    // Out before the process's last second, not held until exit.
    expect(lines.indexOf(line)).toBeLessThan(lines.indexOf(exiting));
    expect(line.atMs).toBeLessThan(exiting.atMs - 1000);
  }, 20_000);

  it.each([
    ['exits at once', 'process.exit(0)', 0],
    ['crashes', "throw new Error('boom')", 1],
  ])('keeps every buffered line, in order, when the process %s', async (_, end, exitCode) => {
    const { lines, code } = await run(`
      for (let i = 0; i < 200; i += 1) logger.info({ n: i }, 'line');
      ${end};
    `);
    expect(code).toBe(exitCode);
    const numbers = lines.filter((line) => line.text.includes('"msg":"line"')).map((line) => JSON.parse(line.text).n);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i));
  }, 20_000);
});
