// GraphiQL as a frontend developer first meets it: the page at /graphql in sandbox mode, in headless Chromium,
// with nothing loaded from outside the gateway. The first example runs to its result, and the live status
// example follows a model until a status change arrives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createSandbox, type Sandbox } from '../src/sandbox/index.js';
import { browserSkipReason, openBrowser, type Browser } from './helpers/browser.js';
import { freshKey } from './helpers/fixtures.js';
import { createModels } from './helpers/sandbox-rest.js';

const MINUTE = 60_000;
const EXAMPLE_TABS = ['ModelWithHistory', 'Models', 'LiveStatus', 'TrainingProgress', 'CreateModel', 'RenameModel', 'DeleteModel'];

describe.skipIf(browserSkipReason !== undefined)('GraphiQL in a browser', () => {
  let sandbox: Sandbox;
  let app: App;
  let url: string;
  let browser: Browser;
  const requested: string[] = [];
  let clockOffsetMs = 0;

  beforeAll(async () => {
    // The sandbox's clock is the test's: the model made here stays QUEUED until the test moves time on, so a
    // busy machine cannot let the whole job pass before the subscription starts.
    sandbox = createSandbox({ now: () => Date.now() + clockOffsetMs });
    const upstreamUrl = await sandbox.start();
    const apiKey = freshKey('graphiql-browser');
    const [liveModelId] = await createModels(upstreamUrl, apiKey, 1, 'watched');
    app = createApp({
      config: loadConfig({ LOG_LEVEL: 'silent', POLL_INTERVAL_ACTIVE_MS: '100' }),
      upstreamUrl,
      demo: { apiKey, modelId: sandbox.demoModelIds(apiKey)[0], liveModelId },
    });
    url = await app.start(0, '127.0.0.1');
    browser = await openBrowser();
    browser.page.on('request', (request) => requested.push(request.url()));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await sandbox?.stop();
  });

  /** What an editor shows; Monaco draws spaces as no-break spaces. */
  const textOf = async (selector: string) => (await browser.page.locator(selector).innerText()).replaceAll('\u00a0', ' ');
  const response = () => textOf('.graphiql-response');

  it('opens with the example tabs and the demo key, loading nothing from outside the gateway', async () => {
    const { page } = browser;
    await page.goto(url);
    await page.locator('.graphiql-execute-button').waitFor();
    expect(await page.locator('.graphiql-tab-button').allInnerTexts()).toEqual(EXAMPLE_TABS);
    await page.locator('.graphiql-editor-tools [data-name=headers]').click();
    await expect.poll(() => textOf('.graphiql-editor-tool')).toContain('"Authorization": "Bearer graphiql-browser-');
    const origin = new URL(url).origin;
    expect(requested.filter((address) => !address.startsWith(origin) && !/^(blob|data):/.test(address))).toEqual([]);
  });

  it('runs the first example query and shows the model with its history', async () => {
    await browser.page.locator('.graphiql-execute-button').click();
    await expect.poll(response, { timeout: 5_000 }).toContain('"name": "customer-support-chat"');
    expect(await response()).toContain('"totalCount"');
    expect(await response()).not.toContain('"errors"');
  });

  it('starts the live status subscription and shows a status change as it arrives', { timeout: 60_000 }, async () => {
    const { page } = browser;
    // Keyboard, as a keyboard user switches tabs: GraphiQL's draggable tabs let a synthetic mouse click slip
    // off the tab while their layout animation runs.
    await page.locator('.graphiql-tab-button[title=LiveStatus]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.graphiql-tab-active').innerText()).toBe('LiveStatus');
    // Run only once the editor holds the tab's document: GraphiQL takes the operation name from it.
    await expect.poll(() => textOf('.graphiql-query-editor')).toContain('subscription LiveStatus');
    // GraphiQL takes the operation name from the new document a moment after showing it: a run before that names the
    // previous tab's operation and is refused ("Cannot infer operation ModelWithHistory"). No element shows when.
    await page.waitForTimeout(500);
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(response).toContain('"status": "QUEUED"');
    clockOffsetMs = 3 * MINUTE; // past QUEUED: FINETUNING from now on
    await expect.poll(response, { timeout: 30_000, interval: 100 }).toMatch(/"previousStatus": "QUEUED"/);
    expect(await response()).toContain('"name": "watched-0"');
    await browser.screenshot('graphiql-live-status');
    expect(browser.problems).toEqual([]);
  });
});
