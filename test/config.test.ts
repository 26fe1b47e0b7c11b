import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration from the environment', () => {
  it('runs against the embedded sandbox on port 4000 when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, cohereBaseUrl: undefined, cohereApiKey: undefined, graphiql: true });
  });

  it('takes a real upstream and a server key', () => {
    const config = loadConfig({ COHERE_BASE_URL: 'https://api.cohere.com', COHERE_API_KEY: ' secret ', PORT: '8080' });
    expect(config).toMatchObject({ port: 8080, cohereBaseUrl: 'https://api.cohere.com', cohereApiKey: 'secret' });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['COHERE_BASE_URL', 'ftp://example.com'],
    ['COHERE_BASE_URL', 'not a url'],
    ['UPSTREAM_PAGE_SIZE', '500'],
    ['UPSTREAM_TIMEOUT_MS', '-1'],
    ['GRAPHIQL', 'maybe'],
    ['SANDBOX_SPEED', '0'],
  ])('stops with a message naming %s when it is %j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
