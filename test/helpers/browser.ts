// Headless Chromium for the browser tests: Debian's package, driven by playwright-core (which downloads no
// browser). Where /usr/bin/chromium is missing the tests skip and say why; in CI (.ci/run installs it) they run.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here; undefined when they can. CI runs them, and fails if Chromium is gone. */
export const browserSkipReason =
  existsSync(CHROMIUM) || process.env.CI
    ? undefined
    : `Browser tests skipped: ${CHROMIUM} not found. Install Debian's chromium package (apt-get install chromium) to run them.`;
if (browserSkipReason) console.warn(browserSkipReason);

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export interface Browser {
  page: Page;
  /** Uncaught exceptions and console errors of the page: a test ends by expecting none. */
  problems: string[];
  /** Saves a PNG of the page when SCREENSHOT_DIR is set (to look at what the test saw). */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A fresh browser with a fresh profile (so nothing, GraphiQL's saved tabs included, survives a test). */
export async function openBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'gateway-chromium-'));
  // The profile is given as the user data dir: playwright passes it to Chromium as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1360, height: 860 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return {
    page,
    problems,
    async screenshot(name) {
      const dir = process.env.SCREENSHOT_DIR;
      if (!dir) return;
      await mkdir(dir, { recursive: true });
      await page.screenshot({ path: join(dir, `${name}.png`) });
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
