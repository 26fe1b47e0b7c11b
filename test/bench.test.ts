// The benchmark harness in its quickest mode: that it runs, that it checks every answer, and that its upstream
// accounting adds up. Never timings: those belong to `npm run bench`, on a quiet machine.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { compareWithRef } from '../scripts/bench-ab.js';
import { withResults } from '../scripts/bench-record.js';
import { checkTargets, formatRatio, formatReport, load, runBenchmark, SCENARIOS, type ScenarioName } from '../scripts/bench-harness.js';

/** bench:ab checks a ref out with git: it runs where the project is a git checkout of its own (a clone, CI). */
function isGitCheckout(): boolean {
  try {
    return realpathSync(execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim()) === realpathSync(process.cwd());
  } catch {
    return false;
  }
}

describe('the benchmark harness', () => {
  it('counts a fast wrong answer as an error', async () => {
    let served = 0;
    // Every third answer is wrong, as a broken cache might be.
    const server = createServer((_req, res) => res.end((served += 1) % 3 === 0 ? 'wrong' : 'right'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const run = await load(
        (client) => ({ key: `k${client}`, request: { url, method: 'GET', path: '/', headers: {} } }),
        () => 'right',
        2,
        0.3,
      );
      const answers = [...run.answersByKey.values()].reduce((a, b) => a + b, 0);
      expect(answers).toBeGreaterThan(0);
      expect(run.errors).toBeGreaterThan(0);
      expect(run.firstError).toContain('wrong');
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });

  it('runs every scenario against the gateway, the Yoga floor, the reference and GraphQL Mesh, each answer checked', async () => {
    const scenarios = Object.keys(SCENARIOS) as ScenarioName[];
    const report = await runBenchmark({
      latencies: ['0ms'],
      scenarios,
      durationSeconds: 0.5,
      warmupSeconds: 0.2,
      rounds: 1,
      // Light load: other test files share the machine.
      maxConnections: 4,
    });

    expect(report.distinctResources).toEqual({ model: 3, list: 11 });
    expect(report.results).toHaveLength(scenarios.length * 4);
    expect(new Set(report.results.map((result) => result.target))).toEqual(new Set(['gateway', 'yoga-floor', 'reference', 'mesh']));
    for (const result of report.results) {
      expect(result.responses).toBeGreaterThan(0);
      expect(result.errors).toBe(0);
    }
    // What does not depend on the load: correct answers, and no more upstream calls than the data need.
    const correctness = checkTargets(report).filter((check) => !/throughput|CPU|scenario 3/.test(check.target));
    expect(correctness.map((check) => check.target)).toContain('every response correct (no errors, no wrong answers), 1 round');
    expect(correctness.filter((check) => !check.met)).toEqual([]);
    const hotKey = report.results.find((result) => result.scenario === 'hot-key' && result.target === 'gateway');
    expect(hotKey!.upstreamCallsPerOp).toBeLessThan(report.distinctResources.model);
    expect(formatReport(report)).toContain('| 0 ms | 3. hot key');
    expect(formatReport(report)).toMatch(/\| 0 ms \| 1\. model \+ 10 events \+ 10 metrics \| 1 \| [\d.]+× \| [\d.]+× \|/);
  }, 120_000);

  // In this file, not beside it: both build dist/, which two test files must not do at once.
  it.skipIf(!isGitCheckout())('compares the working tree with a git ref, run for run, each answer checked', async () => {
    const result = await compareWithRef({ base: 'HEAD', read: 'model', pairs: 1, durationSeconds: 0.4, connections: 2 });
    expect(result.baseCommit).toBe(execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim());
    expect(result.pairs).toHaveLength(1);
    for (const run of [result.pairs[0]!.base, result.pairs[0]!.tree]) {
      expect(run.answersPerSecond).toBeGreaterThan(0);
      expect(run.cpuMicrosPerOp).toBeGreaterThan(0);
    }
    expect(result.medianRatio).toBeGreaterThan(0);
    // Its checkout of the ref is gone.
    expect(execFileSync('git', ['worktree', 'list'], { encoding: 'utf8' })).not.toContain('gateway-bench-ab-');
  }, 120_000);
});

describe('where the benchmarks record their results', () => {
  const page = [
    '# Performance',
    '<!-- first: written by one -->',
    '<!-- node 18 -->\n### Node 18.0.0\n\nold 18\n<!-- end of node 18 -->',
    '## Next section',
    'text',
    '<!-- second: written by another -->',
  ].join('\n\n');
  const major = process.versions.node.split('.')[0];

  it("adds this Node version's block after the others under its marker, before the next section", () => {
    const written = withResults(page, '<!-- first: written by one -->', '', 'new table');
    expect(written).toContain(`old 18\n<!-- end of node 18 -->\n\n<!-- node ${major} -->\n### Node ${process.versions.node}\n\nnew table\n<!-- end of node ${major} -->\n\n## Next section`);
  });

  it("replaces this Node version's block, keeps the others, and keeps one benchmark's blocks apart from another's", () => {
    const once = withResults(page, '<!-- second: written by another -->', 'other, ', 'first run');
    const twice = withResults(withResults(once, '<!-- second: written by another -->', 'other, ', 'second run'), '<!-- first: written by one -->', '', 'mine');
    expect(twice).not.toContain('first run');
    expect(twice.match(/second run/g)).toHaveLength(1);
    expect(twice).toContain('old 18');
    expect(twice.indexOf('mine')).toBeLessThan(twice.indexOf('## Next section'));
    expect(twice.indexOf('second run')).toBeGreaterThan(twice.indexOf('<!-- second: written by another -->'));
  });

  it('refuses a page without the marker', () => {
    expect(() => withResults('# nothing here', '<!-- first: written by one -->', '', 'table')).toThrow(/has no/);
  });
});

describe('the targets table', () => {
  it('never shows a ratio rounded across its bound', () => {
    expect(formatRatio(1.495, { atLeast: 1.5 })).toBe('1.495');
    expect(formatRatio(1.504, { atLeast: 1.5 })).toBe('1.50');
    expect(formatRatio(2.76, { atLeast: 2.5 })).toBe('2.76');
    expect(formatRatio(1.3004, { atMost: 1.3 })).toBe('1.3004');
    expect(formatRatio(1.296, { atMost: 1.3 })).toBe('1.30');
  });
});

describe("the leave-a-part-out patch behind docs/performance.md's table", () => {
  // A patch that no longer applies would leave the table without a way to measure it again. After a change to the
  // files it touches: `git apply -3 scripts/bench-parts-off.patch`, mend what conflicts, then write it again with
  // `git diff src/ > scripts/bench-parts-off.patch` and `git checkout src/`.
  it('still applies to the sources', () => {
    expect(() => execFileSync('git', ['apply', '--check', 'scripts/bench-parts-off.patch'], { stdio: 'pipe' })).not.toThrow();
  });
});
