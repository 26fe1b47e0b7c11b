// Standalone sandbox upstream (`npm run sandbox`): the only sandbox file with side effects.
import { SandboxEnvError, readSandboxEnv } from './env.js';
import { createSandbox } from './sandbox.js';

function optionsFromEnv() {
  try {
    return readSandboxEnv(process.env);
  } catch (error) {
    if (!(error instanceof SandboxEnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const options = optionsFromEnv();
const sandbox = createSandbox(options);
const url = await sandbox.start();
console.log(`Cohere fine-tuning sandbox listening on ${url} (speed ×${options.speed})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.stop().then(() => process.exit(0));
  });
}
