// `npm run bench`: the gateway against a hand-written reference endpoint, at 0 ms and 20–50 ms of upstream
// latency, for the four scenarios of the performance targets; prints a Markdown table and the targets as ratios.
//   --quick              1 s runs (a smoke test of the harness, not numbers to quote)
//   --duration <s>       seconds per measured run (default 8; warm-up is a quarter of it)
//   --latency 0ms|20-50ms, --scenario <name>   run a subset (repeatable)
//   --json <file>        also write the raw results
// Gateway settings come from the environment as for `npm start`, e.g. UPSTREAM_COLLAPSE_READS=false npm run bench.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  checkTargets,
  formatReport,
  LATENCIES,
  runBenchmark,
  SCENARIOS,
  type LatencyName,
  type ScenarioName,
} from './bench-harness.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    latency: { type: 'string', multiple: true },
    scenario: { type: 'string', multiple: true },
    json: { type: 'string' },
  },
});

function pick<T extends string>(given: string[] | undefined, all: readonly T[], what: string): T[] {
  if (!given) return [...all];
  const unknown = given.filter((name) => !all.includes(name as T));
  if (unknown.length) throw new Error(`unknown ${what} ${unknown.join(', ')}; choose from ${all.join(', ')}`);
  return given as T[];
}

const durationSeconds = values.duration ? Number(values.duration) : values.quick ? 1 : 8;
if (!(durationSeconds > 0)) throw new Error(`--duration must be a positive number of seconds, got ${values.duration}`);

const report = await runBenchmark({
  latencies: pick(values.latency, Object.keys(LATENCIES) as LatencyName[], 'latency'),
  scenarios: pick(values.scenario, Object.keys(SCENARIOS) as ScenarioName[], 'scenario'),
  durationSeconds,
  warmupSeconds: values.quick ? 0.5 : durationSeconds / 4,
  log: (line) => console.error(line),
});
console.log(formatReport(report));
if (values.json) writeFileSync(values.json, `${JSON.stringify({ ...report, targets: checkTargets(report) }, null, 2)}\n`);
