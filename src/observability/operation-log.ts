// One log line and one duration sample per GraphQL operation: request id, operation name and type, duration,
// upstream calls (retries included) and the error codes its client received. Never variables or credentials.
import type { ExecutionResult, OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { onSubscriptionEnd, type Context } from '../context.js';
import { clientCodeOf } from '../errors.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

function errorCodes(result: ExecutionResult): string[] {
  return (result.errors ?? []).map(clientCodeOf);
}

export function useOperationLog(options: { logger: Logger; metrics: Metrics }): Plugin<Context> {
  const { metrics } = options;
  // These lines hold only scalars the gateway builds (its request id, the operation's name label, counts, codes), so
  // they skip the logger's redaction pass, which cost ~7 µs a line (more than the rest of the line) for paths they
  // cannot hold.
  const logger = options.logger.child({}, { redact: [] });

  const describe = (args: { operationName?: string | null | undefined; contextValue: unknown }) => {
    const context = args.contextValue as Context;
    const operation: OperationDefinitionNode | null = context.operation;
    const name = operation?.name?.value ?? args.operationName;
    return {
      context,
      type: operation?.operation ?? 'unknown',
      /** The name's label once the operation is over: by then the upstream may have proven a pass-through key real. */
      label: () => metrics.operationLabel(name, context.caller.principal.verified || context.usage.accepted === true),
      started: performance.now(),
    };
  };

  return {
    onExecute({ args }) {
      const op = describe(args);
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) return;
          const codes = errorCodes(result);
          const durationMs = performance.now() - op.started;
          const name = op.label();
          metrics.operationDuration.observe(
            { operation_name: name, operation_type: op.type, outcome: codes.length ? 'error' : 'ok' },
            durationMs / 1000,
          );
          logger.info(
            {
              requestId: op.context.requestId,
              operationName: name,
              operationType: op.type,
              durationMs: Math.round(durationMs * 100) / 100,
              upstreamCalls: op.context.usage.calls,
              ...(codes.length ? { errorCodes: codes } : {}),
            },
            'operation',
          );
        },
      };
    },
    onSubscribe({ args }) {
      const { context, label, started } = describe(args);
      const name = label();
      metrics.activeSubscriptions.inc();
      logger.info({ requestId: context.requestId, operationName: name, operationType: 'subscription' }, 'subscription started');
      onSubscriptionEnd(context, () => {
        metrics.activeSubscriptions.dec();
        logger.info(
          { requestId: context.requestId, operationName: name, durationMs: Math.round(performance.now() - started) },
          'subscription ended',
        );
      });
    },
  };
}
