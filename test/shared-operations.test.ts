import { getOperationAST } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import type { Context } from '../src/context.js';
import { ReadCollapser } from '../src/sharing/collapse.js';
import { useSharedOperations } from '../src/sharing/shared-operations.js';
import { testContext, testServices } from './helpers/context.js';

/** Queries whose answers wait for `release()`, counting the runs that reached a resolver, and a mutation. */
function harness(options: { microcacheMs?: number } = {}) {
  const runs: { key: string | null; signal: AbortSignal }[] = [];
  let release: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => (release = resolve));
  const reopen = () => (gate = new Promise<void>((resolve) => (release = resolve)));
  const callers = new Map<string, AbortController>();
  let executing = 0;

  const services = testServices();
  // What the pipeline's first execution step does: read the operation from the document into the context.
  const readOperation: Plugin<Context> = {
    onExecute: ({ args }) => {
      const context = args.contextValue as Context;
      context.operation = getOperationAST(args.document, args.operationName) ?? null;
    },
  };
  // Counts operations that reached execution, so a test knows when a second caller has joined.
  const countExecutions: Plugin = {
    onExecute: () => {
      executing += 1;
    },
  };

  const yoga = createYoga({
    logging: false,
    schema: createSchema({
      typeDefs: /* GraphQL */ `
        type Query { value(n: Int!): Int }
        type Mutation { touch(n: Int!): Int }
      `,
      resolvers: {
        Query: {
          value: async (_: unknown, { n }: { n: number }, context: Context) => {
            runs.push({ key: context.caller.principal.credential?.apiKey ?? null, signal: context.deadline.signal });
            await gate;
            if (n < 0) throw new Error('negative');
            return n * 10 + runs.length;
          },
        },
        Mutation: {
          touch: async (_: unknown, { n }: { n: number }, context: Context) => {
            runs.push({ key: context.caller.principal.credential?.apiKey ?? null, signal: context.deadline.signal });
            await gate;
            return n;
          },
        },
      },
    }),
    context: ({ request }) => {
      const controller = new AbortController();
      callers.set(request.headers.get('x-caller') ?? '', controller);
      return testContext({ key: request.headers.get('x-key'), signal: controller.signal, services });
    },
    plugins: [readOperation as Plugin, countExecutions, useSharedOperations(new ReadCollapser({ collapse: true, microcacheMs: options.microcacheMs ?? 0 })) as Plugin],
  });

  const send = async (caller: string, key: string | null, query: string, variables: Record<string, unknown> = {}) => {
    const response = await yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-caller': caller, ...(key ? { 'x-key': key } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  };

  const untilExecuting = async (count: number) => {
    await expect.poll(() => executing).toBe(count);
  };
  /** Alice's caller "first" starts a run of VALUE, then her caller "second" joins it. */
  const startedAndJoined = async () => {
    const first = send('first', 'alice', VALUE, { n: 1 });
    await untilExecuting(1);
    const second = send('second', 'alice', VALUE, { n: 1 });
    await untilExecuting(2);
    return { first, second };
  };
  return {
    runs,
    send,
    release: () => release(),
    reopen,
    untilExecuting,
    startedAndJoined,
    abortCaller: (caller: string) => callers.get(caller)!.abort(),
  };
}

const VALUE = 'query Value($n: Int!) { value(n: $n) }';

describe('identical queries of one credential in flight at once', () => {
  it('run once, and every caller gets that one result', async () => {
    const h = harness();
    const answers = Array.from({ length: 5 }, (_, i) => h.send(`c${i}`, 'alice', VALUE, { n: 1 }));
    await h.untilExecuting(5);
    h.release();
    const results = await Promise.all(answers);
    expect(h.runs).toHaveLength(1);
    for (const result of results) expect(result).toEqual({ data: { value: 11 } });
  });

  it('are not shared across credentials, variables, or with anonymous callers', async () => {
    const h = harness();
    const answers = [
      h.send('a', 'alice', VALUE, { n: 1 }),
      h.send('b', 'bob', VALUE, { n: 1 }),
      h.send('c', 'alice', VALUE, { n: 2 }),
      h.send('d', null, VALUE, { n: 1 }),
      h.send('e', null, VALUE, { n: 1 }),
    ];
    await h.untilExecuting(5);
    h.release();
    await Promise.all(answers);
    expect(h.runs.map((run) => run.key).sort()).toEqual(['alice', 'alice', 'bob', null, null]);
  });

  it('never share a mutation', async () => {
    const h = harness();
    const answers = [h.send('a', 'alice', 'mutation { touch(n: 1) }'), h.send('b', 'alice', 'mutation { touch(n: 1) }')];
    await h.untilExecuting(2);
    h.release();
    expect(await Promise.all(answers)).toEqual([{ data: { touch: 1 } }, { data: { touch: 1 } }]);
    expect(h.runs).toHaveLength(2);
  });

  it('run again, at once, for the others when the caller that started the run goes away', async () => {
    const h = harness();
    const { first, second } = await h.startedAndJoined();
    h.abortCaller('first');
    // A run goes on under the signal of the caller that started it: it ends with that caller, and those who joined
    // it start a run of their own without waiting for the abandoned one to finish.
    expect(h.runs[0]!.signal.aborted).toBe(true);
    await expect.poll(() => h.runs.length).toBe(2);
    expect(h.runs[1]!.signal.aborted).toBe(false);
    h.release();
    expect(await second).toEqual({ data: { value: 12 } });
    // The first caller's answer is its own run's (whose upstream calls, in the gateway, end with its signal).
    await first;
  });

  it('go on for the caller that started the run when one who joined it goes away', async () => {
    const h = harness();
    const { first, second } = await h.startedAndJoined();
    h.abortCaller('second');
    expect((await second).errors?.length).toBeGreaterThan(0);
    expect(h.runs[0]!.signal.aborted).toBe(false);
    h.release();
    expect(await first).toEqual({ data: { value: 11 } });
    expect(h.runs).toHaveLength(1);
  });

  it('stop once every caller waiting for a run has gone (each run ends with the caller it runs for)', async () => {
    const h = harness();
    const callers = ['first', 'second'].map((caller) => h.send(caller, 'alice', VALUE, { n: 1 }));
    await h.untilExecuting(2);
    h.abortCaller('first');
    await expect.poll(() => h.runs.length).toBe(2);
    h.abortCaller('second');
    // Each run's upstream work has been told to stop: here the resolvers wait for the gate, so the answers come after.
    expect(h.runs.map((run) => run.signal.aborted)).toEqual([true, true]);
    h.release();
    await Promise.all(callers);
    expect(h.runs).toHaveLength(2);
  });

  it('start afresh once a run has answered, and with a micro-cache keep clean results only', async () => {
    const h = harness({ microcacheMs: 60_000 });
    h.release();
    expect(await h.send('a', 'alice', VALUE, { n: 1 })).toEqual({ data: { value: 11 } });
    expect(await h.send('b', 'alice', VALUE, { n: 1 })).toEqual({ data: { value: 11 } });
    expect(h.runs).toHaveLength(1);
    // An answer with errors is its callers' alone: the next caller runs the query again.
    expect((await h.send('c', 'alice', VALUE, { n: -1 })).errors).toHaveLength(1);
    expect((await h.send('d', 'alice', VALUE, { n: -1 })).errors).toHaveLength(1);
    expect(h.runs).toHaveLength(3);
  });
});
