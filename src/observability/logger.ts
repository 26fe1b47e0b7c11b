// Structured JSON logs (pino). Credentials never reach a log line: known secret paths are redacted, and the
// gateway never logs variables, headers or upstream bodies in the first place.
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import { pino, type Logger } from 'pino';
import { GatewayError } from '../errors.js';

export type { Logger };

let stdoutStream: pino.DestinationStream | undefined;

/**
 * Lines reach stdout in writes of up to 4 KB, at the latest 200 ms after they were logged, and whatever is left
 * when the process exits (a crash included). A write per line cost about a third of the log line's CPU under load
 * (`npm run bench:profile`). The writes stay synchronous, so lines never overtake each other, not even at exit;
 * only a process killed outright (SIGKILL) loses its last 200 ms of lines.
 */
function stdout(): pino.DestinationStream {
  // One per process, whatever the number of apps in it (tests make many): one buffer and one flush timer.
  if (!stdoutStream) {
    const stream = pino.destination({ dest: 1, sync: true, minLength: 4096, periodicFlush: 200 });
    // pino flushes only its asynchronous destinations on exit by itself.
    process.once('exit', () => stream.flushSync());
    stdoutStream = stream;
  }
  return stdoutStream;
}

/** The ids of the span active where a line is logged, so that the line leads to its trace (and back). */
function traceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active())?.spanContext();
  return span && isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

/**
 * `destination`: where the JSON lines go (tests); stdout, batched, when left out. `traceIds`: each line carries the
 * `trace_id` and `span_id` of the span active where it was logged (when tracing is on).
 */
export function createLogger(options: { level: string; destination?: pino.DestinationStream; traceIds?: boolean }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'finetuning-graphql-gateway' },
      ...(options.traceIds ? { mixin: traceIds } : {}),
      redact: {
        paths: [
          'authorization',
          '*.authorization',
          '*.headers.authorization',
          'apiKey',
          '*.apiKey',
          'api_key',
          '*.api_key',
          'connectionParams',
          'variables',
        ],
        censor: '[redacted]',
      },
    },
    options.destination ?? stdout(),
  );
}

/**
 * Yoga's own messages (e.g. unexpected errors) into the structured log. Yoga logs every error it masks; the gateway's
 * own errors are expected outcomes, already counted in the operation's log line, so they go to debug and only the
 * unexpected ones stay errors.
 */
export function yogaLogger(logger: Logger): YogaLogger {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (typeof first === 'object' && first !== null) logger[level](first, rest.map(String).join(' '));
      else logger[level](args.map(String).join(' '));
    };
  const error = (...args: unknown[]) => {
    const [first] = args;
    const original = first instanceof GraphQLError ? first.originalError : first;
    if (original instanceof GatewayError) logger.debug({ code: original.code }, original.message);
    else forward('error')(...args);
  };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error };
}
