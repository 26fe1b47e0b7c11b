// The example dashboard (examples/dashboard), served at /dashboard/ in sandbox mode so that a newcomer sees a
// real frontend on the gateway with no extra step. Serves the files Vite built, with the page's settings
// (the key to send, whether to send hashes) written into index.html.
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';

export const DASHBOARD_PATH = '/dashboard/';

/** Where `npm run dashboard:build` (run by `npm start`) writes the bundle. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../examples/dashboard/dist/', import.meta.url));

/** What examples/dashboard/src/settings.ts reads. */
export interface DashboardSettings {
  apiKey: string;
  persistedDocuments: boolean;
}

interface Asset {
  body: string | Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const SETTINGS_TAG = /(<script type="application\/json" id="dashboard-settings">)[\s\S]*?(<\/script>)/;

/** `<` escaped, so that no value can end the script element early. */
const settingsJson = (settings: DashboardSettings) => JSON.stringify(settings).replaceAll('<', '\\u003c');

/** Every file of the build by URL path, read once; undefined while there is no build. */
async function readBuild(dir: string, settings: DashboardSettings): Promise<Map<string, Asset> | undefined> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!entries?.some((entry) => entry.name === 'index.html')) return undefined;
  const assets = new Map<string, Asset>();
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const path = relative(dir, file).split(sep).join('/');
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    if (path === 'index.html') {
      const html = await readFile(file, 'utf8');
      if (!SETTINGS_TAG.test(html)) throw new Error(`${file} has no dashboard-settings script`);
      assets.set(DASHBOARD_PATH, {
        body: html.replace(SETTINGS_TAG, (_tag, open: string, close: string) => open + settingsJson(settings) + close),
        // It carries the caller's key.
        headers: { 'content-type': type, 'cache-control': 'no-store' },
      });
    } else {
      // Vite puts a content hash in every asset's name: an asset never changes under its URL.
      const headers = { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' };
      assets.set(DASHBOARD_PATH + path, { body: new Uint8Array(await readFile(file)), headers });
    }
  }
  return assets;
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Dashboard not built</title>
<p>The example dashboard is not built yet: run <code>npm run dashboard:build</code> (<code>npm start</code> does it), then reload.</p>`;

export function useDashboard(options: { settings: DashboardSettings; dir?: string }): Plugin {
  let build: Map<string, Asset> | undefined;
  return {
    async onRequest({ request, url, endResponse }) {
      const { pathname } = url;
      if (!(pathname === '/dashboard' || pathname.startsWith(DASHBOARD_PATH))) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      if (pathname === '/dashboard') {
        return endResponse(new Response(null, { status: 308, headers: { location: DASHBOARD_PATH } }));
      }
      // Read again on each request until there is a build, so that building after start is enough.
      build ??= await readBuild(options.dir ?? DASHBOARD_DIR, options.settings);
      if (!build) {
        return endResponse(new Response(NOT_BUILT, { status: 503, headers: { 'content-type': CONTENT_TYPES['.html']! } }));
      }
      const asset = build.get(pathname);
      if (!asset) return endResponse(new Response('Not Found', { status: 404 }));
      return endResponse(new Response(request.method === 'HEAD' ? null : asset.body, { headers: asset.headers }));
    },
  };
}
