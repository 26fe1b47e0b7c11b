// A gateway wired to a fresh sandbox on 127.0.0.1: what almost every test starts from.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';

export interface TestGateway {
  sandbox: Sandbox;
  app: App;
  /** Runs an operation through yoga.fetch (no socket) with `Authorization: Bearer <key>` unless key is null. */
  execute<R, V extends Record<string, unknown>>(
    document: TypedDocumentNode<R, V>,
    variables: V,
    key: string | null,
  ): Promise<ExecutionResult<R> & { status: number }>;
  stop(): Promise<void>;
}

export async function startGateway(
  options: { sandbox?: SandboxOptions; env?: Record<string, string> } = {},
): Promise<TestGateway> {
  const sandbox = createSandbox({ seedDemoData: false, ...options.sandbox });
  const upstreamUrl = await sandbox.start();
  const config = loadConfig({ GRAPHIQL: 'false', LOG_LEVEL: 'silent', ...options.env });
  const app = createApp({ config, upstreamUrl });
  return {
    sandbox,
    app,
    async execute(document, variables, key) {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (key !== null) headers.authorization = `Bearer ${key}`;
      const response = await app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: print(document), variables }),
      });
      return { status: response.status, ...((await response.json()) as ExecutionResult<never>) };
    },
    async stop() {
      await app.stop();
      await sandbox.stop();
    },
  };
}
