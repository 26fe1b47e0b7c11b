// Real contexts for tests of plugins and resolvers outside a whole gateway: the app's services are real, their
// upstream client points at a port where nothing listens (a test that reaches it has a bug).
import type { Caller } from '../../src/auth/authenticate.js';
import { loadConfig } from '../../src/config.js';
import { createContext, type AppServices, type Context } from '../../src/context.js';
import { CursorCodec } from '../../src/pagination/cursor.js';
import { SubscriptionRegistry } from '../../src/subscriptions/registry.js';
import { UpstreamClient } from '../../src/upstream/client.js';
import { credentialOf } from '../../src/upstream/credential.js';
import { MemoryIdempotencyStore } from '../../src/writes/idempotency.js';

const NOWHERE = 'http://127.0.0.1:9';

export function testServices(): AppServices {
  const config = loadConfig({});
  const client = new UpstreamClient({ baseUrl: NOWHERE, clientName: 'tests', timeoutMs: 1_000, maxBodyBytes: config.upstreamMaxBodyBytes, resilience: config.resilience });
  return {
    client,
    cursors: new CursorCodec('tests-cursor-secret'),
    idempotency: new MemoryIdempotencyStore({ windowMs: 60_000, maxEntries: 100 }),
    subscriptions: new SubscriptionRegistry({
      connect: () => {
        throw new Error('no upstream in this test');
      },
      pollDeadlineMs: config.operationDeadlineMs,
      cadence: config.polling,
      paging: { pageSize: config.upstreamPageSize, maxPages: config.upstreamMaxPages },
    }),
    settings: { operationDeadlineMs: 30_000, upstreamConcurrency: 8, upstreamPageSize: 50, upstreamMaxPages: 100, queryCostLimit: 250, maxEntityRepresentations: 100 },
  };
}

/** The caller presenting `key` in pass-through mode (null: no key). */
function callerWithKey(key: string | null): Caller {
  const credential = key === null ? null : credentialOf(key);
  return { principal: { credential, scopes: new Set(['read', 'write']), identity: credential?.hash ?? null, verified: false }, authError: null };
}

export function testContext(options: { key?: string | null; signal?: AbortSignal; services?: AppServices } = {}): Context {
  return createContext(options.services ?? testServices(), callerWithKey(options.key ?? null), 'test-request', options.signal);
}
