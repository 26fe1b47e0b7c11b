// What the gateway shows to whom: with introspection off the schema is for holders of SCHEMA_SECRET only (the
// federation `_service` included), and metrics are for Prometheus only, with labels no stranger can choose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshKey } from '../helpers/fixtures.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { freePort } from '../helpers/redis.js';
import { createModels } from '../helpers/sandbox-rest.js';

const SCHEMA_SECRET = 'the-supergraph-composer-secret';

describe('the schema with INTROSPECTION=false', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { INTROSPECTION: 'false', SCHEMA_SECRET } });
  });
  afterAll(() => gw.stop());

  const ask = async (query: string, headers: Record<string, string> = {}) => {
    const response = await gw.app.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  };

  it('refuses `_service { sdl }` to anyone without the schema secret', async () => {
    const attempts: Record<string, string>[] = [{}, { 'x-schema-secret': 'a-guess-at-the-secret' }, { authorization: 'Bearer some-key' }];
    for (const headers of attempts) {
      const answer = await ask('{ _service { sdl } }', headers);
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      expect(JSON.stringify(answer)).not.toContain('FinetunedModel');
    }
  });

  it('serves the SDL and introspection to a composer that sends the secret', async () => {
    const headers = { 'x-schema-secret': SCHEMA_SECRET };
    const sdl = await ask('{ _service { sdl } }', headers);
    expect((sdl.data as { _service: { sdl: string } })._service.sdl).toContain('type FinetunedModel');
    expect((await ask('{ __schema { queryType { name } } }', headers)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect((await ask('{ __schema { queryType { name } } }')).errors).toBeDefined();
  });
});

describe('metrics', () => {
  const scrape = async (gw: TestGateway, token?: string) =>
    gw.app.fetch('http://gateway.test/metrics', { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('are not served at all unless METRICS_TOKEN or METRICS_PORT says how', async () => {
    const gw = await startGateway();
    try {
      expect((await scrape(gw)).status).toBe(404);
    } finally {
      await gw.stop();
    }
  });

  it('need the token on the main port', async () => {
    const gw = await startGateway({ env: { METRICS_TOKEN: 'prometheus-scrape-token' } });
    try {
      expect((await scrape(gw)).status).toBe(401);
      expect((await scrape(gw, 'prometheus-scrape-tokem')).status).toBe(401);
      const allowed = await scrape(gw, 'prometheus-scrape-token');
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain('graphql_operation_duration_seconds');
    } finally {
      await gw.stop();
    }
  });

  it('move to a port of their own with METRICS_PORT, and leave the main port', async () => {
    const port = await freePort();
    const gw = await startGateway({ env: { METRICS_PORT: String(port), METRICS_TOKEN: 'prometheus-scrape-token' } });
    try {
      await gw.app.start(0, '127.0.0.1');
      expect((await scrape(gw, 'prometheus-scrape-token')).status).toBe(404);
      const own = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: 'Bearer prometheus-scrape-token' } });
      expect(own.status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
    } finally {
      await gw.stop();
    }
  });

  it('label operations by name only for callers the upstream (or a token check) has proven', async () => {
    const gw = await startGateway({ env: { METRICS_TOKEN: 'prometheus-scrape-token' } });
    const key = freshKey('known');
    try {
      await createModels(gw.sandbox.url, key, 1);
      const run = (name: string, callerKey: string | null) =>
        gw.app.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(callerKey ? { authorization: `Bearer ${callerKey}` } : {}) },
          body: JSON.stringify({ query: `query ${name} { finetunedModels(first: 1) { totalCount } }` }),
        });
      // Strangers: a caller without a key, and one whose made-up key no upstream answer has accepted.
      await run('StrangerWithoutKey', null);
      await gw.app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer made-up' },
        body: JSON.stringify({ query: 'query StrangerTypename { __typename }' }),
      });
      await run('DashboardList', key);
      const text = await (await scrape(gw, 'prometheus-scrape-token')).text();
      expect(text).toContain('operation_name="DashboardList"');
      expect(text).not.toContain('StrangerWithoutKey');
      expect(text).not.toContain('StrangerTypename');
    } finally {
      await gw.stop();
    }
  });
});
