// Structured JSON logs (pino). Credentials never reach a log line: known secret paths are redacted, and the
// gateway never logs variables, headers or upstream bodies in the first place.
import { pino, type Logger } from 'pino';

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

/** `destination`: where the JSON lines go (tests); stdout, batched, when left out. */
export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'finetuning-graphql-gateway' },
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
