// `npm run dashboard:build` bundles the page into dist/, which the gateway serves at /dashboard/ in sandbox mode.
// `npm run dashboard:dev` serves it with hot reload and hands /graphql (WebSocket included) to a running gateway.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  // Nothing in public/: keep Vite from looking for it.
  publicDir: false,
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: { '/graphql': { target: process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000', ws: true } },
  },
});
