// Where a process's CPU went while it served a benchmark run: a V8 CPU profile (`node --cpu-prof`) cut to the run's
// time window, each sample put in the category of the innermost frame that belongs to one (a socket write made by
// undici is upstream HTTP; the same write made by Node's HTTP server is the server's). Hand-written: the profile
// viewers show functions and files, while the question here is what each of the gateway's features costs.

/** The parts of a `.cpuprofile` file used here (V8's Profiler.Profile). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber?: number }; children?: number[] }[];
  /** Microseconds on the monotonic clock (the one `process.hrtime` reads, in every process of the machine). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

type Rule = readonly [category: string, test: (frame: { functionName: string; url: string }) => boolean];

const file = (pattern: RegExp) => (frame: { url: string }) => pattern.test(frame.url);
const fn = (name: string) => (frame: { functionName: string }) => frame.functionName === name;
/** Checked in this order on each frame, innermost frame first: the first frame any rule claims decides. */
const RULES: readonly Rule[] = [
  ['garbage collection', fn('(garbage collector)')],
  ['deadlines', file(/\/(?:src|dist)\/upstream\/deadline\.[jt]s/)],
  ['sharing of reads and queries', file(/\/(?:src|dist)\/sharing\//)],
  ['log line and metrics', file(/\/(?:src|dist)\/observability\/|\/node_modules\/(prom-client|pino|sonic-boom)\//)],
  ['retries, breaker, bulkhead', file(/\/(?:src|dist)\/upstream\/resilience\.[jt]s|\/node_modules\/cockatiel\//)],
  ['authentication and context', file(/\/(?:src|dist)\/(auth\/|context\.[jt]s|upstream\/credential\.[jt]s)|\/node_modules\/(lru-cache|jose)\//)],
  [
    'limits and argument checks',
    file(/\/(?:src|dist)\/(http\/security|schema\/forward-connection)|\/node_modules\/(@pothos\/plugin-complexity|@escape\.tech|@graphql-yoga\/plugin-)/),
  ],
  ['DataLoaders and prefetch', file(/\/(?:src|dist)\/(loaders\/|schema\/prefetch)|\/node_modules\/dataloader\//)],
  ['checked conversion of rows', file(/\/(?:src|dist)\/upstream\/convert\.[jt]s/)],
  ['Relay connections and cursors', file(/\/(?:src|dist)\/pagination\//)],
  ['upstream HTTP (undici, JSON parse)', file(/\/node_modules\/undici\/|\/(?:src|dist)\/upstream\/client\.[jt]s|\/scripts\/bench-upstream\.[jt]s/)],
  [
    'GraphQL execution (resolvers included)',
    file(/\/node_modules\/(graphql|graphql-jit|@envelop\/graphql-jit|@pothos\/[^/]+)\/|\/(?:src|dist)\/schema\/|\/scripts\/yoga-floor-endpoint\.[jt]s/),
  ],
  ['HTTP server and Yoga', file(/\/node_modules\/(@whatwg-node\/|graphql-yoga\/|@envelop\/core\/|@graphql-yoga\/)|\/(?:src|dist)\/http\/|^node:_?http/)],
  ['building the answer (reference)', file(/\/scripts\/reference-endpoint\.[jt]s/)],
];

export const CATEGORIES: readonly string[] = [...RULES.map(([category]) => category), 'runtime (microtasks, timers, sockets)'];
const REST = CATEGORIES.at(-1)!;

/**
 * Microseconds of CPU per category spent between `fromUs` and `toUs` (the monotonic clock, as `process.hrtime`
 * gives it in microseconds). Idle time is left out.
 */
export function cpuByCategory(profile: CpuProfile, fromUs: number, toUs: number): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const categoryOfNode = new Map<number, string | null>();
  const categoryOf = (id: number): string | null => {
    if (categoryOfNode.has(id)) return categoryOfNode.get(id)!;
    const node = byId.get(id)!;
    let category: string | null;
    if (node.callFrame.functionName === '(idle)') category = null;
    else {
      const own = RULES.find(([, test]) => test(node.callFrame))?.[0];
      const parent = parentOf.get(id);
      category = own ?? (parent === undefined ? REST : (categoryOf(parent) ?? REST));
    }
    categoryOfNode.set(id, category);
    return category;
  };

  const totals = new Map<string, number>(CATEGORIES.map((category) => [category, 0]));
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    // A sample's delta is the time since the previous one: this sample's stack ran for it.
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    if (time <= fromUs || time > toUs) return;
    const category = categoryOf(id);
    if (category) totals.set(category, totals.get(category)! + delta);
  });
  return totals;
}

/** Microseconds of CPU in the window, idle left out. */
export function busyMicros(totals: Map<string, number>): number {
  let sum = 0;
  for (const value of totals.values()) sum += value;
  return sum;
}

/**
 * Microseconds of CPU each function spent itself (self time) between `fromUs` and `toUs`, by "name file:line" with
 * paths shortened to the package or to src/: the detail under a category, for finding what to cut.
 */
export function selfTimeByFunction(profile: CpuProfile, fromUs: number, toUs: number): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    if (time <= fromUs || time > toUs) return;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') return;
    const where = url.replace(/^.*\/node_modules\//, '').replace(/^.*\/(src|scripts|dist)\//, '$1/');
    const name = `${functionName || '(anonymous)'} ${where}${lineNumber === undefined || lineNumber < 0 ? '' : `:${lineNumber + 1}`}`;
    totals.set(name, (totals.get(name) ?? 0) + delta);
  });
  return totals;
}
