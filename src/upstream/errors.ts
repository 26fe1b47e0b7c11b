// Upstream failures → domain errors with stable codes. Messages are the gateway's own: the upstream's body is
// kept only as the error's cause (for logs), never shown to a client.
import { GatewayError } from '../errors.js';

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

export function errorFromStatus(status: number, retryAfterHeader: string | null, upstreamMessage: string | undefined): GatewayError {
  const cause = upstreamMessage === undefined ? undefined : { status, upstreamMessage };
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
      return new GatewayError('NOT_FOUND', 'The fine-tuned model was not found.', { cause });
    case 429:
      return new GatewayError('RATE_LIMITED', 'The upstream rate limit was reached; try again later.', { cause, ...retry });
    case 408:
    case 504:
      return new GatewayError('UPSTREAM_TIMEOUT', 'The upstream did not answer in time.', { cause });
    case 502:
    case 503:
      return new GatewayError('UPSTREAM_UNAVAILABLE', 'The upstream is unavailable; try again later.', { cause, ...retry });
    default:
      return new GatewayError('UPSTREAM_ERROR', 'The upstream failed to handle the request.', { cause });
  }
}

export const upstreamTimeout = (cause?: unknown) =>
  new GatewayError('UPSTREAM_TIMEOUT', 'The upstream did not answer in time.', { cause });

export const upstreamUnreachable = (cause?: unknown) =>
  new GatewayError('UPSTREAM_UNAVAILABLE', 'The upstream could not be reached; try again later.', { cause });

export const malformedResponse = (cause?: unknown) =>
  new GatewayError('UPSTREAM_ERROR', 'The upstream sent a response the gateway could not read.', { cause });
