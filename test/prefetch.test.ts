import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshKey } from './helpers/fixtures.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';

const MODEL_WITH_HISTORY = `query ($id: ID!, $after: String) {
  finetunedModel(id: $id) {
    name
    ... on FinetunedModel { events(first: 3) { totalCount } }
    stepMetrics(first: 3, after: $after) { edges { node { stepNumber } } }
  }
}`;

describe("a model's nested lists", () => {
  let gw: TestGateway;

  beforeAll(async () => {
    // The model itself answers late, so whatever waits for it shows in the call log as not yet called.
    gw = await startGateway({ sandbox: { seedDemoData: true, faults: [{ routes: ['getModel'], latencyMs: 500 }] } });
  });
  afterAll(() => gw.stop());

  const run = async (key: string, variables: Record<string, unknown>) => {
    const response = await gw.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: MODEL_WITH_HISTORY, variables }),
    });
    return (await response.json()) as { data?: { finetunedModel: { name: string } | null }; errors?: unknown[] };
  };

  it('start loading beside the model, not after it, and cost nothing more', async () => {
    const key = freshKey();
    const id = gw.sandbox.demoModelIds(key)[0]!;
    const answer = run(key, { id });
    while (gw.sandbox.calls.count({ key }) < 3) await sleep(5);
    // All three reads arrived while the model's own answer was still on its way.
    const [model] = gw.sandbox.calls.list({ key, route: 'getModel' });
    expect(model?.status).toBe(0);
    expect(gw.sandbox.calls.count({ key, route: 'listEvents' })).toBe(1);
    expect(gw.sandbox.calls.count({ key, route: 'listStepMetrics' })).toBe(1);
    const { data, errors } = await answer;
    expect(errors).toBeUndefined();
    expect(data?.finetunedModel?.name).toBe('customer-support-chat');
    expect(gw.sandbox.calls.count({ key })).toBe(3);
  });

  it('leave a list that resumes at a cursor to its own resolver', async () => {
    const key = freshKey();
    const id = gw.sandbox.demoModelIds(key)[0]!;
    const after = await (async () => {
      const response = await gw.app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({
          query: 'query ($id: ID!) { finetunedModel(id: $id) { stepMetrics(first: 1) { pageInfo { endCursor } } } }',
          variables: { id },
        }),
      });
      const { data } = (await response.json()) as { data: { finetunedModel: { stepMetrics: { pageInfo: { endCursor: string } } } } };
      return data.finetunedModel.stepMetrics.pageInfo.endCursor;
    })();
    gw.sandbox.calls.reset();
    const { errors } = await run(key, { id, after });
    expect(errors).toBeUndefined();
    // The model, its events, and the metrics page the cursor points into: nothing guessed in between.
    expect(gw.sandbox.calls.count({ key })).toBe(3);
  });
});
