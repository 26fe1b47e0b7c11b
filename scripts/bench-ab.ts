// `npm run bench:ab`: whether a change made the gateway cheaper. The working tree's gateway and a git ref's (default
// HEAD, i.e. the change not yet committed) serve the same load in turn, against one sandbox, in pairs of short runs;
// each run's CPU per operation is read from /proc. On a shared machine the speed drifts between runs by more than
// most changes are worth, and two runs made one after the other drift alike: the result is the median of the
// paired ratios (this tree's CPU per operation / the ref's), not a ratio of totals. Used for the before/after of a
// commit; `npm run bench` stays the record.
//   --base <ref>        git ref to compare with (default HEAD); it must have scripts/build.ts
//   --read model|list   scenario 1's read (default) or scenario 2's, a key per connection, 0 ms upstream
//   --pairs <n>         pairs of runs (default 16)
//   --duration <s>      seconds per run (default 2), after a warm-up of a quarter of that (and a first, uncounted
//                       run of each gateway)
//   --connections <n>   default 10
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  agreedAnswer,
  cpuMs,
  load,
  requestFor,
  SCENARIOS,
  startService,
  startTargets,
  stopService,
  type Endpoints,
  type Read,
} from './bench-harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface AbOptions {
  base: string;
  read: Read;
  pairs: number;
  durationSeconds: number;
  connections: number;
}

interface AbRun {
  cpuMicrosPerOp: number;
  answersPerSecond: number;
}

interface AbResult {
  /** The base ref, resolved to its commit. */
  baseCommit: string;
  pairs: { base: AbRun; tree: AbRun }[];
  /** Median over the pairs of the tree's CPU per operation divided by the base's. */
  medianRatio: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

/**
 * The base ref checked out beside the repository (a git worktree) and built as `npm run build` builds it. Its
 * dependencies are the working tree's when the lockfiles agree, installed from its own lockfile otherwise.
 */
function buildBase(ref: string, dir: string): string {
  const commit = git('rev-parse', '--verify', `${ref}^{commit}`);
  git('worktree', 'add', '--detach', dir, commit);
  if (!existsSync(join(dir, 'scripts/build.ts'))) throw new Error(`${ref} has no scripts/build.ts: it predates the compiled build`);
  if (readFileSync(join(dir, 'package-lock.json'), 'utf8') === readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) {
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  } else {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: 'ignore' });
  }
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: dir, stdio: 'inherit' });
  return commit;
}

export async function compareWithRef(options: AbOptions, report: (line: string) => void = () => undefined): Promise<AbResult> {
  const logDir = mkdtempSync(join(tmpdir(), 'gateway-bench-ab-'));
  const baseDir = join(logDir, 'base');
  try {
    const baseCommit = buildBase(options.base, baseDir);
    const targets = await startTargets(logDir);
    try {
      const base = await startService('gateway-base', join(baseDir, 'dist/main.js'), { ...process.env, ...targets.gatewayEnv }, logDir);
      try {
        const keyOf = SCENARIOS.model.keyOf;
        const clients = Array.from({ length: options.connections }, (_, client) => client);
        const modelIds = await Promise.all(clients.map((client) => targets.upstream.demoModelId(keyOf(client))));
        const expected: string[] = [];
        for (const client of clients) expected.push(await agreedAnswer(targets.endpoints, options.read, keyOf(client), modelIds[client]!));

        const sides = {
          base: { endpoints: { ...targets.endpoints, gateway: base.url } satisfies Endpoints, pid: base.process.pid },
          tree: { endpoints: targets.endpoints, pid: targets.processes.gateway.process.pid },
        };
        const measure = async (side: keyof typeof sides): Promise<AbRun> => {
          const { endpoints, pid } = sides[side];
          const requestOf = (client: number) => ({
            key: keyOf(client),
            request: requestFor(endpoints, 'gateway', options.read, keyOf(client), modelIds[client]!),
          });
          const expectedOf = (client: number) => expected[client]!;
          await load(requestOf, expectedOf, options.connections, options.durationSeconds / 4);
          const before = cpuMs(pid);
          const run = await load(requestOf, expectedOf, options.connections, options.durationSeconds);
          const cpu = cpuMs(pid) - before;
          if (run.errors > 0) throw new Error(`the ${side} gateway gave ${run.errors} wrong or failed answers, first: ${run.firstError}`);
          const answers = [...run.answersByKey.values()].reduce((sum, n) => sum + n, 0);
          return { cpuMicrosPerOp: (cpu * 1000) / answers, answersPerSecond: answers / run.seconds };
        };

        // A first run of each, not counted: the JIT's warm-up would otherwise weigh on the first pair.
        await measure('base');
        await measure('tree');
        const pairs: AbResult['pairs'] = [];
        for (let pair = 0; pair < options.pairs; pair += 1) {
          // Each side goes first in every other pair, so that neither always runs on a warmer (or cooler) machine.
          const first = pair % 2 === 0 ? 'base' : 'tree';
          const firstRun = await measure(first);
          const secondRun = await measure(first === 'base' ? 'tree' : 'base');
          const runs = first === 'base' ? { base: firstRun, tree: secondRun } : { base: secondRun, tree: firstRun };
          pairs.push(runs);
          report(
            `pair ${pair + 1}: base ${runs.base.cpuMicrosPerOp.toFixed(0)} µs/op, this tree ${runs.tree.cpuMicrosPerOp.toFixed(0)} µs/op: ` +
              `${(runs.tree.cpuMicrosPerOp / runs.base.cpuMicrosPerOp).toFixed(3)}`,
          );
        }
        const medianRatio = median(pairs.map(({ base: b, tree: t }) => t.cpuMicrosPerOp / b.cpuMicrosPerOp));
        return { baseCommit, pairs, medianRatio };
      } finally {
        await stopService(base);
      }
    } finally {
      await targets.stop();
    }
  } finally {
    if (existsSync(baseDir)) git('worktree', 'remove', '--force', baseDir);
    rmSync(logDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      base: { type: 'string', default: 'HEAD' },
      read: { type: 'string', default: 'model' },
      pairs: { type: 'string', default: '16' },
      duration: { type: 'string', default: '2' },
      connections: { type: 'string', default: '10' },
    },
  });
  if (values.read !== 'model' && values.read !== 'list') throw new Error(`--read must be model or list, got ${values.read}`);
  const options: AbOptions = {
    base: values.base,
    read: values.read,
    pairs: Number(values.pairs),
    durationSeconds: Number(values.duration),
    connections: Number(values.connections),
  };
  if (!(Number.isInteger(options.pairs) && options.pairs > 0) || !(options.durationSeconds > 0) || !(Number.isInteger(options.connections) && options.connections > 0)) {
    throw new Error('--pairs and --connections must be positive integers, --duration a positive number of seconds');
  }
  const result = await compareWithRef(options, (line) => console.log(line));
  const perSide = (side: 'base' | 'tree') => ({
    cpu: median(result.pairs.map((pair) => pair[side].cpuMicrosPerOp)),
    rate: median(result.pairs.map((pair) => pair[side].answersPerSecond)),
  });
  const [base, tree] = [perSide('base'), perSide('tree')];
  console.log(`base ${options.base} (${result.baseCommit.slice(0, 7)}): median ${base.cpu.toFixed(0)} µs/op, ${base.rate.toFixed(0)} answers/s`);
  console.log(`this tree: median ${tree.cpu.toFixed(0)} µs/op, ${tree.rate.toFixed(0)} answers/s`);
  console.log(`CPU per operation, this tree / base, median of ${result.pairs.length} paired ratios: ${result.medianRatio.toFixed(3)}`);
}
