import { getOperationAST, parse, type ExecutionArgs } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkOperation } from '../src/schema/operation-checks.js';
import { schema } from '../src/schema/index.js';
import { testContext, testServices } from './helpers/context.js';

const QUERY = parse(`
  query Model($id: ID!, $events: Int) {
    finetunedModel(id: $id) { name events(first: $events) { totalCount } stepMetrics(first: 10) { edges { cursor } } }
  }
`);

/** A context whose app counts how often the cost estimate reads its page size: once per walk of the operation. */
function countingContext() {
  const services = testServices();
  const settings = services.settings;
  let walks = 0;
  services.settings = {
    ...settings,
    get upstreamPageSize() {
      walks += 1;
      return settings.upstreamPageSize;
    },
  };
  return { context: testContext({ key: 'k', services }), walks: () => walks };
}

const check = (contextValue: unknown, variableValues: Record<string, unknown>) => {
  const args: ExecutionArgs = { schema, document: QUERY, contextValue, variableValues };
  return checkOperation(args, getOperationAST(QUERY)!);
};

describe('the operation checks', () => {
  it('remember an operation that passed with the same variables, and check it afresh with others', () => {
    const { context, walks } = countingContext();
    const first = check(context, { id: 'a', events: 10 });
    expect(first).toEqual({ cost: expect.any(Number) });
    const afterFirst = walks();
    expect(afterFirst).toBeGreaterThan(0);
    expect(check(context, { id: 'a', events: 10 })).toEqual(first);
    expect(walks()).toBe(afterFirst);
    // Other variables, another estimate: 100 events cost more than 10.
    const more = check(context, { id: 'a', events: 100 });
    expect(walks()).toBeGreaterThan(afterFirst);
    expect((more as { cost: number }).cost).toBeGreaterThan((first as { cost: number }).cost);
  });

  it('check a refused operation again every time', () => {
    const { context, walks } = countingContext();
    const refused = check(context, { id: 'a', events: 101 });
    expect(refused).toMatchObject({ problem: { code: 'BAD_USER_INPUT' } });
    expect(check(context, { id: 'a', events: 101 })).toMatchObject({ problem: { code: 'BAD_USER_INPUT' } });
    const badVariables = check(context, { id: 'a', events: 'ten' });
    expect(badVariables).toMatchObject({ problem: { extensions: { code: 'BAD_USER_INPUT' } } });
    expect(walks()).toBe(0);
  });

  it('never take one app’s verdict for another’s', () => {
    const one = countingContext();
    const two = countingContext();
    check(one.context, { id: 'a', events: 10 });
    check(two.context, { id: 'a', events: 10 });
    expect(two.walks()).toBeGreaterThan(0);
  });
});
