// `npm run build`: the gateway as it is deployed and started by `npm start` — src/ compiled to JavaScript in dist/,
// one file per module, the same layout (so paths relative to a module, such as the dashboard's, hold), with source
// maps. Types are checked by `npm run typecheck`; this only emits, with esbuild.
//
// Why not run src/ under tsx in production: tsx always compiles with esbuild's keepNames, which wraps every named
// function expression in `Object.defineProperty(fn, 'name', …)`. A closure made per request or per subscription
// then becomes a dictionary-mode object with a 256-byte property store: measured, about a fifth of the gateway's CPU
// per operation in `npm run bench` scenario 1 and 3.6 KB of every live subscription. Compiled without keepNames,
// closures cost what they cost in any Node program; stack traces keep their names through the source maps.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = `${ROOT}dist/`;

const COMMON: BuildOptions = {
  absWorkingDir: ROOT,
  format: 'esm',
  platform: 'node',
  // package.json's engines.node: the oldest Node the gateway supports.
  target: 'node20.19',
  sourcemap: true,
  logLevel: 'warning',
};

/** Compiles src/ into dist/, afresh (a module removed from src/ leaves nothing behind). */
export async function buildGateway(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  await build({ ...COMMON, entryPoints: ['src/**/*.ts'], outbase: 'src', outdir: DIST });
}

/**
 * The benchmark's own programs (scripts/) compiled like the gateway, beside a copy of src/ they may import from,
 * into dist/bench/ with the repository's layout: the benchmark runs its baselines as compiled JavaScript too, and a
 * CPU profile still tells their files apart. Returns the compiled paths of `entries` (paths from the root).
 */
export async function buildBenchEntries(entries: readonly string[]): Promise<string[]> {
  await build({ ...COMMON, entryPoints: ['src/**/*.ts', 'scripts/**/*.ts'], outbase: '.', outdir: `${DIST}bench` });
  return entries.map((entry) => `${DIST}bench/${entry.replace(/\.ts$/, '.js')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildGateway();
