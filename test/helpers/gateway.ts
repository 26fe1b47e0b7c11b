// A gateway wired to a fresh sandbox on 127.0.0.1 (what almost every test starts from), or to any upstream.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Logger } from '../../src/observability/logger.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';

export interface GatewayOn {
  app: App;
  /** Runs an operation through yoga.fetch (no socket) with `Authorization: Bearer <key>` unless key is null. */
  execute<R, V extends Record<string, unknown>>(
    document: TypedDocumentNode<R, V> | string,
    variables: V,
    key: string | null,
  ): Promise<ExecutionResult<R> & { status: number }>;
  stop(): Promise<void>;
}

export interface TestGateway extends GatewayOn {
  sandbox: Sandbox;
}

/** A gateway in front of the upstream at `upstreamUrl`, with the tests' defaults and `env` on top (and `logger`, if given). */
export function gatewayOn(upstreamUrl: string, env: Record<string, string> = {}, logger?: Logger): GatewayOn {
  const config = loadConfig({ GRAPHIQL: 'false', LOG_LEVEL: 'silent', COHERE_BASE_URL: upstreamUrl, ...env });
  const app = createApp({ config, upstreamUrl, logger });
  return {
    app,
    async execute(document, variables, key) {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (key !== null) headers.authorization = `Bearer ${key}`;
      const response = await app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
      });
      return { status: response.status, ...((await response.json()) as ExecutionResult<never>) };
    },
    stop: () => app.stop(),
  };
}

export async function startGateway(
  options: { sandbox?: SandboxOptions; env?: Record<string, string> } = {},
): Promise<TestGateway> {
  const sandbox = createSandbox({ seedDemoData: false, ...options.sandbox });
  const gateway = gatewayOn(await sandbox.start(), options.env);
  return {
    ...gateway,
    sandbox,
    async stop() {
      await gateway.stop();
      await sandbox.stop();
    },
  };
}
