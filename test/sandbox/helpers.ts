// What the sandbox's own tests share beyond test/helpers: its clock, stepped by hand, and the shapes of what it writes.
import { type Sandbox, type SandboxOptions, createSandbox } from '../../src/sandbox/index.js';

const T0 = Date.parse('2024-01-17T20:11:42.907Z');

/** RFC 3339 UTC with exactly six (models, events) or nine (metric rows) fractional digits. */
export const MICROS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
export const NANOS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A wall clock that moves only when the test says so. */
export function manualClock(startMs = T0) {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    advance(ms: number) {
      nowMs += ms;
    },
  };
}

export async function startSandbox(options?: SandboxOptions): Promise<Sandbox> {
  const sandbox = createSandbox(options);
  await sandbox.start();
  return sandbox;
}
