// Environment → one typed, validated Config. A bad value stops start-up with a message naming the variable.
import { z } from 'zod';
import { MAX_PAGE_SIZE } from './finetuning/contract.js';
import type { AuthConfig } from './auth/authenticate.js';
import type { ReadCollapseOptions } from './sharing/collapse.js';
import type { ResilienceOptions } from './upstream/resilience.js';
import type { PersistedOperationsConfig } from './http/persisted-documents.js';
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
    UPSTREAM_COLLAPSE_READS: bool.default(true),
    UPSTREAM_MICROCACHE_MS: int(0, 60_000).default(0),
    IDEMPOTENCY_WINDOW_SECONDS: int(1, 7 * 24 * 3600).default(24 * 3600),
    // Subscription polling. The 10 ms floor keeps a typo from becoming a tight loop against the upstream.
    POLL_INTERVAL_ACTIVE_MS: int(10, 3_600_000).default(5_000),
    POLL_INTERVAL_STABLE_MS: int(10, 24 * 3_600_000).default(60_000),
    POLL_JITTER_RATIO: z.coerce.number().min(0).max(0.5).default(0.1),
    POLL_BACKOFF_MAX_MS: int(10, 24 * 3_600_000).default(300_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
    GRAPHIQL: bool.default(true),
    AUTH_MODE: z.enum(['passthrough', 'jwt']).default('passthrough'),
    JWT_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    JWT_JWKS_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    JWT_ISSUER: optionalText,
    JWT_AUDIENCE: optionalText,
    JWT_READ_SCOPE: z.string().min(1).default('finetuning:read'),
    JWT_WRITE_SCOPE: z.string().min(1).default('finetuning:write'),
    CORS_ORIGINS: optionalText,
    MAX_BODY_BYTES: int(1_024, 10_000_000).default(100_000),
    INTROSPECTION: bool.default(true),
    MAX_DEPTH: int(1, 100).default(12),
    MAX_ALIASES: int(0, 1_000).default(15),
    MAX_TOKENS: int(10, 100_000).default(2_000),
    MAX_DIRECTIVES: int(0, 1_000).default(10),
    MAX_QUERY_COST: int(1, 1_000_000).default(250),
    WS_MAX_MESSAGE_BYTES: int(1_024, 10_000_000).default(65_536),
    WS_MAX_SUBSCRIPTIONS_PER_SOCKET: int(1, 10_000).default(25),
    WS_MAX_CONNECTIONS_PER_CALLER: int(1, 10_000).default(25),
    SANDBOX_SPEED: z.coerce.number().positive().max(1_000_000).default(60),
    SANDBOX_PORT: int(0, 65535).default(0),
    PERSISTED_OPERATIONS: z.enum(['off', 'allow', 'only']).default('off'),
    PERSISTED_OPERATIONS_MANIFEST: z.string().min(1).default('examples/dashboard/src/gql/persisted-documents.json'),
    // Scale-out: unset, this instance polls for its own subscribers, as a single instance always did.
    REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
    POLLER_LEASE_TTL_MS: int(100, 600_000).default(10_000),
    POLLER_LEASE_RENEW_MS: int(10, 300_000).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.POLLER_LEASE_RENEW_MS !== undefined && c.POLLER_LEASE_RENEW_MS * 2 > c.POLLER_LEASE_TTL_MS) {
      ctx.addIssue({ code: 'custom', path: ['POLLER_LEASE_RENEW_MS'], message: 'must be at most half of POLLER_LEASE_TTL_MS' });
    }
    if (c.AUTH_MODE !== 'jwt') return;
    if (!c.COHERE_API_KEY) ctx.addIssue({ code: 'custom', path: ['COHERE_API_KEY'], message: 'is required when AUTH_MODE=jwt' });
    if (!c.JWT_SECRET === !c.JWT_JWKS_URL) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'set exactly one of JWT_SECRET and JWT_JWKS_URL when AUTH_MODE=jwt' });
    }
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
  /** Identical reads of one key shared across operations: while in flight, and for a micro-cache TTL. */
  upstreamReads: ReadCollapseOptions;
  /** How long a create's idempotency key is remembered. */
  idempotencyWindowSeconds: number;
  /** How subscription watchers poll the upstream. */
  polling: PollCadence;
  logLevel: string;
  /** Longest a shutdown waits for in-flight operations before closing their connections. */
  shutdownTimeoutMs: number;
  graphiql: boolean;
  auth: AuthConfig;
  security: {
    /** Origins allowed by CORS (exact matches); empty: no cross-origin access. */
    corsOrigins: string[];
    maxBodyBytes: number;
    introspection: boolean;
    limits: { depth: number; aliases: number; tokens: number; directives: number; cost: number };
    ws: { maxMessageBytes: number; maxSubscriptionsPerSocket: number; maxConnectionsPerCaller: number };
  };
  sandbox: { speed: number; port: number };
  /** Trusted documents: which operations the gateway runs (see src/persisted-operations.ts). */
  persistedOperations: PersistedOperationsConfig;
  /** Several instances coordinated through Redis (see src/scale-out); `redisUrl` undefined: a single instance. */
  scaleOut: ScaleOutConfig;
}

export interface ScaleOutConfig {
  redisUrl: string | undefined;
  /** A poller's lease lasts this long unless renewed: the longest a dead holder's watchers go unpolled. */
  leaseTtlMs: number;
  /** How often the holder renews its lease, and followers try to take a free one. */
  leaseRenewMs: number;
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
    upstreamReads: { collapse: c.UPSTREAM_COLLAPSE_READS, microcacheMs: c.UPSTREAM_MICROCACHE_MS },
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
    auth: {
      mode: c.AUTH_MODE,
      serverApiKey: c.COHERE_API_KEY,
      jwt: {
        secret: c.JWT_SECRET,
        jwksUrl: c.JWT_JWKS_URL,
        issuer: c.JWT_ISSUER,
        audience: c.JWT_AUDIENCE,
        readScope: c.JWT_READ_SCOPE,
        writeScope: c.JWT_WRITE_SCOPE,
      },
    },
    security: {
      corsOrigins: (c.CORS_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      maxBodyBytes: c.MAX_BODY_BYTES,
      introspection: c.INTROSPECTION,
      limits: {
        depth: c.MAX_DEPTH,
        aliases: c.MAX_ALIASES,
        tokens: c.MAX_TOKENS,
        directives: c.MAX_DIRECTIVES,
        cost: c.MAX_QUERY_COST,
      },
      ws: {
        maxMessageBytes: c.WS_MAX_MESSAGE_BYTES,
        maxSubscriptionsPerSocket: c.WS_MAX_SUBSCRIPTIONS_PER_SOCKET,
        maxConnectionsPerCaller: c.WS_MAX_CONNECTIONS_PER_CALLER,
      },
    },
    sandbox: { speed: c.SANDBOX_SPEED, port: c.SANDBOX_PORT },
    persistedOperations: { mode: c.PERSISTED_OPERATIONS, manifestPath: c.PERSISTED_OPERATIONS_MANIFEST },
    scaleOut: {
      redisUrl: c.REDIS_URL,
      leaseTtlMs: c.POLLER_LEASE_TTL_MS,
      leaseRenewMs: c.POLLER_LEASE_RENEW_MS ?? Math.floor(c.POLLER_LEASE_TTL_MS / 3),
    },
  };
}
