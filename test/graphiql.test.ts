import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { graphiqlOptions } from '../src/graphiql.js';
import { createSandbox, type Sandbox } from '../src/sandbox/index.js';

describe('GraphiQL in sandbox mode', () => {
  const demoKey = 'graphiql-demo-key';
  let sandbox: Sandbox;
  let app: App;
  let demo: { apiKey: string; modelId: string | undefined };

  beforeAll(async () => {
    sandbox = createSandbox({ speed: 60 });
    const url = await sandbox.start();
    demo = { apiKey: demoKey, modelId: sandbox.demoModelIds(demoKey)[0] };
    app = createApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), upstreamUrl: url, demo });
  });
  afterAll(async () => {
    await app.stop();
    await sandbox.stop();
  });

  it('is served at /graphql with the demo key and the example operations', async () => {
    const response = await app.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('ModelWithHistory');
    expect(html).toContain(`Bearer ${demoKey}`);
  });

  it('opens with examples that all work against the sandbox, in order', async () => {
    const tabs = graphiqlOptions(demo).defaultTabs!;
    expect(tabs.length).toBeGreaterThanOrEqual(5);
    const results = [];
    for (const tab of tabs) {
      const response = await app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(JSON.parse(tab.headers!) as Record<string, string>) },
        body: JSON.stringify({ query: tab.query, variables: JSON.parse(tab.variables ?? '{}') }),
      });
      const body = (await response.json()) as { data?: Record<string, { __typename?: string } | null>; errors?: unknown };
      expect(body.errors).toBeUndefined();
      for (const value of Object.values(body.data!)) expect(value?.__typename ?? '').not.toMatch(/Error$/);
      results.push(body.data!);
    }
    const model = results[0]!.finetunedModel as unknown as {
      events: { edges: unknown[] };
      stepMetrics: { edges: unknown[] };
    };
    expect(model.events.edges.length).toBeGreaterThan(0);
    expect(model.stepMetrics.edges.length).toBeGreaterThan(0);
  });
});
