// Structured JSON logs (pino). Credentials never reach a log line: known secret paths are redacted, and the
// gateway never logs variables, headers or upstream bodies in the first place.
import { pino, type Logger } from 'pino';

export type { Logger };

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
    options.destination,
  );
}
