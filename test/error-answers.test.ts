// Every error answer carries a JSON body with `errors[].extensions.code`, whoever refuses the request: GraphQL
// execution, variable coercion, CSRF prevention, content negotiation, the HTTP method, or authentication of a
// subscription over SSE (whose client never reads the body of a failed response, so it gets the error as an event).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors.js';
import { freshKey } from './helpers/fixtures.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { createModels } from './helpers/sandbox-rest.js';
import { readSseStream } from './helpers/sse.js';

interface ErrorBody {
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe('error answers', () => {
  let gw: TestGateway;
  let url: string;
  const key = freshKey('errors');
  let modelId: string;

  beforeAll(async () => {
    gw = await startGateway();
    url = await gw.app.start(0, '127.0.0.1');
    [modelId] = (await createModels(gw.sandbox.url, key, 1)) as [string];
  });
  afterAll(() => gw.stop());

  const json = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

  /** The answer's status, and the codes of its errors: a JSON body is required. */
  async function codesOf(response: Response): Promise<{ status: number; codes: (string | undefined)[]; messages: string[] }> {
    expect(response.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    const { errors = [] } = (await response.json()) as ErrorBody;
    for (const error of errors) expect(ERROR_CODES).toContain(error.extensions?.code);
    return { status: response.status, codes: errors.map((e) => e.extensions?.code), messages: errors.map((e) => e.message) };
  }

  it('treats `orderBy: null` as the default order, and refuses an unknown order with its code', async () => {
    const LIST = 'query ($orderBy: FinetuningOrderBy) { finetunedModels(first: 1, orderBy: $orderBy) { totalCount } }';
    const asNull = await (await fetch(url, { method: 'POST', headers: json, body: body(LIST, { orderBy: null }) })).json();
    expect(asNull).toEqual({ data: { finetunedModels: { totalCount: 1 } } });
    const unknown = await codesOf(await fetch(url, { method: 'POST', headers: json, body: body(LIST, { orderBy: 'NEWEST' }) }));
    expect(unknown.codes).toEqual(['BAD_USER_INPUT']);
  });

  it('answers a refusal by CSRF prevention with 403 and FORBIDDEN', async () => {
    // A GET without a content type or the CSRF header is what a cross-site <img> or <form> can send.
    const refused = await codesOf(await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { authorization: `Bearer ${key}` } }));
    expect(refused).toMatchObject({ status: 403, codes: ['FORBIDDEN'] });
  });

  it('answers 406 with a code and the media types a subscription can use', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...json, accept: 'application/json' },
      body: body('subscription ($id: ID!) { finetunedModelStatusChanged(id: $id) { status } }', { id: modelId }),
    });
    const refused = await codesOf(response);
    expect(refused).toMatchObject({ status: 406, codes: ['BAD_REQUEST'] });
    expect(refused.messages[0]).toMatch(/text\/event-stream/);
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('answers %s with 405, an Allow header and a code', async (method) => {
    const response = await fetch(url, { method, headers: json, body: body('{ __typename }') });
    expect(response.headers.get('allow')).toMatch(/GET.*POST|POST.*GET/);
    expect(await codesOf(response)).toMatchObject({ status: 405, codes: ['BAD_REQUEST'] });
  });

  it('answers a request without a key with 401, UNAUTHENTICATED and no data, before anything runs', async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body('{ finetunedModels { totalCount } }') });
    const answer = (await response.clone().json()) as Record<string, unknown>;
    expect(answer).not.toHaveProperty('data');
    expect(await codesOf(response)).toMatchObject({ status: 401, codes: ['UNAUTHENTICATED'] });
  });

  it.each([
    ['a first above the maximum', '{ finetunedModels(first: 1000) { totalCount } }', {}, 'BAD_USER_INPUT'],
    ['a variable of the wrong type', 'query ($f: Int) { finetunedModels(first: $f) { totalCount } }', { f: 'x' }, 'BAD_USER_INPUT'],
    ['an operation over the cost limit', '{ finetunedModels(first: 100) { edges { node { events(first: 100) { totalCount } stepMetrics(first: 100) { edges { cursor } } } } } }', {}, 'QUERY_TOO_COMPLEX'],
  ])('refuses %s before it runs with 400 under application/graphql-response+json, 200 under application/json', async (_what, query, variables, code) => {
    for (const [accept, status] of [
      ['application/graphql-response+json', 400],
      ['application/json', 200],
    ] as const) {
      const response = await fetch(url, { method: 'POST', headers: { ...json, accept }, body: body(query, variables) });
      expect(await codesOf(response)).toMatchObject({ status, codes: [code] });
    }
  });

  it('sends a subscription over SSE without a key its error as an event, which SSE clients read', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: body('subscription ($id: ID!) { finetunedModelStatusChanged(id: $id) { status } }', { id: modelId }),
    });
    expect(response.status).toBe(200);
    const stream = await readSseStream(response);
    expect(stream.messages.flatMap((m) => m.errors?.map((e) => e.extensions?.code) ?? [])).toEqual(['UNAUTHENTICATED']);
    expect(stream.events.at(-1)).toBe('complete');
  });

  it('lets a browser read x-request-id and retry-after on answers to another origin', async () => {
    const gwCors = await startGateway({ env: { CORS_ORIGINS: 'https://app.example' } });
    try {
      const response = await gwCors.app.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { ...json, origin: 'https://app.example' },
        body: body('{ __typename }'),
      });
      const exposed = (response.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/);
      expect(exposed).toEqual(expect.arrayContaining(['x-request-id', 'retry-after']));
      expect(response.headers.get('x-request-id')).toBeTruthy();
    } finally {
      await gwCors.stop();
    }
  });
});
