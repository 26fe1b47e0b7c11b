import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS and ESM builds; Node loads the CJS one for the libraries, so the tests' own
    // imports must load it too, or schema objects come from two "realms".
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Waits for a live change: generous, since CI runs the whole suite on two shared cores.
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
