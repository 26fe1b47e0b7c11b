// The contract's numbers as the schema's descriptions quote them, so a description never disagrees with what
// validation enforces (finetuning/contract.ts).
import { HYPERPARAMETER_RANGES, TEXT_LIMITS, type NumericHyperparameter } from '../../finetuning/contract.js';

/** "1 to 10", or with the upstream's default: "1 to 10 (default 1)". */
export function range(name: NumericHyperparameter, options: { withDefault?: boolean } = {}): string {
  const r = HYPERPARAMETER_RANGES[name];
  return `${r.min} to ${r.max}${options.withDefault ? ` (default ${r.default})` : ''}`;
}

/** "1 to 64 characters". */
export function lengthOf(field: keyof typeof TEXT_LIMITS): string {
  return `1 to ${TEXT_LIMITS[field]} characters`;
}

/** 86400 → "24 hours". */
export function duration(seconds: number): string {
  const units: [number, string][] = [
    [86_400 * 7, 'week'],
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const [size, unit] = units.find(([size]) => seconds % size === 0 && seconds / size < (size === 86_400 ? 7 : 100)) ?? [1, 'second'];
  const count = seconds / size;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
