import { GraphQLError } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { defaultMaxListeners, getMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { Context } from '../src/context.js';
import { useOperationDeadline, useSubscriptionEnd } from '../src/http/pipeline.js';
import { startDeadline } from '../src/upstream/deadline.js';
import { testContext } from './helpers/context.js';

/** A Yoga whose contexts count how often their deadline was ended; `refuse` stops every execution early. */
function harness(options: { refuse?: boolean } = {}) {
  const deadlines: { ended: number }[] = [];
  // A subscription's ticks after the first wait for the test to let them go.
  let letGo = () => {};
  const gate = new Promise<void>((resolve) => (letGo = resolve));
  const refuse: Plugin = {
    onExecute: ({ setResultAndStopExecution }) => {
      if (options.refuse) setResultAndStopExecution({ errors: [new GraphQLError('refused')] });
    },
  };
  const yoga = createYoga({
    logging: false,
    schema: createSchema({
      typeDefs: /* GraphQL */ `
        type Query { hello: String }
        type Subscription { ticks(n: Int!): Int }
      `,
      resolvers: {
        Query: { hello: () => 'world' },
        Subscription: {
          ticks: {
            subscribe: async function* (_: unknown, { n }: { n: number }) {
              yield { ticks: 1 };
              await gate;
              for (let i = 2; i <= n; i += 1) yield { ticks: i };
            },
          },
        },
      },
    }),
    context: (): Context => {
      const deadline = { ended: 0 };
      deadlines.push(deadline);
      const context = testContext();
      const end = context.deadline.end.bind(context.deadline);
      context.deadline.end = () => {
        deadline.ended += 1;
        end();
      };
      return context;
    },
    plugins: [useSubscriptionEnd() as Plugin, useOperationDeadline() as Plugin, refuse],
  });
  const post = (query: string, accept = 'application/json') =>
    yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query }),
    });
  return { deadlines, post, letGo };
}

describe("an operation's deadline", () => {
  it('ends once the result is in', async () => {
    const h = harness();
    expect(await (await h.post('{ hello }')).json()).toEqual({ data: { hello: 'world' } });
    expect(h.deadlines).toEqual([{ ended: 1 }]);
  });

  it('ends when a later plugin refuses the operation', async () => {
    const h = harness({ refuse: true });
    expect((await (await h.post('{ hello }')).json()).errors).toHaveLength(1);
    expect(h.deadlines).toEqual([{ ended: 1 }]);
  });

  it("lives as long as its subscription (whose context renews it per message), and ends with it", async () => {
    const h = harness();
    const response = await h.post('subscription { ticks(n: 3) }', 'text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('"ticks":1')) text += (await reader.read()).value ?? '';
    expect(h.deadlines).toEqual([{ ended: 0 }]);
    h.letGo();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += chunk.value;
    expect(text.match(/"ticks":\d/g)).toEqual(['"ticks":1', '"ticks":2', '"ticks":3']);
    expect(h.deadlines).toEqual([{ ended: 1 }]);
  });
});

describe('a deadline', () => {
  it('makes its signal, timer and listener only when the signal is first read', async () => {
    const parent = new AbortController();
    const added = vi.spyOn(parent.signal, 'addEventListener');
    const deadline = startDeadline(60_000, parent.signal);
    expect(added).not.toHaveBeenCalled();
    const { signal } = deadline;
    expect(added).toHaveBeenCalledTimes(1);
    expect(deadline.signal).toBe(signal);
    parent.abort(new Error('client gone'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('client gone');
  });

  it('counts its time from its start, not from the first read', async () => {
    const deadline = startDeadline(30);
    await sleep(60);
    expect(deadline.signal.aborted).toBe(true);
    expect((deadline.signal.reason as DOMException).name).toBe('TimeoutError');
    const later = startDeadline(40);
    await sleep(10);
    const { signal } = later;
    expect(signal.aborted).toBe(false);
    await sleep(60);
    expect(signal.aborted).toBe(true);
  });

  it('aborts work started after it ended, and lets go of its parent when ended', () => {
    const ended = startDeadline(60_000);
    ended.end();
    expect(ended.signal.aborted).toBe(true);
    const parent = new AbortController();
    const removed = vi.spyOn(parent.signal, 'removeEventListener');
    const read = startDeadline(60_000, parent.signal);
    const { signal } = read;
    read.end();
    expect(removed).toHaveBeenCalledTimes(1);
    parent.abort();
    expect(signal.aborted).toBe(false);
  });

  it('takes a listener for each upstream call its operation runs at once, without a MaxListenersExceededWarning', () => {
    // Node 20 warns past 10 listeners on a signal (Node 24 does not by default): 20 calls at once need more.
    expect(getMaxListeners(startDeadline(60_000, undefined, 20).signal)).toBe(defaultMaxListeners + 20);
  });

  it('is aborted at once when its parent already is', () => {
    const parent = new AbortController();
    parent.abort(new Error('gone before'));
    expect(startDeadline(60_000, parent.signal).signal.aborted).toBe(true);
  });
});
