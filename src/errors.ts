// Every error code a client can meet, in one table. Everything below the transport throws GatewayError with one of
// these codes; the transport turns it into a GraphQL error (`extensions.code`) and masks anything else, so no
// upstream body, stack or key reaches a client.

interface ErrorKind {
  /** The HTTP status of an answer refused as a whole for this reason. */
  status: number;
  /** Asking again later may succeed: pollers wait these out, and a client may retry. */
  transient: boolean;
  /**
   * The upstream itself is failing (no answer, a 5xx, an unreadable body): counted by the circuit breaker, retried
   * where repeating is safe, and a write that met one may or may not have happened.
   */
  upstreamFault: boolean;
  /** What the client is told when nothing more specific is known. */
  message: string;
}

const kind = (status: number, message: string, flags: Partial<Pick<ErrorKind, 'transient' | 'upstreamFault'>> = {}): ErrorKind => ({
  status,
  message,
  transient: flags.transient ?? false,
  upstreamFault: flags.upstreamFault ?? false,
});

export const ERRORS = {
  BAD_REQUEST: kind(400, 'The request is not a GraphQL request this endpoint accepts.'),
  /** Set by graphql-yoga: the document does not parse. */
  GRAPHQL_PARSE_FAILED: kind(400, 'The document is not valid GraphQL syntax.'),
  /** Set by graphql-yoga: the document does not fit the schema. */
  GRAPHQL_VALIDATION_FAILED: kind(400, 'The document does not fit the schema.'),
  BAD_USER_INPUT: kind(400, 'The input is not valid.'),
  UNAUTHENTICATED: kind(401, 'Send a credential as `Authorization: Bearer <token>` (over WebSocket: in the connection params).'),
  FORBIDDEN: kind(403, 'This credential may not do this.'),
  NOT_FOUND: kind(404, 'The fine-tuned model was not found.'),
  CONFLICT: kind(409, 'The model changed in the meantime; nothing was written.'),
  IDEMPOTENCY_KEY_REUSED: kind(422, 'This idempotency key was already used with a different input.'),
  /** Another request with the same idempotency key (on any instance of a fleet) was still running after the wait. */
  IDEMPOTENCY_KEY_IN_USE: kind(409, 'A request with this idempotency key is still in progress; try again shortly.', { transient: true }),
  PERSISTED_QUERY_NOT_FOUND: kind(400, 'PersistedQueryNotFound'),
  PERSISTED_QUERY_ID_REQUIRED: kind(400, 'Send the hash of a trusted document as extensions.persistedQuery.sha256Hash.'),
  PERSISTED_QUERY_ONLY: kind(400, 'This gateway runs only trusted documents: send the hash of a registered operation, not its text.'),
  /** The operation would cost more upstream calls than allowed, or breaks a document limit (depth, aliases…). */
  QUERY_TOO_COMPLEX: kind(400, 'The operation asks for too much at once.'),
  /** A per-caller, per-connection or per-instance cap (subscriptions, WebSocket connections) is reached. */
  LIMIT_EXCEEDED: kind(429, 'A limit on what one caller may run at once is reached.', { transient: true }),
  /** The upstream's rate limit, or (refused before the operation ran, with its own message) the gateway's per caller. */
  RATE_LIMITED: kind(429, 'The upstream rate limit was reached; try again later.', { transient: true }),
  /**
   * The gateway cannot take the work now, and did nothing: its own cap on concurrent upstream calls is reached, or
   * (a create with an idempotency key, in a fleet) Redis, where the keys live, is unreachable.
   */
  OVERLOADED: kind(503, 'The gateway is at its limit of upstream calls; try again shortly.', { transient: true }),
  /** The upstream answered this caller's request with a 4xx the gateway has no better code for. */
  UPSTREAM_REJECTED: kind(502, 'The upstream refused the request.'),
  UPSTREAM_ERROR: kind(502, 'The upstream failed to handle the request.', { transient: true, upstreamFault: true }),
  UPSTREAM_UNAVAILABLE: kind(503, 'The upstream is unavailable; try again later.', { transient: true, upstreamFault: true }),
  UPSTREAM_TIMEOUT: kind(504, 'The upstream did not answer in time.', { transient: true, upstreamFault: true }),
  INTERNAL_SERVER_ERROR: kind(500, 'Unexpected error.'),
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/** The largest GraphQL Int. */
const MAX_INT = 2 ** 31 - 1;

/** Codes whose refusal sets the HTTP status of the whole answer, whatever the phase it happened in. */
const SETS_HTTP_STATUS: ReadonlySet<ErrorCode> = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);
/**
 * Codes whose refusal of a whole operation sets the HTTP status for `application/json` clients too: a client or proxy
 * that retries reads 429 and Retry-After, not the body. (The upstream's 429 met during execution sets no status.)
 */
const REFUSAL_SETS_HTTP_STATUS: ReadonlySet<ErrorCode> = new Set(['RATE_LIMITED']);

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly code: ErrorCode;
  /** Seconds the caller should wait before trying again (RATE_LIMITED, sometimes UPSTREAM_UNAVAILABLE). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string = ERRORS[code].message, options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    // Whole seconds a GraphQL Int can carry, whatever an upstream header said.
    const { retryAfterSeconds: wait } = options;
    this.retryAfterSeconds = wait === undefined || Number.isNaN(wait) ? undefined : Math.min(MAX_INT, Math.max(0, Math.ceil(wait)));
  }

  /**
   * What a client may see: the message, the code and the retry hint, nothing from the cause. A refusal of the whole
   * operation before it ran (`wholeOperation`: no data at all) also gives the answer its HTTP status, as GraphQL over
   * HTTP asks for `application/graphql-response+json`; `spec` tells Yoga to keep 200 for `application/json` clients.
   * Such a refusal with a retry hint also gives it as a `Retry-After` header.
   */
  toExtensions(wholeOperation = false): {
    code: ErrorCode;
    retryAfterSeconds?: number;
    http?: { status: number; spec?: boolean; headers?: Record<string, string> };
  } {
    const { status } = ERRORS[this.code];
    const retryAfter = this.retryAfterSeconds === undefined ? {} : { headers: { 'retry-after': String(this.retryAfterSeconds) } };
    const spec = REFUSAL_SETS_HTTP_STATUS.has(this.code) ? {} : { spec: true };
    const http = SETS_HTTP_STATUS.has(this.code) ? { status } : wholeOperation ? { status, ...spec, ...retryAfter } : undefined;
    return {
      code: this.code,
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
      ...(http ? { http } : {}),
    };
  }
}

export function badUserInput(message: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message);
}

export function isTransient(error: unknown): error is GatewayError {
  return error instanceof GatewayError && ERRORS[error.code].transient;
}

export function isUpstreamFault(error: unknown): error is GatewayError {
  return error instanceof GatewayError && ERRORS[error.code].upstreamFault;
}

/** A setting that cannot work: start-up stops with this message, which names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const CODE_BY_STATUS: Readonly<Partial<Record<number, ErrorCode>>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  429: 'RATE_LIMITED',
};

/** The code of a refusal known only by its HTTP status: a library's answer that carries no code of its own. */
export function codeForStatus(status: number): ErrorCode {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}

/**
 * The code a client receives for an error GraphQL reports: a GatewayError's own (also when GraphQL wrapped it), a
 * code a library set, the code of the HTTP status a library's refusal set, or INTERNAL_SERVER_ERROR for everything
 * masked.
 */
export function clientCodeOf(error: unknown): string {
  const original = (error as { originalError?: unknown } | null)?.originalError ?? error;
  if (original instanceof GatewayError) return original.code;
  const extensions = (error as { extensions?: { code?: unknown; http?: { status?: unknown } } } | null)?.extensions;
  if (typeof extensions?.code === 'string') return extensions.code;
  // A library's refusal (CSRF prevention's 403, say) says what it is by its status alone.
  const status = extensions?.http?.status;
  if (typeof status === 'number' && status >= 400) return codeForStatus(status);
  // graphql-js' own refusals (syntax, validation, variable coercion) carry no original error and no code.
  if (error && typeof error === 'object' && 'originalError' in error && !(error as { originalError?: unknown }).originalError) {
    return 'BAD_USER_INPUT';
  }
  return 'INTERNAL_SERVER_ERROR';
}
