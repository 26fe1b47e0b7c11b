// A CohereClient with the default policies, for tests that talk to the upstream without GraphQL.
import { CohereClient, type CohereClientOptions } from '../../src/upstream/client.js';
import type { ResilienceOptions } from '../../src/upstream/resilience.js';
import { loadConfig } from '../../src/config.js';

export function testClient(
  baseUrl: string,
  overrides: Partial<Omit<CohereClientOptions, 'resilience'>> & { resilience?: Partial<ResilienceOptions> } = {},
): CohereClient {
  const config = loadConfig({});
  return new CohereClient({
    baseUrl,
    clientName: 'gateway-tests',
    timeoutMs: 2_000,
    defaultDeadlineMs: 10_000,
    ...overrides,
    resilience: { ...config.resilience, ...overrides.resilience },
  });
}
