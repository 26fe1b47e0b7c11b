// The example dashboard (examples/dashboard) as a newcomer sees it at /dashboard/ in sandbox mode, in headless
// Chromium: the models listed, a status changing live, and a model's training curves drawn. Then the same page
// against a gateway that runs only trusted documents, sending every operation, subscriptions too, by hash.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createSandbox, type Sandbox } from '../src/sandbox/index.js';
import { browserSkipReason, openBrowser, type Browser } from './helpers/browser.js';
import { DASHBOARD_MANIFEST } from './helpers/fixtures.js';
import { freshKey } from './helpers/fixtures.js';

/** The build `npm start` makes, so that the page under test is the one of the current sources. */
async function buildDashboard(): Promise<void> {
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', 'examples/dashboard']);
}

describe.skipIf(browserSkipReason !== undefined)('the example dashboard in a browser', () => {
  let sandbox: Sandbox;
  const apps: App[] = [];
  let browser: Browser;
  const apiKey = freshKey('dashboard-browser');

  /** A gateway in sandbox mode (speed 60: a new model leaves the queue after 2 s), polling fast. */
  async function startGateway(env: Record<string, string> = {}): Promise<URL> {
    const config = loadConfig({ LOG_LEVEL: 'silent', POLL_INTERVAL_ACTIVE_MS: '100', ...env });
    const app = createApp({ config, upstreamUrl: sandbox.url, demo: { apiKey, modelId: undefined } });
    apps.push(app);
    return new URL('/dashboard/', await app.start(0, '127.0.0.1'));
  }

  beforeAll(async () => {
    sandbox = createSandbox({ speed: 60 });
    await Promise.all([sandbox.start(), buildDashboard()]);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const app of apps) await app.stop();
    await sandbox?.stop();
  });

  const row = (name: string) => browser.page.locator('tr[data-model-id]', { hasText: name });

  it('lists the models, each with its status', async () => {
    const { page } = browser;
    await page.goto((await startGateway()).href);
    const demoModels = sandbox.demoModelIds(apiKey).length;
    await expect.poll(() => page.locator('tr[data-model-id]').count()).toBe(demoModels);
    expect(await page.locator('#model-count').innerText()).toBe(`${demoModels} models`);
    expect(await row('customer-support-chat').getAttribute('data-status')).toBe('READY');
    expect(await row('clinical-notes-summarizer').getAttribute('data-status')).toBe('FAILED');
  });

  it('shows the status of a new model change live, without a reload', async () => {
    const { page } = browser;
    await page.locator('#create input[name=name]').fill('made-in-the-browser');
    await page.locator('#create button').click();
    await expect.poll(() => row('made-in-the-browser').getAttribute('data-status')).toBe('QUEUED');
    expect(await page.locator('tr[data-model-id]').first().innerText()).toContain('made-in-the-browser');
    await expect.poll(() => row('made-in-the-browser').getAttribute('data-status'), { timeout: 30_000 }).toBe('FINETUNING');
    const changes = page.locator('#activity li', { hasText: 'made-in-the-browser' });
    expect(await changes.allInnerTexts()).toEqual([expect.stringMatching(/queued\s*→\s*finetuning/)]);
    await expect.poll(() => page.locator('#connection').getAttribute('data-state')).toBe('live');
  });

  it('plots the training metrics of the model picked', async () => {
    const { page } = browser;
    await row('customer-support-chat').click();
    // Three epochs of ten evaluations each.
    await expect.poll(() => page.locator('#chart svg').getAttribute('data-points')).toBe('30');
    const accuracy = await page.locator('#chart polyline[data-series=accuracy]').getAttribute('points');
    expect(accuracy!.split(' ')).toHaveLength(30);
    expect(await page.locator('#chart polyline[data-series=crossEntropy]').count()).toBe(1);
    expect(await page.locator('#chart-summary').innerText()).toMatch(/step 290\s+accuracy \d+\.\d%\s+cross-entropy \d/);
    await browser.screenshot('dashboard');
    expect(browser.problems).toEqual([]);
  });

  it('works the same against a gateway that runs only trusted documents', async () => {
    const { page } = browser;
    const sent: string[] = [];
    page.on('request', (request) => request.method() === 'POST' && sent.push(request.postData() ?? ''));
    page.on('websocket', (socket) => socket.on('framesent', ({ payload }) => sent.push(String(payload))));
    await page.goto((await startGateway({ PERSISTED_OPERATIONS: 'only', PERSISTED_OPERATIONS_MANIFEST: DASHBOARD_MANIFEST })).href);
    await expect.poll(() => page.locator('tr[data-model-id]').count()).toBeGreaterThan(sandbox.demoModelIds(apiKey).length);
    // The model picked first is training: its curve comes from the progress subscription, sent by hash too.
    await expect.poll(() => page.locator('#chart svg').getAttribute('data-points').then(Number)).toBeGreaterThan(0);
    const operations = sent.filter((message) => message.includes('persistedQuery'));
    expect(operations.length).toBeGreaterThanOrEqual(3);
    expect(sent.filter((message) => /"query":"[^"]/.test(message))).toEqual([]);
    expect(browser.problems).toEqual([]);
  });
});
