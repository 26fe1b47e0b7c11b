// Domain errors with stable codes. Everything below the schema throws these; the app turns them into GraphQL
// errors (`extensions.code`) and masks everything else, so no upstream body, stack or key reaches a client.

export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'UPSTREAM_ERROR',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  /** The gateway's own cap on concurrent upstream calls is reached. */
  'OVERLOADED',
  /** The operation would cost more upstream calls than allowed (MAX_QUERY_COST). */
  'QUERY_TOO_COMPLEX',
  /** A per-connection or per-caller cap (subscriptions, WebSocket connections) is reached. */
  'LIMIT_EXCEEDED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly code: ErrorCode;
  /** Seconds the caller should wait before trying again (RATE_LIMITED, sometimes UPSTREAM_UNAVAILABLE). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** What a client may see: the message, the code and the retry hint, nothing from the cause. */
  toExtensions(): { code: ErrorCode; retryAfterSeconds?: number; http?: { status: number } } {
    const status = HTTP_STATUS[this.code];
    return {
      code: this.code,
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
      // Only where the whole request is refused before execution do these statuses reach the HTTP answer.
      ...(status ? { http: { status } } : {}),
    };
  }
}

export function badUserInput(message: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message);
}
