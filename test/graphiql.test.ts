import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { graphiqlOptions, type SandboxDemo } from '../src/http/devtools.js';
import { createSandbox, type Sandbox } from '../src/sandbox/index.js';

type Result = { data?: Record<string, { __typename?: string; status?: string } | null>; errors?: unknown };

/** A query's JSON body, or a subscription's first message (then the stream is left, as a client leaves it). */
async function firstResult(response: Response): Promise<Result> {
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return (await response.json()) as Result;
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let received = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stream ended with no message: ${received}`);
    received += value;
    const message = /^event: next\ndata: (.*)$/m.exec(received);
    if (message) {
      await reader.cancel();
      return JSON.parse(message[1]!) as Result;
    }
  }
}

describe('GraphiQL in sandbox mode', () => {
  const demoKey = 'graphiql-demo-key';
  let sandbox: Sandbox;
  let app: App;
  let demo: SandboxDemo;

  beforeAll(async () => {
    sandbox = createSandbox({ speed: 60 });
    const url = await sandbox.start();
    demo = { apiKey: demoKey, modelId: sandbox.demoModelIds(demoKey)[0], liveModelId: sandbox.liveDemoModelIds(demoKey).FINETUNING };
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
    expect(html).toContain('subscription LiveStatus');
    // Its assets come with the page: nothing is loaded from a CDN.
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });

  it('opens with examples that all work against the sandbox, in order', async () => {
    const tabs = graphiqlOptions(demo).defaultTabs!;
    expect(tabs.length).toBeGreaterThanOrEqual(5);
    const results = [];
    for (const tab of tabs) {
      const response = await app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(JSON.parse(tab.headers!) as Record<string, string>),
        },
        body: JSON.stringify({ query: tab.query, variables: JSON.parse(tab.variables ?? '{}') }),
      });
      const body = await firstResult(response);
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
    // The live examples follow a model still training.
    expect(results[2]!.finetunedModelStatusChanged?.status).toBe('FINETUNING');
    expect(results[3]!.finetunedModelStepMetricsAdded).toBeDefined();
  });
});
