// Loaded with `--import` into the processes that `npm run bench:subscriptions` measures (src/main.ts as deployed, and
// the subscription floor; started with --expose-gc and an IPC channel): it answers the benchmark's questions over that
// channel, so the gateway itself gains no endpoint. Questions:
//   { id, probe: 'memory' }            → { id, memory }: process.memoryUsage() after full collections and a settle
//   { id, probe: 'snapshot', path }    → { id, path }: a heap snapshot written to `path` (after the same collections)
import { setTimeout as sleep } from 'node:timers/promises';
import { writeHeapSnapshot } from 'node:v8';

export interface ProbeQuestion {
  id: number;
  probe: 'memory' | 'snapshot';
  path?: string;
}

export interface ProbeAnswer {
  id: number;
  memory?: NodeJS.MemoryUsage;
  path?: string;
  error?: string;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Full collections with pauses between them, so that weak callbacks, finalizers and freed pages settle. */
async function collect(): Promise<void> {
  if (!gc) throw new Error('the process was started without --expose-gc');
  for (let i = 0; i < 3; i += 1) {
    gc();
    await sleep(200);
  }
}

async function answer(question: ProbeQuestion): Promise<ProbeAnswer> {
  await collect();
  if (question.probe === 'snapshot') return { id: question.id, path: writeHeapSnapshot(question.path) };
  return { id: question.id, memory: process.memoryUsage() };
}

if (process.send) {
  process.on('message', (question: ProbeQuestion) => {
    answer(question).then(
      (reply) => process.send?.(reply),
      (error: unknown) => process.send?.({ id: question.id, error: String(error) }),
    );
  });
  // The channel must not keep the process alive: it stops on SIGTERM as deployed.
  process.channel?.unref();
}
