// How answers travel over HTTP beyond what graphql-yoga does by itself, for the clients people use:
// - Apollo Client's HttpLink subscriptions (multipart HTTP, `subscriptionSpec=1.0`), which Yoga does not speak:
//   Yoga's multipart answers follow the incremental-delivery format, and it offers none for subscriptions;
// - a clear, coded refusal of graphql-sse's single connection mode (distinct connections are supported);
// - every error answer as JSON with `errors[].extensions.code`, and SSE refusals as events a client reads.
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { codeForStatus, ERRORS, type ErrorCode } from '../errors.js';

const BOUNDARY = 'graphql';
/** Apollo's protocol: an empty part every few seconds keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 5_000;

/** Whether the client asks for Apollo's multipart subscription protocol. */
function wantsApolloMultipart(request: Request): boolean {
  return (request.headers.get('accept') ?? '')
    .toLowerCase()
    .split(',')
    .some((type) => type.trim().startsWith('multipart/mixed') && type.includes('subscriptionspec'));
}

/** Only what a client may see of a result: Yoga's internal serializer hints are left out. */
const visible = (result: ExecutionResult) => ({
  ...(result.data !== undefined ? { data: result.data } : {}),
  ...(result.errors ? { errors: result.errors } : {}),
  ...(result.extensions ? { extensions: result.extensions } : {}),
});

/**
 * A subscription's stream in Apollo's multipart HTTP subscription protocol: each message a part `{"payload": …}`,
 * heartbeats `{}`, and a failure of the stream itself `{"payload": null, "errors": […]}`.
 */
function apolloMultipart(result: AsyncIterable<ExecutionResult>): Response {
  const encoder = new TextEncoder();
  // Each part is followed by its boundary, not preceded: a client knows a part is whole only when the boundary
  // after it arrives, so a part must not wait for the next message (or heartbeat) to be read.
  const part = (body: unknown) => encoder.encode(`\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${JSON.stringify(body)}\r\n--${BOUNDARY}`);
  const iterator = result[Symbol.asyncIterator]();
  let heartbeat: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\r\n--${BOUNDARY}`));
      controller.enqueue(part({}));
      heartbeat = setInterval(() => controller.enqueue(part({})), HEARTBEAT_MS);
    },
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (!next.done) {
          controller.enqueue(part({ payload: visible(next.value) }));
          return;
        }
      } catch {
        const code: ErrorCode = 'INTERNAL_SERVER_ERROR';
        controller.enqueue(part({ payload: null, errors: [{ message: ERRORS[code].message, extensions: { code } }] }));
      }
      clearInterval(heartbeat);
      controller.enqueue(encoder.encode('--\r\n'));
      controller.close();
    },
    async cancel() {
      clearInterval(heartbeat);
      await iterator.return?.();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { 'content-type': `multipart/mixed;boundary="${BOUNDARY}";subscriptionSpec="1.0"`, 'cache-control': 'no-store' },
  });
}

/** Answers a subscription in Apollo's multipart protocol when the client asks for it (Apollo Client's HttpLink). */
export function useApolloMultipartSubscriptions(): Plugin {
  return {
    onResultProcess({ request, result, setResultProcessor }) {
      if (!isAsyncIterable(result) || !wantsApolloMultipart(request)) return;
      setResultProcessor((processed) => apolloMultipart(processed as AsyncIterable<ExecutionResult>), 'multipart/mixed');
    },
  };
}

const errorBody = (code: ErrorCode, message: string) => JSON.stringify({ errors: [{ message, extensions: { code } }] });

/**
 * graphql-sse's single connection mode reserves a stream with a PUT: refused with a coded 405, before CSRF
 * prevention would answer it with a 403 a client cannot make sense of. Distinct connections mode (graphql-sse's
 * default, and what every GraphQL-over-SSE client speaks) needs no reservation, and every instance of a fleet can
 * serve it without sharing stream state.
 */
export function useSseSingleConnectionRefusal(): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (request.method !== 'PUT' && !request.headers.has('x-graphql-event-stream-token')) return;
      const message =
        "graphql-sse's single connection mode is not supported: use distinct connections mode (graphql-sse's default, `singleConnection: false`).";
      // The reason phrase carries the reason too: graphql-sse reports only the status line of a refused reservation.
      endResponse(
        new Response(errorBody('BAD_REQUEST', message), {
          status: 405,
          statusText: 'Single connection mode not supported; use distinct connections',
          headers: { allow: 'GET, POST', 'content-type': 'application/json' },
        }),
      );
    },
  };
}

const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  406: 'None of the media types the request accepts can carry this answer: a subscription needs text/event-stream, Apollo’s multipart/mixed, or graphql-ws.',
};

/**
 * Every error answer carries a JSON body with `errors[].extensions.code`, whoever produced it (Yoga answers some
 * refusals with an empty body); and a subscription refused over SSE is answered 200 with the error as an event,
 * because SSE clients do not read the body of a failed response.
 */
export function useCodedErrorAnswers(): Plugin {
  return {
    onResponse({ response, setResponse }) {
      if (response.status < 400) return;
      const type = response.headers.get('content-type') ?? '';
      if (type.startsWith('text/event-stream')) {
        setResponse(new Response(response.body, { status: 200, headers: response.headers }));
        return;
      }
      if (type.includes('json') || type.startsWith('text/html')) return;
      const code = codeForStatus(response.status);
      const message = STATUS_MESSAGES[response.status] ?? (response.statusText || ERRORS[code].message);
      const headers = new Headers(response.headers);
      headers.set('content-type', 'application/json; charset=utf-8');
      headers.delete('content-length');
      setResponse(new Response(errorBody(code, message), { status: response.status, headers }));
    },
  };
}
