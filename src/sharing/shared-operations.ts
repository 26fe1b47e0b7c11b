// Identical queries of one credential in flight at once run once: every caller gets the one result. The upstream
// reads beneath are shared anyway (collapse.ts); sharing the whole operation also spares each caller the
// execution, which is most of a gateway's own cost when many clients ask the same thing (a dashboard on a wall,
// a team behind one service key). Hand-written on the same collapser because the libraries for this (response
// caches) cache by time, not in flight, and know nothing of the credential a result was read with.
import type { DocumentNode, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { ReadCollapser } from './collapse.js';

/**
 * Runs after authorization and the argument checks (each caller passes them on its own), and after graphql-jit,
 * whose executor it wraps. Only queries: a mutation always runs, and its writes end the sharing of what was read
 * before them.
 */
export function useSharedOperations(reads: ReadCollapser): Plugin<Context> {
  // Yoga's parser cache answers one query text with one document: its identity names the operation's text.
  const documentIds = new WeakMap<DocumentNode, number>();
  let nextId = 0;
  const idOf = (document: DocumentNode) => {
    let id = documentIds.get(document);
    if (id === undefined) documentIds.set(document, (id = nextId++));
    return id;
  };

  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as Context;
      const { credential } = context.caller.principal;
      if (!credential || context.operation?.operation !== 'query') return;
      const key = `operation ${idOf(args.document)} ${args.operationName ?? ''} ${JSON.stringify(args.variableValues ?? {})}`;
      setExecuteFn((executeArgs) =>
        reads.read(
          credential.hash,
          key,
          context.deadline.signal,
          // The run is the caller's own, under its deadline (collapse.ts): callers who join it wait for its result,
          // and if this caller goes away first, they start a run of their own.
          async () => (await executeFn(executeArgs)) as ExecutionResult,
          // A micro-cache keeps only clean results: an error is for its own callers alone.
          (result) => !result.errors?.length,
        ),
      );
    },
  };
}
