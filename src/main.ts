// The only module with side effects: read the configuration, start (with the embedded sandbox when no
// upstream is configured), and stop cleanly on SIGTERM/SIGINT.
import { createApp, DASHBOARD_PATH, type SandboxDemo } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createSandbox, type Sandbox } from './sandbox/index.js';

/** The key GraphiQL sends in sandbox mode; the sandbox seeds demo models for every new key, this one too. */
const SANDBOX_DEMO_KEY = 'sandbox-demo-key';

async function main(config: Config): Promise<void> {
  let sandbox: Sandbox | undefined;
  let upstreamUrl = config.cohereBaseUrl;
  let demo: SandboxDemo | undefined;
  if (!upstreamUrl) {
    sandbox = createSandbox(config.sandbox);
    upstreamUrl = await sandbox.start();
    demo = {
      apiKey: SANDBOX_DEMO_KEY,
      modelId: sandbox.demoModelIds(SANDBOX_DEMO_KEY)[0],
      // Mid-training: its metrics stream at once, and its status moves on within minutes.
      liveModelId: sandbox.liveDemoModelIds(SANDBOX_DEMO_KEY).FINETUNING,
    };
  }

  const app = createApp({ config, upstreamUrl, demo });
  const url = await app.start();
  console.log(`GraphQL gateway ready: ${url}${config.graphiql ? ' (open it in a browser for GraphiQL)' : ''}`);
  if (sandbox) {
    console.log(`Upstream: the embedded sandbox at ${upstreamUrl} (clock ${config.sandbox.speed}× real time).`);
    console.log(`GraphiQL already sends the demo key: Authorization: Bearer ${SANDBOX_DEMO_KEY}`);
    console.log(`Example dashboard (live models and training curves): ${new URL(DASHBOARD_PATH, url)}`);
    console.log('Set COHERE_BASE_URL (and send your own key) to use the real Cohere API.');
  } else {
    console.log(`Upstream: ${upstreamUrl}`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing in-flight operations, then stopping`);
    // A last resort: the app bounds its own drain by SHUTDOWN_TIMEOUT_MS; this bounds everything else.
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5_000).unref();
    await app.stop();
    await sandbox?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

try {
  await main(loadConfig());
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
