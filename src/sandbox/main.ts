// Standalone sandbox upstream (`npm run sandbox`): the only sandbox file with side effects. It reads the SANDBOX_*
// variables as the gateway does (src/config.ts).
import { ConfigError, loadSandboxConfig } from '../config.js';
import { createSandbox } from './sandbox.js';

function settings() {
  try {
    return loadSandboxConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

const options = settings();
const sandbox = createSandbox(options);
const url = await sandbox.start();
process.stdout.write(`Cohere fine-tuning sandbox listening on ${url} (speed ×${options.speed})\n`);
process.stdout.write(`Admin API (${url}/_sandbox/): Authorization: Bearer ${sandbox.adminToken}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.stop().then(() => process.exit(0));
  });
}
