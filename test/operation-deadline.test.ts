import { GraphQLError } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import type { Context } from '../src/context.js';
import { useOperationDeadline } from '../src/http/pipeline.js';
import { testContext } from './helpers/context.js';

/** A Yoga whose contexts count how often their deadline was ended; `refuse` stops every execution early. */
function harness(options: { refuse?: boolean } = {}) {
  const deadlines: { ended: number }[] = [];
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
              for (let i = 1; i <= n; i += 1) yield { ticks: i };
            },
          },
        },
      },
    }),
    context: (): Context => {
      const deadline = { ended: 0 };
      deadlines.push(deadline);
      const context = testContext();
      const end = context.deadline.end;
      context.deadline.end = () => {
        deadline.ended += 1;
        end();
      };
      return context;
    },
    plugins: [useOperationDeadline() as Plugin, refuse],
  });
  const post = (query: string, accept = 'application/json') =>
    yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query }),
    });
  return { deadlines, post };
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

  it('ends with a subscription, not before', async () => {
    const h = harness();
    const response = await h.post('subscription { ticks(n: 3) }', 'text/event-stream');
    const text = await response.text();
    expect(text.match(/"ticks":\d/g)).toEqual(['"ticks":1', '"ticks":2', '"ticks":3']);
    expect(h.deadlines).toEqual([{ ended: 1 }]);
  });
});
