// Environment → one typed, validated Config. A bad value stops start-up with a message naming the variable.
import { z } from 'zod';
import { MAX_PAGE_SIZE } from './cohere/contract.js';
import type { ResilienceOptions } from './cohere/resilience.js';
import type { PollCadence } from './subscriptions/cadence.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z
  .object({
    PORT: int(0, 65535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    COHERE_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    COHERE_API_KEY: optionalText,
    COHERE_CLIENT_NAME: z.string().min(1).max(100).default('finetuning-graphql-gateway'),
    UPSTREAM_TIMEOUT_MS: int(100, 300_000).default(10_000),
    UPSTREAM_PAGE_SIZE: int(1, MAX_PAGE_SIZE).default(50),
    UPSTREAM_CONCURRENCY_PER_REQUEST: int(1, 256).default(8),
    OPERATION_DEADLINE_MS: int(100, 600_000).default(30_000),
    UPSTREAM_MAX_RETRIES: int(0, 10).default(2),
    UPSTREAM_RETRY_BASE_MS: int(1, 60_000).default(200),
    UPSTREAM_RETRY_MAX_MS: int(1, 300_000).default(5_000),
    RETRY_BUDGET_RATIO: z.coerce.number().min(0).max(10).default(0.2),
    RETRY_BUDGET_MIN_PER_SECOND: z.coerce.number().min(0).max(10_000).default(5),
    BREAKER_FAILURES: int(1, 1000).default(5),
    BREAKER_HALF_OPEN_MS: int(10, 600_000).default(5_000),
    UPSTREAM_MAX_CONCURRENCY: int(1, 10_000).default(128),
    UPSTREAM_MAX_QUEUE: int(0, 100_000).default(512),
    IDEMPOTENCY_WINDOW_SECONDS: int(1, 7 * 24 * 3600).default(24 * 3600),
    // Subscription polling. The 10 ms floor keeps a typo from becoming a tight loop against the upstream.
    POLL_INTERVAL_ACTIVE_MS: int(10, 3_600_000).default(5_000),
    POLL_INTERVAL_STABLE_MS: int(10, 24 * 3_600_000).default(60_000),
    POLL_JITTER_RATIO: z.coerce.number().min(0).max(0.5).default(0.1),
    POLL_BACKOFF_MAX_MS: int(10, 24 * 3_600_000).default(300_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
    GRAPHIQL: bool.default(true),
    SANDBOX_SPEED: z.coerce.number().positive().max(1_000_000).default(60),
    SANDBOX_PORT: int(0, 65535).default(0),
  });

export interface Config {
  port: number;
  host: string;
  /** Undefined: run against the embedded sandbox. */
  cohereBaseUrl: string | undefined;
  /** Server-side key used when a request brings none. */
  cohereApiKey: string | undefined;
  clientName: string;
  upstreamTimeoutMs: number;
  /** Page size the gateway asks the upstream for; larger `first` values follow page tokens. */
  upstreamPageSize: number;
  upstreamConcurrencyPerRequest: number;
  /** Longest an operation may wait for the upstream, retries included. */
  operationDeadlineMs: number;
  resilience: ResilienceOptions;
  /** How long a create's idempotency key is remembered. */
  idempotencyWindowSeconds: number;
  /** How subscription watchers poll the upstream. */
  polling: PollCadence;
  logLevel: string;
  /** Longest a shutdown waits for in-flight operations before closing their connections. */
  shutdownTimeoutMs: number;
  graphiql: boolean;
  sandbox: { speed: number; port: number };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    cohereBaseUrl: c.COHERE_BASE_URL,
    cohereApiKey: c.COHERE_API_KEY,
    clientName: c.COHERE_CLIENT_NAME,
    upstreamTimeoutMs: c.UPSTREAM_TIMEOUT_MS,
    upstreamPageSize: c.UPSTREAM_PAGE_SIZE,
    upstreamConcurrencyPerRequest: c.UPSTREAM_CONCURRENCY_PER_REQUEST,
    operationDeadlineMs: c.OPERATION_DEADLINE_MS,
    resilience: {
      maxRetries: c.UPSTREAM_MAX_RETRIES,
      retryBaseDelayMs: c.UPSTREAM_RETRY_BASE_MS,
      retryMaxDelayMs: c.UPSTREAM_RETRY_MAX_MS,
      retryBudgetRatio: c.RETRY_BUDGET_RATIO,
      minRetriesPerSecond: c.RETRY_BUDGET_MIN_PER_SECOND,
      breakerFailures: c.BREAKER_FAILURES,
      breakerHalfOpenAfterMs: c.BREAKER_HALF_OPEN_MS,
      maxConcurrentCalls: c.UPSTREAM_MAX_CONCURRENCY,
      maxQueuedCalls: c.UPSTREAM_MAX_QUEUE,
    },
    idempotencyWindowSeconds: c.IDEMPOTENCY_WINDOW_SECONDS,
    polling: {
      activeIntervalMs: c.POLL_INTERVAL_ACTIVE_MS,
      stableIntervalMs: c.POLL_INTERVAL_STABLE_MS,
      jitterRatio: c.POLL_JITTER_RATIO,
      backoffMaxMs: c.POLL_BACKOFF_MAX_MS,
    },
    logLevel: c.LOG_LEVEL,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    graphiql: c.GRAPHIQL,
    sandbox: { speed: c.SANDBOX_SPEED, port: c.SANDBOX_PORT },
  };
}
