// The categories of `npm run bench:profile`: each sample goes to the innermost frame a category claims, idle time
// and samples outside the run's window count for nothing.
import { describe, expect, it } from 'vitest';
import { busyMicros, CATEGORIES, cpuByCategory, type CpuProfile } from '../scripts/cpu-profile.js';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url },
  children,
});

// (root)
// ├─ handle (graphql-yoga)
// │  └─ read (src/sharing/collapse.ts)
// │     ├─ AbortController (node internals)          → sharing
// │     └─ request (undici) → writev (native)         → upstream HTTP
// ├─ startDeadline (src/upstream/deadline.ts) → createAbortSignal
// ├─ (garbage collector), (idle), (program)
const profile: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', [2, 6, 7, 8, 9]),
    frame(2, 'handle', 'file:///app/node_modules/graphql-yoga/esm/server.js', [3]),
    frame(3, 'read', 'file:///app/src/sharing/collapse.ts', [4, 5]),
    frame(4, 'AbortController', 'node:internal/abort_controller'),
    frame(5, 'request', 'file:///app/node_modules/undici/lib/api/api-request.js', [10]),
    frame(6, '(garbage collector)', ''),
    frame(7, '(idle)', ''),
    frame(8, '(program)', ''),
    frame(9, 'startDeadline', 'file:///app/src/upstream/deadline.ts', [11]),
    frame(10, 'writev', ''),
    frame(11, 'createAbortSignal', 'node:internal/abort_controller'),
  ],
  startTime: 1_000,
  // Times (start + running sum): 1010, 1030, 1060, 1100, 1150, 1210, 1280, 1360, 1450, 2000.
  samples: [2, 4, 5, 10, 6, 7, 8, 11, 4, 2],
  timeDeltas: [10, 20, 30, 40, 50, 60, 70, 80, 90, 550],
};

describe('CPU by category', () => {
  it('puts each sample in the category of its innermost claimed frame, idle left out', () => {
    const totals = cpuByCategory(profile, 1_000, 1_500);
    expect(totals.get('HTTP server and Yoga')).toBe(10);
    expect(totals.get('sharing of reads and queries')).toBe(20 + 90);
    // undici's own frame and the native write beneath it.
    expect(totals.get('upstream HTTP (undici, JSON parse)')).toBe(30 + 40);
    expect(totals.get('garbage collection')).toBe(50);
    expect(totals.get('runtime (microtasks, timers, sockets)')).toBe(70);
    expect(totals.get('deadlines')).toBe(80);
    expect(busyMicros(totals)).toBe(10 + 20 + 30 + 40 + 50 + 70 + 80 + 90);
  });

  it('counts only the samples inside the window', () => {
    const totals = cpuByCategory(profile, 1_100, 1_300);
    expect(busyMicros(totals)).toBe(50 + 70);
    expect(cpuByCategory(profile, 1_500, 3_000).get('HTTP server and Yoga')).toBe(550);
  });

  it('reports every category, the ones with no time as zero', () => {
    const totals = cpuByCategory(profile, 0, 0);
    expect([...totals.keys()]).toEqual(CATEGORIES);
    expect(busyMicros(totals)).toBe(0);
  });
});
