// Where the benchmarks keep what they measured: docs/performance.md, under each benchmark's marker line, one block
// per Node major version (a run on Node 24 replaces the Node 24 block and keeps the Node 20 one). And the machine
// a run was made on, which every recorded block names.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  date: string;
}

export function machine(): Machine {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  };
}

export const machineLine = (m: Machine) => `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; ${m.date}.`;

const RESULTS_PAGE = new URL('../docs/performance.md', import.meta.url);

/**
 * `page` with `report` as this Node major version's block after `marker`, the other versions' blocks kept. Blocks
 * are delimited by `<!-- {prefix}node N -->` and `<!-- end of {prefix}node N -->`.
 */
export function withResults(page: string, marker: string, prefix: string, report: string): string {
  const at = page.indexOf(marker);
  if (at === -1) throw new Error(`docs/performance.md has no "${marker}" line`);
  const major = process.versions.node.split('.')[0];
  const start = `<!-- ${prefix}node ${major} -->`;
  const end = `<!-- end of ${prefix}node ${major} -->`;
  const head = page.slice(0, at + marker.length);
  let results = page.slice(at + marker.length);
  const block = `${start}\n### Node ${process.versions.node}\n\n${report.trim()}\n${end}`;
  const from = results.indexOf(start);
  const to = results.indexOf(end);
  if (from !== -1 && to > from) results = results.slice(0, from) + block + results.slice(to + end.length);
  else {
    // A first block for this version goes at the end of this marker's blocks: before the next heading, if any.
    const next = results.search(/\n## /);
    const own = next === -1 ? results : results.slice(0, next);
    results = `${own.trimEnd()}\n\n${block}\n${next === -1 ? '' : `\n${results.slice(next + 1)}`}`;
  }
  return `${head}${results.startsWith('\n') ? '' : '\n'}${results.trimEnd()}\n`;
}

/** Writes `report` into docs/performance.md (see withResults). */
export function recordResults(marker: string, prefix: string, report: string): void {
  writeFileSync(RESULTS_PAGE, withResults(readFileSync(RESULTS_PAGE, 'utf8'), marker, prefix, report));
}
