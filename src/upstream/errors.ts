// Upstream answers and failures → domain errors with stable codes. Messages are the gateway's own: the upstream's
// body is kept only as the error's cause (for logs), never shown to a client. Whether a code counts against the
// upstream's health (the breaker) is the error table's business (errors.ts): here only 5xx answers, timeouts,
// unreachable hosts and unreadable bodies become upstream faults; every 4xx is an answer to one caller.
import { GatewayError } from '../errors.js';

/** Longest wait a Retry-After may ask for, in seconds: the largest GraphQL Int. */
const MAX_RETRY_AFTER_SECONDS = 2 ** 31 - 1;

/**
 * Retry-After as delta-seconds or an HTTP date, in whole seconds clamped to [0, 2^31 - 1]; undefined when absent or
 * not one of the two. Whoever waits clamps further to what it is willing to wait.
 */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const seconds = /^\d+$/.test(trimmed) ? Number(trimmed) : (Date.parse(trimmed) - now) / 1000;
  if (Number.isNaN(seconds)) return undefined;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, Math.ceil(seconds)));
}

export function errorFromStatus(status: number, retryAfterHeader: string | null, upstreamMessage: string | undefined): GatewayError {
  const cause = { status, upstreamMessage };
  const retryAfterSeconds = parseRetryAfter(retryAfterHeader);
  const retry = retryAfterSeconds === undefined ? {} : { retryAfterSeconds };
  switch (status) {
    case 400:
    case 422:
      return new GatewayError('BAD_USER_INPUT', 'The upstream rejected the request as invalid.', { cause });
    case 401:
      return new GatewayError('UNAUTHENTICATED', 'The Cohere API key is missing or invalid.', { cause });
    case 403:
      return new GatewayError('FORBIDDEN', 'The Cohere API key is not allowed to do this.', { cause });
    case 404:
      return new GatewayError('NOT_FOUND', undefined, { cause });
    case 409:
      return new GatewayError('CONFLICT', 'The upstream refused the change as conflicting with the model’s state.', { cause });
    case 429:
      return new GatewayError('RATE_LIMITED', undefined, { cause, ...retry });
    case 408:
    case 504:
      return new GatewayError('UPSTREAM_TIMEOUT', undefined, { cause });
    case 502:
    case 503:
      return new GatewayError('UPSTREAM_UNAVAILABLE', undefined, { cause, ...retry });
  }
  if (status >= 400 && status < 500) return new GatewayError('UPSTREAM_REJECTED', undefined, { cause });
  return new GatewayError('UPSTREAM_ERROR', undefined, { cause });
}

export const upstreamTimeout = (cause?: unknown) => new GatewayError('UPSTREAM_TIMEOUT', undefined, { cause });

export const upstreamUnreachable = (cause?: unknown) =>
  new GatewayError('UPSTREAM_UNAVAILABLE', 'The upstream could not be reached; try again later.', { cause });

export const malformedResponse = (cause?: unknown) =>
  new GatewayError('UPSTREAM_ERROR', 'The upstream sent a response the gateway could not read.', { cause });

/** The HTTP client would not send the request as built (e.g. a header value it refuses): never the upstream's fault. */
export const unsendable = (cause?: unknown) =>
  new GatewayError('BAD_USER_INPUT', 'The request could not be sent upstream as it stands.', { cause });
