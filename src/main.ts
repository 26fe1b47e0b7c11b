// The only module with side effects: read the configuration, start (with the embedded sandbox when no
// upstream is configured), and stop cleanly on SIGTERM/SIGINT. The start-up lines are for the person at the
// terminal; everything else goes through the structured log.
import { createApp, DASHBOARD_PATH, type SandboxDemo } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createSandbox, type Sandbox } from './sandbox/index.js';

/** The key GraphiQL sends in sandbox mode; the sandbox seeds demo models for every new key, this one too. */
const SANDBOX_DEMO_KEY = 'sandbox-demo-key';

const say = (line: string) => process.stdout.write(`${line}\n`);

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
  say(`GraphQL gateway ready: ${url}${config.graphiql ? ' (open it in a browser for GraphiQL)' : ''}`);
  if (sandbox) {
    say(`Upstream: the embedded sandbox at ${upstreamUrl} (clock ${config.sandbox.speed}× real time).`);
    say(`Sandbox admin API (${upstreamUrl}/_sandbox/): Authorization: Bearer ${sandbox.adminToken}`);
    say(`GraphiQL already sends the demo key: Authorization: Bearer ${SANDBOX_DEMO_KEY}`);
    say(`Example dashboard (live models and training curves): ${new URL(DASHBOARD_PATH, url)}`);
    say('Set COHERE_BASE_URL (and send your own key) to use the real Cohere API.');
  } else {
    say(`Upstream: ${upstreamUrl}`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received: finishing in-flight operations, then stopping`);
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
  // A bad setting is explained by its message; anything else is a bug, whose stack helps.
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
