// Environment → one typed, validated Config. Every variable the gateway and its sandbox read is in SETTINGS, with its
// default, its allowed values and what it does: `npm run docs` prints that table into docs/configuration.md, so the
// documentation cannot drift from the code. A bad value stops start-up with a message naming the variable.
import { z } from 'zod';
import { isBearerToken, type AuthConfig } from './auth/authenticate.js';
import { ConfigError } from './errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './finetuning/contract.js';
import type { PersistedDocumentsConfig } from './http/persisted-documents.js';
import type { RateLimitSettings } from './http/rate-limits.js';
import type { SecuritySettings } from './http/security.js';
import type { ServerLimits } from './http/server.js';
import type { TracingConfig } from './observability/tracing.js';
import { DEFAULT_FIRST } from './pagination/connection.js';
import { FaultRuleError, parseFaultRules, type FaultRule } from './sandbox/faults.js';
import type { ReadCollapseOptions } from './sharing/collapse.js';
import type { PollCadence } from './subscriptions/cadence.js';
import type { ResilienceOptions } from './upstream/resilience.js';
import { DEFAULT_IDEMPOTENCY_WINDOW_SECONDS } from './writes/idempotency.js';

export { ConfigError } from './errors.js';

/** The sections of docs/configuration.md, in order. */
export const SETTING_GROUPS = [
  'Server',
  'Upstream',
  'Resilience',
  'Sharing between operations',
  'Writes',
  'Live status (subscriptions)',
  'Authentication',
  'Limits and browser security',
  'Trusted documents',
  'Several instances (Redis)',
  'Tracing (OpenTelemetry)',
  'Sandbox',
] as const;
type Group = (typeof SETTING_GROUPS)[number];

/** One environment variable: how it is parsed, and how the documentation presents it. */
interface Setting<S extends z.ZodType> {
  group: Group;
  schema: S;
  /** Allowed values, for people. */
  values: string;
  /** The default, for people; undefined when unset means "none". */
  shown: string | undefined;
  doc: string;
}

const setting = <S extends z.ZodType>(group: Group, schema: S, values: string, shown: string | undefined, doc: string): Setting<S> => ({
  group,
  schema,
  values,
  shown,
  doc,
});

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const int = (group: Group, min: number, max: number, fallback: number, doc: string) =>
  setting(group, z.coerce.number().int().min(min).max(max).default(fallback), `integer, ${min} to ${max}`, String(fallback), doc);
const optionalInt = (group: Group, min: number, max: number, shown: string, doc: string) =>
  setting(group, z.coerce.number().int().min(min).max(max).optional(), `integer, ${min} to ${max}`, shown, doc);
const ratio = (group: Group, min: number, max: number, fallback: number, doc: string) =>
  setting(group, z.coerce.number().min(min).max(max).default(fallback), `number, ${min} to ${max}`, String(fallback), doc);
const flag = (group: Group, fallback: boolean, doc: string) =>
  setting(
    group,
    z.enum(['true', 'false', '1', '0']).default(fallback ? 'true' : 'false').transform((v) => v === 'true' || v === '1'),
    '`true`, `false`, `1`, `0`',
    String(fallback),
    doc,
  );
const choice = <const T extends readonly [string, ...string[]]>(group: Group, values: T, fallback: T[number], doc: string) =>
  setting(group, z.enum(values).default(fallback), values.map((v) => `\`${v}\``).join(', '), fallback, doc);
const text = (group: Group, doc: string, values = 'text') => setting(group, optionalText, values, undefined, doc);
const url = (group: Group, protocols: RegExp, values: string, doc: string) =>
  setting(group, optionalText.pipe(z.url({ protocol: protocols }).optional()), values, undefined, doc);

/**
 * `key=value,key=value`, values percent-encoded, as OpenTelemetry's variables of headers and resource attributes
 * write them. The message of a bad one never quotes it: it may hold a secret.
 */
function keyValues(validKey: RegExp) {
  return z.string().optional().transform((raw, ctx): Record<string, string> => {
    const pairs: Record<string, string> = {};
    for (const entry of (raw ?? '').split(',')) {
      if (entry.trim() === '') continue;
      const at = entry.indexOf('=');
      const key = entry.slice(0, Math.max(at, 0)).trim();
      const value = at > 0 ? percentDecoded(entry.slice(at + 1).trim()) : undefined;
      if (!validKey.test(key) || value === undefined || /[\r\n\0]/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'must be comma-separated key=value pairs (values percent-encoded)' });
        return z.NEVER;
      }
      pairs[key] = value;
    }
    return pairs;
  });
}

function percentDecoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** OTEL_TRACES_SAMPLER's values, as the OpenTelemetry specification names them. */
const TRACES_SAMPLERS = [
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'always_on',
  'always_off',
  'traceidratio',
] as const satisfies readonly TracingConfig['sampler'][];
const DEFAULT_SERVICE_NAME = 'finetuning-graphql-gateway';

const faultRules = z.string().optional().transform((raw, ctx): FaultRule[] => {
  if (raw === undefined || raw.trim() === '') return [];
  try {
    return parseFaultRules(JSON.parse(raw));
  } catch (error) {
    const reason = error instanceof FaultRuleError ? error.message : 'not valid JSON';
    ctx.addIssue({ code: 'custom', message: `must be a JSON array of fault rules (${reason})` });
    return z.NEVER;
  }
});

export const SETTINGS = {
  NODE_ENV: setting('Server', optionalText, '`production`, or anything else', undefined, 'With `production`, the gateway refuses to start without `COHERE_BASE_URL` unless `SANDBOX=true` says the sandbox is meant.'),
  PORT: int('Server', 0, 65535, 4000, 'Port the gateway listens on (0: any free port).'),
  HOST: setting('Server', z.string().min(1).default('127.0.0.1'), 'host name or address', '127.0.0.1', 'Address the gateway listens on; `0.0.0.0` for every interface.'),
  GRAPHIQL: flag('Server', true, 'Serve GraphiQL to browsers at the GraphQL endpoint.'),
  LOG_LEVEL: choice('Server', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info', 'Least severe level of the JSON log lines on stdout.'),
  SHUTDOWN_TIMEOUT_MS: int('Server', 0, 600_000, 10_000, 'On SIGTERM/SIGINT, longest wait for operations in flight before their connections are closed.'),
  HTTP_HEADERS_TIMEOUT_MS: int('Server', 100, 600_000, 10_000, 'Longest a client may take to send a request’s headers (a slowloris is cut then, with 408).'),
  HTTP_REQUEST_TIMEOUT_MS: int('Server', 100, 3_600_000, 30_000, 'Longest a client may take to send a whole request, body included (answers, such as a subscription’s stream, are not bounded by it).'),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int('Server', 100, 600_000, 5_000, 'How long an idle kept-alive connection stays open.'),
  HTTP_MAX_CONNECTIONS: int('Server', 1, 1_000_000, 10_000, 'Connections the server holds at once (WebSockets included); beyond, new ones are closed at once.'),

  COHERE_BASE_URL: url('Upstream', /^https?$/, 'http(s) URL', 'Base URL of the Cohere API (e.g. `https://api.cohere.com`). Unset: the embedded sandbox.'),
  COHERE_API_KEY: setting('Upstream', optionalText.refine((v) => v === undefined || isBearerToken(v), 'must be a token68 bearer token (RFC 7235)'), 'text', undefined, 'Server-side Cohere key: used when a request brings none (pass-through), or for every call (jwt mode).'),
  COHERE_CLIENT_NAME: setting('Upstream', z.string().min(1).max(100).default('finetuning-graphql-gateway'), 'text, 1 to 100 characters', 'finetuning-graphql-gateway', 'Sent as `X-Client-Name` on every upstream call.'),
  UPSTREAM_TIMEOUT_MS: int('Upstream', 100, 300_000, 10_000, 'Per upstream call: longest wait to connect, for the answer to start, and between chunks of its body.'),
  UPSTREAM_PAGE_SIZE: int('Upstream', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, 'Items asked of the upstream per page; a larger `first` follows page tokens.'),
  UPSTREAM_CONCURRENCY_PER_REQUEST: int('Upstream', 1, 256, DEFAULT_FIRST, `Upstream calls one operation runs at once; the default is a connection's default \`first\` (${DEFAULT_FIRST}), so the nested lists of a default page are read in one round trip.`),
  OPERATION_DEADLINE_MS: int('Upstream', 100, 600_000, 30_000, 'Longest an operation may wait for the upstream, retries included.'),
  UPSTREAM_MAX_BODY_BYTES: int('Upstream', 1_024, 100_000_000, 5_000_000, 'Largest upstream answer read; a larger one is refused as `UPSTREAM_ERROR` (so is one that is not JSON).'),
  UPSTREAM_MAX_PAGES: int('Upstream', 1, 10_000, 100, 'Most upstream pages one list may be followed through in one read (a connection field follows at most those its `first` needs, plus one); a repeated page token ends the read too. Beyond: `UPSTREAM_ERROR`.'),

  UPSTREAM_MAX_RETRIES: int('Resilience', 0, 10, 2, 'Retries of a failed upstream call that is safe to repeat.'),
  UPSTREAM_RETRY_BASE_MS: int('Resilience', 1, 60_000, 200, 'First retry delay; doubles per retry, with full jitter (a longer `Retry-After` wins).'),
  UPSTREAM_RETRY_MAX_MS: int('Resilience', 1, 300_000, 5_000, 'Longest delay between two attempts.'),
  RETRY_BUDGET_RATIO: ratio('Resilience', 0, 10, 0.2, 'Retries may add at most this share of the calls of the last 10 seconds…'),
  RETRY_BUDGET_MIN_PER_SECOND: ratio('Resilience', 0, 10_000, 5, '…plus this many per second.'),
  BREAKER_FAILURES: int('Resilience', 1, 1000, 5, 'Consecutive upstream faults that open the circuit breaker (calls then fail fast).'),
  BREAKER_HALF_OPEN_MS: int('Resilience', 10, 600_000, 5_000, 'How long the breaker stays open before one trial call.'),
  UPSTREAM_MAX_CONCURRENCY: int('Resilience', 1, 10_000, 128, 'Upstream calls in flight at once across the gateway.'),
  UPSTREAM_MAX_QUEUE: int('Resilience', 0, 100_000, 512, 'Calls that may wait for a slot; beyond, `OVERLOADED`.'),

  UPSTREAM_COLLAPSE_READS: flag('Sharing between operations', true, 'Identical reads (and identical queries) of one credential in flight at once are made once.'),
  UPSTREAM_MICROCACHE_MS: int('Sharing between operations', 0, 60_000, 0, 'Keeps a clean read of one credential for its identical reads this long; 0: off.'),

  IDEMPOTENCY_WINDOW_SECONDS: int('Writes', 1, 7 * 24 * 3600, DEFAULT_IDEMPOTENCY_WINDOW_SECONDS, 'How long a create’s idempotency key is remembered.'),

  POLL_INTERVAL_ACTIVE_MS: int('Live status (subscriptions)', 10, 3_600_000, 5_000, 'Between polls while a job moves by itself (QUEUED, FINETUNING, DEPLOYING_API).'),
  POLL_INTERVAL_STABLE_MS: int('Live status (subscriptions)', 10, 24 * 3_600_000, 60_000, 'Between polls in a state that changes only by a user action.'),
  POLL_JITTER_RATIO: ratio('Live status (subscriptions)', 0, 0.5, 0.1, 'Each delay is drawn within ± this share of its nominal value.'),
  POLL_BACKOFF_MAX_MS: int('Live status (subscriptions)', 10, 24 * 3_600_000, 300_000, 'Ceiling of the back-off while the upstream fails.'),

  AUTH_MODE: choice('Authentication', ['passthrough', 'jwt'], 'passthrough', '`passthrough`: callers send their own Cohere key. `jwt`: callers send a JWT; the gateway calls with `COHERE_API_KEY`.'),
  JWT_SECRET: setting('Authentication', optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()), 'text, at least 32 characters', undefined, 'jwt mode: the HMAC secret of the tokens (set this or `JWT_JWKS_URL`).'),
  JWT_JWKS_URL: url('Authentication', /^https?$/, 'http(s) URL', 'jwt mode: where the token signing keys are published.'),
  JWT_ISSUER: text('Authentication', 'jwt mode: the `iss` every token must carry.'),
  JWT_AUDIENCE: text('Authentication', 'jwt mode: the `aud` every token must carry.'),
  JWT_READ_SCOPE: setting('Authentication', z.string().min(1).default('finetuning:read'), 'text', 'finetuning:read', 'jwt mode: the scope that allows queries and subscriptions.'),
  JWT_WRITE_SCOPE: setting('Authentication', z.string().min(1).default('finetuning:write'), 'text', 'finetuning:write', 'jwt mode: the scope that allows mutations (and reads).'),

  CORS_ORIGINS: setting(
    'Limits and browser security',
    optionalText.refine(
      (v) => v === undefined || v.split(',').every((origin) => /^https?:\/\/[^/\s,]+$/.test(origin.trim())),
      'must be a comma-separated list of origins such as https://app.example (no paths, no `*`, no `null`)',
    ),
    'comma-separated origins',
    undefined,
    'Origins whose pages may call the gateway with credentials (and open sockets); unset: none but its own.',
  ),
  MAX_BODY_BYTES: int('Limits and browser security', 1_024, 10_000_000, 100_000, 'Largest request body accepted.'),
  INTROSPECTION: flag('Limits and browser security', true, 'Answer introspection queries, field suggestions in errors, and the federation `_service { sdl }` to anyone.'),
  SCHEMA_SECRET: setting(
    'Limits and browser security',
    optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    'text, at least 16 characters',
    undefined,
    'With `INTROSPECTION=false`: requests that carry it in `x-schema-secret` may still introspect and read `_service { sdl }` (for a supergraph composing this subgraph).',
  ),
  MAX_DEPTH: int('Limits and browser security', 1, 100, 12, 'Deepest field nesting of a document.'),
  MAX_ALIASES: int('Limits and browser security', 0, 1_000, 15, 'Most aliases in a document.'),
  MAX_TOKENS: int('Limits and browser security', 10, 100_000, 2_000, 'Most tokens in a document.'),
  MAX_DIRECTIVES: int('Limits and browser security', 0, 1_000, 10, 'Most directives in a document.'),
  MAX_QUERY_COST: int('Limits and browser security', 1, 1_000_000, 250, 'Most upstream calls an operation may be estimated to cost.'),
  MAX_ENTITY_REPRESENTATIONS: int('Limits and browser security', 1, 10_000, 100, 'Most federation entities (`_entities` representations) one request may resolve; each costs what `finetunedModel(id:)` with the same selection costs.'),
  CURSOR_SECRET: setting(
    'Limits and browser security',
    optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    'text, at least 32 characters',
    undefined,
    'Signs pagination cursors (so none can be forged). Set the same value on every instance of a fleet; unset, each process makes its own and cursors do not outlive it.',
  ),
  MAX_INPUT_DEPTH: int('Limits and browser security', 2, 1_000, 32, 'Deepest nesting of a request’s `variables` and `extensions` (refused as `BAD_REQUEST` before anything reads them).'),
  WS_MAX_MESSAGE_BYTES: int('Limits and browser security', 1_024, 10_000_000, 65_536, 'Largest WebSocket message accepted.'),
  WS_MAX_SUBSCRIPTIONS_PER_SOCKET: int('Limits and browser security', 1, 10_000, 25, 'Operations that may run at once on one WebSocket.'),
  WS_MAX_CONNECTIONS_PER_CALLER: int('Limits and browser security', 1, 10_000, 25, 'WebSocket connections one caller may hold open.'),
  WS_MAX_CONNECTIONS: int('Limits and browser security', 1, 1_000_000, 10_000, 'WebSocket connections the instance holds open at once; beyond, a new socket is closed with 1013 (try again later).'),
  MAX_SUBSCRIPTIONS_PER_CALLER: int('Limits and browser security', 1, 1_000_000, 200, 'Subscriptions one caller may hold at once, over WebSocket and SSE together (`LIMIT_EXCEEDED` beyond).'),
  MAX_SUBSCRIPTIONS: int('Limits and browser security', 1, 10_000_000, 20_000, 'Subscriptions the instance serves at once, over WebSocket and SSE together (`LIMIT_EXCEEDED` beyond).'),
  RATE_LIMIT_OPERATIONS: optionalInt(
    'Limits and browser security',
    1,
    1_000_000,
    '— (no limit)',
    'Operations one caller may start per rate-limit window, over HTTP, SSE and WebSocket together; a subscription counts once, when it starts (its polls do not). Beyond: `RATE_LIMITED` with `retryAfterSeconds` (HTTP 429 with `Retry-After`), before any upstream call. With `REDIS_URL`, the fleet shares the budget.',
  ),
  RATE_LIMIT_COST: optionalInt(
    'Limits and browser security',
    1,
    100_000_000,
    '— (no limit)',
    'Estimated upstream calls (the estimate `MAX_QUERY_COST` bounds) one caller’s operations may add up to per rate-limit window. An operation whose estimate exceeds what is left is refused with `RATE_LIMITED` and spends nothing; one whose estimate exceeds the whole budget, with `QUERY_TOO_COMPLEX`.',
  ),
  RATE_LIMIT_WINDOW_SECONDS: int(
    'Limits and browser security',
    1,
    86_400,
    60,
    'The rate limits’ window, a fixed window rather than a token bucket: it opens with a caller’s first operation, and the whole budget comes back when it closes (so up to twice a budget can pass across a window’s end).',
  ),
  ALLOWED_HOSTS: setting(
    'Limits and browser security',
    optionalText.refine((v) => v === undefined || v === '*' || v.split(',').every((h) => /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/i.test(h.trim())), 'must be `*` or comma-separated host names (no ports)'),
    '`*`, or comma-separated host names',
    'loopback names when HOST is a loopback address, else `*`',
    'Host names requests may ask for, checked for HTTP and WebSocket upgrades (DNS rebinding protection); others get 421.',
  ),

  RELAY_NODE_FIELDS: flag(
    'Server',
    true,
    'Serve `Query.node` and `Query.nodes` (Relay Global Object Identification). Set `false` in a supergraph where another subgraph owns them (docs/federation.md).',
  ),
  PERSISTED_OPERATIONS: choice(
    'Trusted documents',
    ['off', 'allow', 'only'],
    'off',
    '`off`: documents as sent (a hash alone answers `PersistedQueryNotFound`, so automatic persisted queries send the document). `allow`: a hash of the manifest, a hash registered with its document earlier (automatic persisted queries), or a document. `only`: hashes of the manifest alone.',
  ),
  PERSISTED_OPERATIONS_MANIFEST: text('Trusted documents', 'The manifest of trusted documents (JSON object of sha256 hash → document, as GraphQL Code Generator writes it); required with `PERSISTED_OPERATIONS=only`.', 'file path'),
  PERSISTED_OPERATIONS_MAX_REGISTERED: int('Trusted documents', 1, 1_000_000, 1_000, 'With `allow`: how many documents registered by their hash (automatic persisted queries) are kept, the least recently used dropped first.'),

  METRICS_TOKEN: setting(
    'Server',
    optionalText.pipe(z.string().regex(/^[A-Za-z0-9._~+/-]{16,256}$/, 'must be 16 to 256 token characters').optional()),
    'text, 16 to 256 token characters',
    undefined,
    'Bearer token Prometheus sends to read `/metrics`. Without it (and without `METRICS_PORT`), `/metrics` is not served.',
  ),
  METRICS_PORT: optionalInt('Server', 1, 65535, '—', 'Serves `/metrics` on this port of `HOST` alone (still behind `METRICS_TOKEN` when set), not on the main port.'),
  CREDENTIAL_HASH_SECRET: setting(
    'Several instances (Redis)',
    optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    'text, at least 32 characters',
    undefined,
    'Keys the hashes that stand for credentials (in Redis names and in memory) with an HMAC. Set the same value on every instance of a fleet.',
  ),
  REDIS_URL: url('Several instances (Redis)', /^rediss?$/, 'redis(s) URL', 'Coordinates a fleet of instances through Redis (one poller per watched model, idempotency keys shared). Unset: a single instance.'),
  POLLER_LEASE_TTL_MS: int('Several instances (Redis)', 100, 600_000, 10_000, 'A poller’s lease lasts this long unless renewed: the longest a dead instance’s watchers go unpolled.'),
  POLLER_LEASE_RENEW_MS: optionalInt('Several instances (Redis)', 10, 300_000, 'a third of the TTL', 'How often a lease holder renews (at most half the TTL).'),
  IDEMPOTENCY_WAIT_MS: int('Several instances (Redis)', 0, 600_000, 10_000, 'A create whose idempotency key an attempt under way (on any instance) holds waits this long for its outcome, then answers `IDEMPOTENCY_KEY_IN_USE` (try again).'),

  OTEL_EXPORTER_OTLP_ENDPOINT: url(
    'Tracing (OpenTelemetry)',
    /^https?$/,
    'http(s) URL',
    'Turns tracing on: the OTLP/HTTP endpoint of a collector (e.g. `http://otel-collector:4318`); spans are sent to its `/v1/traces`, as JSON. Unset, and `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` unset too: no tracing (docs/operations.md#tracing).',
  ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url('Tracing (OpenTelemetry)', /^https?$/, 'http(s) URL', 'Turns tracing on too: the whole URL spans are sent to (it wins over `OTEL_EXPORTER_OTLP_ENDPOINT`).'),
  OTEL_EXPORTER_OTLP_HEADERS: setting(
    'Tracing (OpenTelemetry)',
    keyValues(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/),
    '`name=value` pairs separated by commas, values percent-encoded',
    undefined,
    'Headers sent with every export, such as the collector’s API key. Never logged.',
  ),
  OTEL_EXPORTER_OTLP_TIMEOUT: int('Tracing (OpenTelemetry)', 1, 600_000, 10_000, 'Longest one export of spans may take (ms).'),
  OTEL_SERVICE_NAME: setting(
    'Tracing (OpenTelemetry)',
    optionalText.pipe(z.string().max(255).optional()),
    'text, up to 255 characters',
    DEFAULT_SERVICE_NAME,
    'The `service.name` of this gateway’s spans (unset: the one in `OTEL_RESOURCE_ATTRIBUTES`, if any).',
  ),
  OTEL_RESOURCE_ATTRIBUTES: setting(
    'Tracing (OpenTelemetry)',
    keyValues(/^[^\s=,]+$/),
    '`key=value` pairs separated by commas, values percent-encoded',
    undefined,
    'More attributes of the service its spans carry, e.g. `deployment.environment.name=production,service.version=1.4.0`.',
  ),
  OTEL_TRACES_SAMPLER: choice(
    'Tracing (OpenTelemetry)',
    TRACES_SAMPLERS,
    'parentbased_always_on',
    'Which traces are recorded. `parentbased_…`: a caller’s decision (the sampled flag of its `traceparent`) is followed, and the rest of the name decides for traces that start here; `…traceidratio`: a share of them, `OTEL_TRACES_SAMPLER_ARG`, chosen by trace id.',
  ),
  OTEL_TRACES_SAMPLER_ARG: ratio('Tracing (OpenTelemetry)', 0, 1, 1, 'The share of traces `traceidratio` and `parentbased_traceidratio` record.'),
  OTEL_BSP_SCHEDULE_DELAY: int('Tracing (OpenTelemetry)', 1, 600_000, 5_000, 'Longest a finished span waits before it is exported, in a batch (ms); those still waiting are exported when the gateway stops.'),
  OTEL_SDK_DISABLED: flag('Tracing (OpenTelemetry)', false, '`true`: no tracing, even with an endpoint set.'),

  SANDBOX: flag('Sandbox', false, 'Run against the embedded sandbox even with `NODE_ENV=production` (without `COHERE_BASE_URL`, the sandbox is used anyway outside production).'),
  SANDBOX_ADMIN_TOKEN: setting(
    'Sandbox',
    optionalText.pipe(z.string().regex(/^[A-Za-z0-9._~+/-]{16,256}$/, 'must be 16 to 256 token characters').optional()),
    'text, 16 to 256 token characters',
    'a random one, printed at start',
    'Bearer token of the sandbox’s admin API (`/_sandbox/`: call log and fault rules).',
  ),
  SANDBOX_HOST: setting('Sandbox', z.string().regex(/^\S+$/, 'must be a host name or address').default('127.0.0.1'), 'host name or address', '127.0.0.1', 'Address the sandbox listens on.'),
  SANDBOX_PORT: int('Sandbox', 0, 65535, 0, 'Port of the sandbox (0: any free one; its URL is printed at start).'),
  SANDBOX_SPEED: setting('Sandbox', z.coerce.number().positive().max(1_000_000).default(60), 'number above 0, up to 1000000', '60', 'How many times faster than real time the sandbox’s jobs run.'),
  SANDBOX_FAULTS: setting('Sandbox', faultRules, 'JSON array of fault rules (docs/sandbox.md)', undefined, 'Faults the sandbox injects: latency, error statuses, hangs, malformed bodies.'),
};

type Schemas = { [K in keyof typeof SETTINGS]: (typeof SETTINGS)[K]['schema'] };
const shape = Object.fromEntries(Object.entries(SETTINGS).map(([name, s]) => [name, s.schema])) as Schemas;

const schema = z.object(shape).superRefine((c, ctx) => {
  if (c.POLLER_LEASE_RENEW_MS !== undefined && c.POLLER_LEASE_RENEW_MS * 2 > c.POLLER_LEASE_TTL_MS) {
    ctx.addIssue({ code: 'custom', path: ['POLLER_LEASE_RENEW_MS'], message: 'must be at most half of POLLER_LEASE_TTL_MS' });
  }
  if (c.NODE_ENV === 'production' && !c.COHERE_BASE_URL && !c.SANDBOX) {
    ctx.addIssue({
      code: 'custom',
      path: ['COHERE_BASE_URL'],
      message: 'is required when NODE_ENV=production: set it to the Cohere API, or set SANDBOX=true to serve the embedded sandbox on purpose',
    });
  }
  if (c.PERSISTED_OPERATIONS === 'only' && !c.PERSISTED_OPERATIONS_MANIFEST) {
    ctx.addIssue({ code: 'custom', path: ['PERSISTED_OPERATIONS_MANIFEST'], message: 'is required when PERSISTED_OPERATIONS=only' });
  }
  if (c.AUTH_MODE !== 'jwt') return;
  if (!c.COHERE_API_KEY) ctx.addIssue({ code: 'custom', path: ['COHERE_API_KEY'], message: 'is required when AUTH_MODE=jwt' });
  if (!c.JWT_SECRET === !c.JWT_JWKS_URL) {
    ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'set exactly one of JWT_SECRET and JWT_JWKS_URL when AUTH_MODE=jwt' });
  }
});

export interface SandboxSettings {
  host: string;
  port: number;
  /** Bearer token of the admin API; undefined: a random one. */
  adminToken: string | undefined;
  /** Simulated time runs this many times faster than real time. */
  speed: number;
  faults: FaultRule[];
}

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
  /** Largest upstream answer read. */
  upstreamMaxBodyBytes: number;
  /** Most pages one walk of an upstream list may follow. */
  upstreamMaxPages: number;
  resilience: ResilienceOptions;
  /** Identical reads of one key shared across operations: while in flight, and for a micro-cache TTL. */
  upstreamReads: ReadCollapseOptions;
  /** How long a create's idempotency key is remembered. */
  idempotencyWindowSeconds: number;
  /** With Redis: how long a create waits for an attempt under way with its idempotency key. */
  idempotencyWaitMs: number;
  /** How subscription watchers poll the upstream. */
  polling: PollCadence;
  logLevel: string;
  /** Longest a shutdown waits for in-flight operations before closing their connections. */
  shutdownTimeoutMs: number;
  /** What the HTTP server allows a client. */
  server: ServerLimits;
  /** Signs pagination cursors; undefined: a random secret per process. */
  cursorSecret: string | undefined;
  /** Who may read /metrics, and where. */
  metrics: { token: string | undefined; port: number | undefined };
  graphiql: boolean;
  /** Serve Query.node and Query.nodes. */
  relayNodeFields: boolean;
  auth: AuthConfig;
  security: SecuritySettings;
  sandbox: SandboxSettings;
  persistedDocuments: PersistedDocumentsConfig;
  /** Per-caller budgets of operations and estimated upstream calls per window; both undefined: off. */
  rateLimits: RateLimitSettings;
  /** Several instances coordinated through Redis (see src/scale-out); `redisUrl` undefined: a single instance. */
  scaleOut: ScaleOutConfig;
  /** Distributed tracing (OpenTelemetry); undefined: off. */
  tracing: TracingConfig | undefined;
}

interface ScaleOutConfig {
  redisUrl: string | undefined;
  /** A poller's lease lasts this long unless renewed: the longest a dead holder's watchers go unpolled. */
  leaseTtlMs: number;
  /** How often the holder renews its lease, and followers try to take a free one. */
  leaseRenewMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** ALLOWED_HOSTS, or by default the loopback names for a gateway that listens on loopback only. */
function allowedHosts(setting: string | undefined, host: string): string[] | 'any' {
  if (setting === '*') return 'any';
  if (setting) return setting.split(',').map((name) => name.trim().toLowerCase());
  return ['127.0.0.1', '::1', 'localhost'].includes(host) ? LOOPBACK_NAMES : 'any';
}

function parse<T extends z.ZodType>(parser: T, env: Env): z.output<T> {
  const parsed = parser.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}

function sandboxSettings(c: {
  SANDBOX_HOST: string;
  SANDBOX_PORT: number;
  SANDBOX_SPEED: number;
  SANDBOX_FAULTS: FaultRule[];
  SANDBOX_ADMIN_TOKEN?: string | undefined;
}): SandboxSettings {
  return { host: c.SANDBOX_HOST, port: c.SANDBOX_PORT, speed: c.SANDBOX_SPEED, faults: c.SANDBOX_FAULTS, adminToken: c.SANDBOX_ADMIN_TOKEN };
}

/** The standalone sandbox's settings (`npm run sandbox`): the SANDBOX_* variables alone, as the gateway reads them. */
export function loadSandboxConfig(env: Env = process.env): SandboxSettings {
  const { SANDBOX_HOST, SANDBOX_PORT, SANDBOX_SPEED, SANDBOX_FAULTS, SANDBOX_ADMIN_TOKEN } = shape;
  return sandboxSettings(parse(z.object({ SANDBOX_HOST, SANDBOX_PORT, SANDBOX_SPEED, SANDBOX_FAULTS, SANDBOX_ADMIN_TOKEN }), env));
}

export function loadConfig(env: Env = process.env): Config {
  const c = parse(schema, env);
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
    upstreamMaxBodyBytes: c.UPSTREAM_MAX_BODY_BYTES,
    upstreamMaxPages: c.UPSTREAM_MAX_PAGES,
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
    idempotencyWaitMs: c.IDEMPOTENCY_WAIT_MS,
    polling: {
      activeIntervalMs: c.POLL_INTERVAL_ACTIVE_MS,
      stableIntervalMs: c.POLL_INTERVAL_STABLE_MS,
      jitterRatio: c.POLL_JITTER_RATIO,
      backoffMaxMs: c.POLL_BACKOFF_MAX_MS,
    },
    logLevel: c.LOG_LEVEL,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    server: {
      headersTimeoutMs: c.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: Math.max(c.HTTP_REQUEST_TIMEOUT_MS, c.HTTP_HEADERS_TIMEOUT_MS),
      keepAliveTimeoutMs: c.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: c.HTTP_MAX_CONNECTIONS,
    },
    cursorSecret: c.CURSOR_SECRET,
    metrics: { token: c.METRICS_TOKEN, port: c.METRICS_PORT },
    graphiql: c.GRAPHIQL,
    relayNodeFields: c.RELAY_NODE_FIELDS,
    auth: {
      mode: c.AUTH_MODE,
      hashSecret: c.CREDENTIAL_HASH_SECRET,
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
      allowedHosts: allowedHosts(c.ALLOWED_HOSTS, c.HOST),
      maxBodyBytes: c.MAX_BODY_BYTES,
      introspection: c.INTROSPECTION,
      schemaSecret: c.SCHEMA_SECRET,
      limits: {
        depth: c.MAX_DEPTH,
        aliases: c.MAX_ALIASES,
        tokens: c.MAX_TOKENS,
        directives: c.MAX_DIRECTIVES,
        cost: c.MAX_QUERY_COST,
        entities: c.MAX_ENTITY_REPRESENTATIONS,
        inputDepth: c.MAX_INPUT_DEPTH,
      },
      ws: {
        maxMessageBytes: c.WS_MAX_MESSAGE_BYTES,
        maxSubscriptionsPerSocket: c.WS_MAX_SUBSCRIPTIONS_PER_SOCKET,
        maxConnectionsPerCaller: c.WS_MAX_CONNECTIONS_PER_CALLER,
        maxConnections: c.WS_MAX_CONNECTIONS,
      },
      subscriptions: { perCaller: c.MAX_SUBSCRIPTIONS_PER_CALLER, total: c.MAX_SUBSCRIPTIONS },
    },
    sandbox: sandboxSettings(c),
    rateLimits: { operations: c.RATE_LIMIT_OPERATIONS, cost: c.RATE_LIMIT_COST, windowSeconds: c.RATE_LIMIT_WINDOW_SECONDS },
    persistedDocuments: {
      mode: c.PERSISTED_OPERATIONS,
      manifestPath: c.PERSISTED_OPERATIONS_MANIFEST,
      maxRegistered: c.PERSISTED_OPERATIONS_MAX_REGISTERED,
    },
    scaleOut: {
      redisUrl: c.REDIS_URL,
      leaseTtlMs: c.POLLER_LEASE_TTL_MS,
      leaseRenewMs: c.POLLER_LEASE_RENEW_MS ?? Math.floor(c.POLLER_LEASE_TTL_MS / 3),
    },
    tracing: tracingConfig(c),
  };
}

/** On when an OTLP endpoint is set, unless OTEL_SDK_DISABLED says otherwise. */
function tracingConfig(c: z.output<typeof schema>): TracingConfig | undefined {
  const base = c.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url = c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base && `${base.replace(/\/+$/, '')}/v1/traces`);
  if (!url || c.OTEL_SDK_DISABLED) return undefined;
  const { 'service.name': serviceName, ...resourceAttributes } = c.OTEL_RESOURCE_ATTRIBUTES;
  return {
    url,
    headers: c.OTEL_EXPORTER_OTLP_HEADERS,
    serviceName: c.OTEL_SERVICE_NAME ?? serviceName ?? DEFAULT_SERVICE_NAME,
    resourceAttributes,
    sampler: c.OTEL_TRACES_SAMPLER,
    samplerRatio: c.OTEL_TRACES_SAMPLER_ARG,
    exportDelayMs: c.OTEL_BSP_SCHEDULE_DELAY,
    exportTimeoutMs: c.OTEL_EXPORTER_OTLP_TIMEOUT,
  };
}
