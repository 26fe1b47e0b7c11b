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
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

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
  toExtensions(): { code: ErrorCode; retryAfterSeconds?: number } {
    return this.retryAfterSeconds === undefined
      ? { code: this.code }
      : { code: this.code, retryAfterSeconds: this.retryAfterSeconds };
  }
}

export function badUserInput(message: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message);
}
