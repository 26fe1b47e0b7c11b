import { unitsFromSeed } from './hashing.js';
import { isRouteName, type RouteName } from '../finetuning/contract.js';

const FAULT_STATUSES = [429, 500, 502, 503, 504, 408] as const;
type FaultStatus = (typeof FAULT_STATUSES)[number];

export interface FaultRule {
  /** Default: every route. */
  routes?: RouteName[];
  /** Added delay before answering; the delays of every applying rule add up. */
  latencyMs?: number | { min: number; max: number };
  /** Answer this status with {"message": …} instead of handling the request. */
  status?: FaultStatus;
  /** With status 429 or 503: sends Retry-After. */
  retryAfterSeconds?: number;
  /** Never answer: the socket stays open until the client gives up or the sandbox stops. */
  hang?: boolean;
  /** Answer 200 with a body that is not valid JSON. */
  malformedBody?: boolean;
  /** Probability 0..1 that the rule applies to a request (default 1). */
  rate?: number;
  /** Apply the rule at most this many times, then it is spent. */
  times?: number;
  /**
   * Makes the rule's random choices (its latency within the range, its `rate` roll) a function of this seed and
   * of the request: the n-th request of one key to one path since the rules were set meets the same choices in
   * every run. Benchmarks use it so that two clients making the same calls wait for the same upstream.
   */
  seed?: string;
}

export type Failure =
  | { kind: 'status'; status: FaultStatus; retryAfterSeconds: number | undefined }
  | { kind: 'hang' }
  | { kind: 'malformed-body' };

export interface FaultDecision {
  delayMs: number;
  failure: Failure | undefined;
}

export class FaultRuleError extends Error {}

const RULE_FIELDS = new Set<string>([
  'routes',
  'latencyMs',
  'status',
  'retryAfterSeconds',
  'hang',
  'malformedBody',
  'rate',
  'times',
  'seed',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function checkLatency(value: unknown): string | undefined {
  if (value === undefined || isNonNegativeNumber(value)) return undefined;
  const range = isRecord(value) && Object.keys(value).length === 2 ? value : undefined;
  if (range && isNonNegativeNumber(range.min) && isNonNegativeNumber(range.max) && range.min <= range.max) return undefined;
  return 'latencyMs must be a non-negative number or {"min", "max"} with 0 <= min <= max';
}

/** What is wrong with one rule, or undefined when it is valid. */
function ruleProblem(rule: Record<string, unknown>): string | undefined {
  const unknown = Object.keys(rule).find((field) => !RULE_FIELDS.has(field));
  if (unknown !== undefined) return `unknown field "${unknown}"`;
  const { routes, status, retryAfterSeconds, hang, malformedBody, rate, times } = rule;
  if (routes !== undefined && (!Array.isArray(routes) || routes.length === 0 || !routes.every(isRouteName))) {
    return 'routes must be a non-empty array of route names';
  }
  const latencyProblem = checkLatency(rule.latencyMs);
  if (latencyProblem) return latencyProblem;
  if (status !== undefined && !FAULT_STATUSES.some((allowed) => allowed === status)) {
    return `status must be one of ${FAULT_STATUSES.join(', ')}`;
  }
  if (hang !== undefined && typeof hang !== 'boolean') return 'hang must be a boolean';
  if (malformedBody !== undefined && typeof malformedBody !== 'boolean') return 'malformedBody must be a boolean';
  if ([status !== undefined, hang === true, malformedBody === true].filter(Boolean).length > 1) {
    return 'a rule may set only one of status, hang and malformedBody';
  }
  if (retryAfterSeconds !== undefined) {
    if (!Number.isInteger(retryAfterSeconds) || !isNonNegativeNumber(retryAfterSeconds)) {
      return 'retryAfterSeconds must be a non-negative integer';
    }
    if (status !== 429 && status !== 503) return 'retryAfterSeconds needs status 429 or 503';
  }
  if (rate !== undefined && !(isNonNegativeNumber(rate) && rate <= 1)) return 'rate must be a number between 0 and 1';
  if (times !== undefined && !(Number.isInteger(times) && isNonNegativeNumber(times) && times >= 1)) {
    return 'times must be a positive integer';
  }
  if (rule.seed !== undefined && (typeof rule.seed !== 'string' || rule.seed === '')) return 'seed must be a non-empty string';
  if (rule.latencyMs === undefined && status === undefined && hang !== true && malformedBody !== true) {
    return 'a rule must set latencyMs, status, hang or malformedBody';
  }
  return undefined;
}

/** Validates rules from an untrusted source (environment, admin endpoint, JavaScript callers). */
export function parseFaultRules(value: unknown): FaultRule[] {
  if (!Array.isArray(value)) throw new FaultRuleError('fault rules must be a JSON array');
  return value.map((rule: unknown, index) => {
    const problem = isRecord(rule) ? ruleProblem(rule) : 'must be an object';
    if (problem) throw new FaultRuleError(`fault rule ${index}: ${problem}`);
    return structuredClone(rule as FaultRule);
  });
}

function failureOf(rule: FaultRule): Failure | undefined {
  if (rule.hang) return { kind: 'hang' };
  if (rule.malformedBody) return { kind: 'malformed-body' };
  if (rule.status !== undefined) return { kind: 'status', status: rule.status, retryAfterSeconds: rule.retryAfterSeconds };
  return undefined;
}

function latencyOf(rule: FaultRule, unit: number): number {
  const latency = rule.latencyMs ?? 0;
  return typeof latency === 'number' ? latency : latency.min + unit * (latency.max - latency.min);
}

interface ArmedRule {
  rule: FaultRule;
  failure: Failure | undefined;
  remaining: number;
  /** With a seed: requests seen so far, per key and path. */
  seen: Map<string, number>;
}

/** The request a decision is for: what a seeded rule's choices depend on. */
export interface FaultTarget {
  keyHash: string | null;
  path: string;
}

export class FaultInjector {
  private armed: ArmedRule[] = [];

  constructor(rules: FaultRule[] = []) {
    this.set(rules);
  }

  set(rules: FaultRule[]): void {
    this.armed = parseFaultRules(rules).map((rule) => ({
      rule,
      failure: failureOf(rule),
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
      seen: new Map(),
    }));
  }

  clear(): void {
    this.armed = [];
  }

  /**
   * Every applying rule adds its latency; the first applying failure rule decides the answer. A rule applies
   * when it targets the route, has uses left and wins its `rate` roll; applying spends one use.
   */
  decide(route: RouteName | 'unknown', target: FaultTarget = { keyHash: null, path: '' }): FaultDecision {
    const decision: FaultDecision = { delayMs: 0, failure: undefined };
    for (const armed of this.armed) {
      const { rule, failure } = armed;
      if (armed.remaining <= 0) continue;
      if (rule.routes && !rule.routes.some((name) => name === route)) continue;
      if (failure && decision.failure) continue;
      const [roll, unit] = choices(armed, target);
      if (roll >= (rule.rate ?? 1)) continue;
      armed.remaining -= 1;
      decision.delayMs += latencyOf(rule, unit);
      decision.failure ??= failure;
    }
    return decision;
  }
}

/** Two numbers in [0, 1): the rule's `rate` roll and where its latency falls in its range. */
function choices(armed: ArmedRule, target: FaultTarget): [number, number] {
  const { seed } = armed.rule;
  if (seed === undefined) return [Math.random(), Math.random()];
  const request = `${target.keyHash ?? ''} ${target.path}`;
  const n = armed.seen.get(request) ?? 0;
  armed.seen.set(request, n + 1);
  const [roll, unit] = unitsFromSeed(`${seed} ${request} ${n}`, 2);
  return [roll!, unit!];
}
