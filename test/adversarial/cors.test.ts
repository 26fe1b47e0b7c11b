// CORS with credentials answers only the origins on CORS_ORIGINS, whatever the list's length: never an unlisted
// origin, never the `null` of a sandboxed iframe, and every answer varies by Origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';

const ORIGINS = ['https://app.example', 'https://admin.example', 'http://localhost:5173'];

describe.each([1, 2, 3])('with %i allowed origins', (count) => {
  const allowed = ORIGINS.slice(0, count);
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { CORS_ORIGINS: allowed.join(',') } });
  });
  afterAll(() => gw.stop());

  const ask = (origin: string, preflight: boolean) =>
    gw.app.fetch('http://gateway.test/graphql', {
      method: preflight ? 'OPTIONS' : 'POST',
      headers: preflight
        ? { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' }
        : { origin, 'content-type': 'application/json', authorization: 'Bearer some-key' },
      ...(preflight ? {} : { body: JSON.stringify({ query: '{ __typename }' }) }),
    });

  it.each(['null', 'https://evil.example', 'https://app.example.evil.example', 'HTTPS://APP.EXAMPLE'])(
    'grants nothing to the origin %s, and varies by Origin',
    async (origin) => {
      for (const preflight of [true, false]) {
        const response = await ask(origin, preflight);
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
        expect(response.headers.get('access-control-allow-credentials')).toBeNull();
        expect(response.headers.get('vary')).toMatch(/\borigin\b/i);
      }
    },
  );

  it('answers each allowed origin with itself, credentials allowed, and exposes the request id and Retry-After', async () => {
    for (const origin of allowed) {
      for (const preflight of [true, false]) {
        const response = await ask(origin, preflight);
        expect(response.headers.get('access-control-allow-origin')).toBe(origin);
        expect(response.headers.get('access-control-allow-credentials')).toBe('true');
        expect(response.headers.get('vary')).toMatch(/\borigin\b/i);
      }
      expect((await ask(origin, false)).headers.get('access-control-expose-headers')).toMatch(/x-request-id.*retry-after/);
    }
  });
});

describe('the CORS_ORIGINS setting', () => {
  it.each(['*', 'null', 'https://app.example,null', 'https://app.example/path', 'app.example'])('refuses %j at start', (value) => {
    expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(ConfigError);
  });
});
