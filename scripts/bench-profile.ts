// `npm run bench:profile`: where each target's CPU goes in scenario 1 (one model with 10 events and 10 metric rows,
// a key per connection, 0 ms upstream), as microseconds per operation by category: the same load as `npm run
// bench`, with every target under `node --cpu-prof`, each profile cut to its own run. The profiler slows every
// process alike, so compare the columns with each other, not with the benchmark's CPU figures.
//   --duration <s>      seconds of measured load per target (default 8; warm-up is a quarter of it)
//   --connections <n>   default 10
//   --read model|list   scenario 1's read (default) or scenario 2's
//   --top <n>           also list each target's n busiest functions (self time, µs per operation)
//   --json <file>       also write the numbers
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { agreedAnswer, load, requestFor, SCENARIOS, startTargets, TARGETS, type Read, type Target } from './bench-harness.js';
import { busyMicros, CATEGORIES, cpuByCategory, selfTimeByFunction, type CpuProfile } from './cpu-profile.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
    top: { type: 'string', default: '0' },
    read: { type: 'string', default: 'model' },
    json: { type: 'string' },
  },
});
const seconds = Number(values.duration);
if (values.read !== 'model' && values.read !== 'list') throw new Error(`--read must be model or list, got ${values.read}`);
const read: Read = values.read;
const connections = Number(values.connections);
if (!(seconds > 0) || !(Number.isInteger(connections) && connections > 0)) {
  throw new Error('--duration must be a positive number of seconds and --connections a positive integer');
}

const nowMicros = () => Number(process.hrtime.bigint() / 1000n);
const logDir = mkdtempSync(join(tmpdir(), 'gateway-bench-profile-'));
const profileDir = (target: Target) => join(logDir, `profile-${target}`);
const targets = await startTargets(logDir, (target) => ['--cpu-prof', `--cpu-prof-dir=${profileDir(target)}`]);

const windows = new Map<Target, { from: number; to: number; answers: number }>();
try {
  const { upstream, endpoints } = targets;
  const keyOf = SCENARIOS.model.keyOf;
  const clients = Array.from({ length: connections }, (_, client) => client);
  const modelIds = await Promise.all(clients.map((client) => upstream.demoModelId(keyOf(client))));
  const expected: string[] = [];
  for (const client of clients) expected.push(await agreedAnswer(endpoints, read, keyOf(client), modelIds[client]!));

  for (const target of TARGETS) {
    const requestOf = (client: number) => ({
      key: keyOf(client),
      request: requestFor(endpoints, target, read, keyOf(client), modelIds[client]!),
    });
    const expectedOf = (client: number) => expected[client]!;
    await load(requestOf, expectedOf, connections, seconds / 4);
    const from = nowMicros();
    const run = await load(requestOf, expectedOf, connections, seconds);
    const to = nowMicros();
    if (run.errors > 0) throw new Error(`${target}: ${run.errors} wrong or failed answers, first: ${run.firstError}`);
    const answers = [...run.answersByKey.values()].reduce((sum, n) => sum + n, 0);
    windows.set(target, { from, to, answers });
    console.error(`${target}: ${(answers / run.seconds).toFixed(0)} answers/s under the profiler`);
  }
} finally {
  // A process writes its profile as it exits.
  await targets.stop();
}

/** The profile of the target's main thread (tsx adds one for its loader thread): the one busiest in the run. */
function mainThreadProfile(target: Target, from: number, to: number): CpuProfile {
  const profiles = readdirSync(profileDir(target))
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => JSON.parse(readFileSync(join(profileDir(target), name), 'utf8')) as CpuProfile);
  if (profiles.length === 0) throw new Error(`no CPU profile was written for the ${target}; see ${logDir}`);
  const busy = (profile: CpuProfile) => busyMicros(cpuByCategory(profile, from, to));
  return profiles.reduce((busiest, profile) => (busy(profile) > busy(busiest) ? profile : busiest));
}

const perOperation = new Map<Target, Map<string, number>>();
const topFunctions: string[] = [];
for (const target of TARGETS) {
  const { from, to, answers } = windows.get(target)!;
  const profile = mainThreadProfile(target, from, to);
  perOperation.set(target, new Map([...cpuByCategory(profile, from, to)].map(([category, micros]) => [category, micros / answers])));
  if (Number(values.top) <= 0) continue;
  const busiest = [...selfTimeByFunction(profile, from, to)].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  topFunctions.push('', `The ${target}'s ${busiest.length} busiest functions, self time in µs per operation:`, '');
  for (const [name, micros] of busiest) topFunctions.push(`${(micros / answers).toFixed(1).padStart(7)}  ${name}`);
}

const cell = (micros: number) => (micros >= 0.5 ? micros.toFixed(0) : '·');
const lines = [
  `Scenario ${read === 'model' ? 1 : 2}, ${connections} connections, 0 ms upstream, ${seconds} s per target under the profiler: CPU µs per operation.`,
  '',
  `| category | ${TARGETS.join(' | ')} |`,
  `|---|${TARGETS.map(() => '--:').join('|')}|`,
];
const rows = [...CATEGORIES].sort((a, b) => perOperation.get('gateway')!.get(b)! - perOperation.get('gateway')!.get(a)!);
for (const category of rows) {
  if (TARGETS.every((target) => perOperation.get(target)!.get(category)! < 0.5)) continue;
  lines.push(`| ${category} | ${TARGETS.map((target) => cell(perOperation.get(target)!.get(category)!)).join(' | ')} |`);
}
lines.push(`| **total** | ${TARGETS.map((target) => `**${cell(busyMicros(perOperation.get(target)!))}**`).join(' | ')} |`);
console.log([...lines, ...topFunctions].join('\n'));
if (values.json) {
  const json = Object.fromEntries(TARGETS.map((target) => [target, Object.fromEntries(perOperation.get(target)!)]));
  writeFileSync(values.json, `${JSON.stringify({ connections, seconds, microsPerOperation: json }, null, 2)}\n`);
}
