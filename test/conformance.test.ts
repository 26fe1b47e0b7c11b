import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway.js';

/**
 * Production settings: no GraphiQL, every limit and CSRF prevention on. Introspection stays at its default (on):
 * one MUST audit (28B9) sends an introspection query, so INTROSPECTION=false fails it by design.
 */
const PRODUCTION = { NODE_ENV: 'production', GRAPHIQL: 'false' };

describe('GraphQL over HTTP conformance (graphql-http server audits), production configuration', () => {
  let gw: TestGateway;
  let url: string;
  beforeAll(async () => {
    gw = await startGateway({ env: PRODUCTION });
    url = await gw.app.start(0, '127.0.0.1');
  });
  afterAll(() => gw.stop());

  const audits = serverAudits({ url: () => url, fetchFn: fetch });

  it('passes every MUST audit', async () => {
    const results = await Promise.all(audits.map(async (audit) => ({ audit, result: await audit.fn() })));
    const must = results.filter(({ audit }) => audit.name.startsWith('MUST'));
    const failed = must.filter(({ result }) => result.status !== 'ok').map(({ audit, result }) => `${audit.name}: ${'reason' in result ? result.reason : ''}`);
    expect(failed).toEqual([]);
    const score = results.filter(({ result }) => result.status === 'ok').length;
    // Printed so the README's score can be checked against a run.
    console.log(`graphql-http audits: ${score}/${results.length} ok, MUST ${must.length}/${must.length}`);
    for (const { audit, result } of results.filter(({ result }) => result.status !== 'ok')) {
      console.log(`  ${result.status}: ${audit.name}`);
    }
  });
});
