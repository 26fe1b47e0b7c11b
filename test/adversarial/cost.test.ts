// What one request may make the gateway do upstream is bounded before anything runs: federation entities cost what
// the same reads by id cost, cursors cannot choose their own page size, and variables cannot nest without end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshKey } from '../helpers/fixtures.js';
import { gatewayOn, startGateway, type TestGateway } from '../helpers/gateway.js';
import { createModels } from '../helpers/sandbox-rest.js';

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on FinetunedModel { id name } }
}`;
const ENTITIES_WITH_HISTORY = `query EntitiesWithHistory($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on FinetunedModel { id events(first: 1) { totalCount } stepMetrics(first: 1) { edges { cursor } } }
  }
}`;
const representations = (ids: string[]) => ids.map((id) => ({ __typename: 'FinetunedModel', id }));

describe('federation entities', () => {
  let gw: TestGateway;
  const key = freshKey('entities');
  let ids: string[];

  beforeAll(async () => {
    gw = await startGateway({ env: { MAX_QUERY_COST: '250', MAX_ENTITY_REPRESENTATIONS: '100' } });
    ids = await createModels(gw.sandbox.url, key, 3);
  });
  afterAll(() => gw.stop());

  const run = async (query: string, count: number) => {
    gw.sandbox.calls.reset();
    const refs = representations(Array.from({ length: count }, (_, i) => ids[i % ids.length]!).map((id, i) => (i < ids.length ? id : `${id}-${i}`)));
    const result = await gw.execute(query, { representations: refs }, key);
    return { ...result, calls: gw.sandbox.calls.count() };
  };

  it('refuses more representations than MAX_ENTITY_REPRESENTATIONS, with no upstream call', async () => {
    const { errors, calls } = await run(ENTITIES, 1_000);
    expect(errors![0]).toMatchObject({ message: expect.stringMatching(/At most 100 representations/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
    expect(calls).toBe(0);
  });

  it('prices each representation as the read by id with the same selection, against MAX_QUERY_COST', async () => {
    // 100 × (the model + its events page + its metrics page) = 300 > 250.
    const { errors, calls } = await run(ENTITIES_WITH_HISTORY, 100);
    expect(errors![0]).toMatchObject({ message: expect.stringMatching(/cost up to 300 upstream calls; the limit is 250/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
    expect(calls).toBe(0);
  });

  it('resolves what fits, one read per distinct model', async () => {
    const { errors, data, calls } = await run(ENTITIES, 80);
    expect(errors?.filter((e) => e.extensions?.code !== 'NOT_FOUND')).toBeUndefined();
    expect((data as { _entities: unknown[] })._entities).toHaveLength(80);
    expect(calls).toBe(80);
  });
});

describe('cursors', () => {
  let gw: TestGateway;
  const key = freshKey('cursors');
  beforeAll(async () => {
    gw = await startGateway({ env: { CURSOR_SECRET: 'a-cursor-secret-shared-by-the-fleet-0001' } });
    await createModels(gw.sandbox.url, key, 5);
  });
  afterAll(() => gw.stop());

  const LIST = 'query List($after: String) { finetunedModels(first: 2, after: $after) { edges { cursor node { name } } pageInfo { endCursor } } }';
  const forged = (payload: object) => Buffer.from(JSON.stringify(payload)).toString('base64url');

  it.each([
    ['an unsigned cursor asking for pages of one item', forged({ v: 1, c: 'models:ASC:', t: '', s: 1, o: 0 })],
    ['the same with a made-up signature', `${forged({ v: 2, c: 'models:ASC:', t: '', s: 1, o: 0 })}.AAAAAAAAAAAAAAAAAAAAAA`],
  ])('refuses %s as BAD_USER_INPUT, with no upstream call', async (_what, after) => {
    gw.sandbox.calls.reset();
    const { errors } = await gw.execute(LIST, { after }, key);
    expect(errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(gw.sandbox.calls.count()).toBe(0);
  });

  it('refuses a genuine cursor whose content was changed', async () => {
    const { data } = await gw.execute(LIST, {}, key);
    const endCursor = (data as { finetunedModels: { pageInfo: { endCursor: string } } }).finetunedModels.pageInfo.endCursor;
    const [payload, signature] = endCursor.split('.');
    const changed = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { s: number };
    changed.s = 1;
    const { errors } = await gw.execute(LIST, { after: `${forged(changed)}.${signature}` }, key);
    expect(errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('reads a cursor another instance with the same CURSOR_SECRET made, and refuses one made with another secret', async () => {
    const { data } = await gw.execute(LIST, {}, key);
    const endCursor = (data as { finetunedModels: { pageInfo: { endCursor: string } } }).finetunedModels.pageInfo.endCursor;
    // Two more instances in front of the same sandbox.
    const sameFleet = gatewayOn(gw.sandbox.url, { CURSOR_SECRET: 'a-cursor-secret-shared-by-the-fleet-0001' });
    const otherFleet = gatewayOn(gw.sandbox.url, { CURSOR_SECRET: 'another-secret-of-another-fleet-00000002' });
    try {
      expect((await sameFleet.execute(LIST, { after: endCursor }, key)).errors).toBeUndefined();
      expect((await otherFleet.execute(LIST, { after: endCursor }, key)).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    } finally {
      await sameFleet.stop();
      await otherFleet.stop();
    }
  });
});

describe('the estimate of a connection', () => {
  it('counts the upstream pages at the configured UPSTREAM_PAGE_SIZE', async () => {
    const small = await startGateway({ env: { UPSTREAM_PAGE_SIZE: '10', MAX_QUERY_COST: '5' } });
    const large = await startGateway({ env: { UPSTREAM_PAGE_SIZE: '50', MAX_QUERY_COST: '5' } });
    try {
      const query = '{ finetunedModels(first: 100) { edges { node { id } } } }';
      // 100 items in pages of 10: 10 calls, over the limit of 5; in pages of 50: 2 calls.
      expect((await small.execute(query, {}, 'k')).errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
      expect((await large.execute(query, {}, 'k')).errors).toBeUndefined();
    } finally {
      await small.stop();
      await large.stop();
    }
  });
});

describe('hostile variables and extensions', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { MAX_BODY_BYTES: '200000' } });
  });
  afterAll(() => gw.stop());

  const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const post = (body: string) =>
    gw.app.fetch('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body });

  it.each([
    ['an undeclared variable nested 10,000 deep', `{"query":"{ __typename }","variables":{"undeclared":${deep(10_000)}}}`],
    ['a declared one nested 10,000 deep', `{"query":"query($id: ID!) { finetunedModel(id: $id) { id } }","variables":{"id":${deep(10_000)}}}`],
    ['extensions nested 10,000 deep', `{"query":"{ __typename }","extensions":{"x":${deep(10_000)}}}`],
    ['variables that are not an object', '{"query":"{ __typename }","variables":[1,2,3]}'],
  ])('refuses %s with BAD_REQUEST, never INTERNAL_SERVER_ERROR', async (_what, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(answer.errors.map((e) => e.extensions.code)).toEqual(['BAD_REQUEST']);
  });

  it('takes variables nested within the bound', async () => {
    const response = await post(`{"query":"{ __typename }","variables":{"shallow":${deep(20)}}}`);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
