import { parseFaultRules } from './faults.js';
import type { SandboxOptions } from './sandbox.js';

/** A bad environment variable; the message names it. */
export class SandboxEnvError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

/** Parses one variable; `parse` throws an Error describing what the value should be. */
function variable<T>(env: Env, name: string, fallback: T, parse: (raw: string) => T): T {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  try {
    return parse(raw);
  } catch (error) {
    throw new SandboxEnvError(`${name} ${(error as Error).message} (got ${JSON.stringify(raw)})`);
  }
}

function port(raw: string): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value <= 65_535)) throw new Error('must be an integer port between 0 and 65535');
  return value;
}

function host(raw: string): string {
  if (/\s/.test(raw)) throw new Error('must be a host name or address');
  return raw;
}

function speed(raw: string): number {
  const value = Number(raw);
  if (!(Number.isFinite(value) && value > 0)) throw new Error('must be a positive number');
  return value;
}

function faults(raw: string): SandboxOptions['faults'] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error('must be a JSON array of fault rules');
  }
  try {
    return parseFaultRules(value);
  } catch (error) {
    throw new Error(`must be a JSON array of valid fault rules: ${(error as Error).message}`);
  }
}

/** SANDBOX_PORT (default 4010), SANDBOX_HOST, SANDBOX_SPEED (default 60) and SANDBOX_FAULTS, validated. */
export function readSandboxEnv(env: Env): SandboxOptions {
  return {
    host: variable(env, 'SANDBOX_HOST', '127.0.0.1', host),
    port: variable(env, 'SANDBOX_PORT', 4010, port),
    speed: variable(env, 'SANDBOX_SPEED', 60, speed),
    faults: variable(env, 'SANDBOX_FAULTS', [], faults),
  };
}
