// `npm run bench`: the gateway against a hand-written reference endpoint, at 0 ms and 20–50 ms of upstream
// latency, for the four scenarios of the performance targets; prints a Markdown table and the targets as ratios.
//   --quick              1 s runs (a smoke test of the harness, not numbers to quote)
//   --duration <s>       seconds per measured run (default 8; warm-up is a quarter of it)
//   --rounds <n>         rounds of every scenario, each target once per round in turn (default 3; 1 with --quick)
//   --latency 0ms|20-50ms, --scenario <name>   run a subset (repeatable)
//   --json <file>        also write the raw results
// A full run (every scenario and latency, not --quick) writes its report into docs/performance.md, under the major
// version of the Node that ran it (runs on other versions are kept beside it); --no-record leaves the page alone.
// Gateway settings come from the environment as for `npm start`, e.g. UPSTREAM_COLLAPSE_READS=false npm run bench.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { recordResults } from './bench-record.js';
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
    rounds: { type: 'string' },
    latency: { type: 'string', multiple: true },
    scenario: { type: 'string', multiple: true },
    json: { type: 'string' },
    'no-record': { type: 'boolean', default: false },
  },
});

const RESULTS_MARKER = '<!-- results: written by npm run bench -->';

function pick<T extends string>(given: string[] | undefined, all: readonly T[], what: string): T[] {
  if (!given) return [...all];
  const unknown = given.filter((name) => !all.includes(name as T));
  if (unknown.length) throw new Error(`unknown ${what} ${unknown.join(', ')}; choose from ${all.join(', ')}`);
  return given as T[];
}

const durationSeconds = values.duration ? Number(values.duration) : values.quick ? 1 : 8;
if (!(durationSeconds > 0)) throw new Error(`--duration must be a positive number of seconds, got ${values.duration}`);
const rounds = values.rounds ? Number(values.rounds) : values.quick ? 1 : 3;
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number from 1, got ${values.rounds}`);

const report = await runBenchmark({
  latencies: pick(values.latency, Object.keys(LATENCIES) as LatencyName[], 'latency'),
  scenarios: pick(values.scenario, Object.keys(SCENARIOS) as ScenarioName[], 'scenario'),
  durationSeconds,
  warmupSeconds: values.quick ? 0.5 : durationSeconds / 4,
  rounds,
  log: (line) => console.error(line),
});
const formatted = formatReport(report);
console.log(formatted);
const complete = !values.quick && !values.latency && !values.scenario;
if (complete && !values['no-record']) {
  recordResults(RESULTS_MARKER, '', formatted);
  console.error('Results written to docs/performance.md.');
}
if (values.json) writeFileSync(values.json, `${JSON.stringify({ ...report, targets: checkTargets(report) }, null, 2)}\n`);
