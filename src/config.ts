// Environment → one typed, validated Config. A bad value stops start-up with a message naming the variable.
import { z } from 'zod';
import { MAX_PAGE_SIZE } from './cohere/contract.js';

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
    IDEMPOTENCY_WINDOW_SECONDS: int(1, 7 * 24 * 3600).default(24 * 3600),
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
  /** How long a create's idempotency key is remembered. */
  idempotencyWindowSeconds: number;
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
    idempotencyWindowSeconds: c.IDEMPOTENCY_WINDOW_SECONDS,
    graphiql: c.GRAPHIQL,
    sandbox: { speed: c.SANDBOX_SPEED, port: c.SANDBOX_PORT },
  };
}
