// An UpstreamClient with the default policies, for tests that talk to the upstream without GraphQL.
import { loadConfig } from '../../src/config.js';
import { UpstreamClient, type FinetuningApi, type UpstreamClientOptions } from '../../src/upstream/client.js';
import { credentialOf } from '../../src/upstream/credential.js';
import { startDeadline } from '../../src/upstream/deadline.js';
import type { ResilienceOptions } from '../../src/upstream/resilience.js';

export function testClient(
  baseUrl: string,
  overrides: Partial<Omit<UpstreamClientOptions, 'resilience'>> & { resilience?: Partial<ResilienceOptions> } = {},
): UpstreamClient {
  const config = loadConfig({});
  return new UpstreamClient({
    baseUrl,
    clientName: 'gateway-tests',
    timeoutMs: 2_000,
    maxBodyBytes: config.upstreamMaxBodyBytes,
    ...overrides,
    resilience: { ...config.resilience, ...overrides.resilience },
  });
}

/** The seven operations with `key`, under a deadline of `deadlineMs`. */
export function apiFor(client: UpstreamClient, key: string, deadlineMs = 10_000): FinetuningApi {
  return client.forKey(credentialOf(key), startDeadline(deadlineMs));
}
