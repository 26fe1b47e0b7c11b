// Two callers never share what is kept per caller (idempotency keys, connection caps): identities are hashes of
// structured values, tokens must name a subject and expire, and a caller without a key has no identity to share.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../helpers/gateway.js';

const SECRET = 'a-shared-secret-that-is-long-enough-for-hs256';
const SERVER_KEY = 'server-side-cohere-key';

const CREATE = `mutation Create($input: CreateFinetunedModelInput!) {
  createFinetunedModel(input: $input) {
    __typename
    ... on CreateFinetunedModelPayload { replayed finetunedModel { id } }
    ... on InvalidFinetunedModelInputError { path message }
  }
}`;
const input = (idempotencyKey: string) => ({
  input: { name: 'identity-test', idempotencyKey, settings: { baseModel: { baseType: 'CHAT' }, datasetId: 'd' } },
});

/** What the create answered: its payload or typed error. */
const created = (result: { data?: unknown }) => (result.data as { createFinetunedModel: Record<string, unknown> }).createFinetunedModel;

function token(claims: { iss?: string; sub?: string; exp?: boolean }) {
  let jwt = new SignJWT({ scope: 'finetuning:write' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (claims.iss !== undefined) jwt = jwt.setIssuer(claims.iss);
  if (claims.sub !== undefined) jwt = jwt.setSubject(claims.sub);
  if (claims.exp !== false) jwt = jwt.setExpirationTime('5m');
  return jwt.sign(new TextEncoder().encode(SECRET));
}

describe('JWT callers', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { AUTH_MODE: 'jwt', COHERE_API_KEY: SERVER_KEY, JWT_SECRET: SECRET } });
  });
  afterAll(() => gw.stop());

  it.each([
    ['without a subject', { iss: 'https://issuer.test' }],
    ['without an expiry', { iss: 'https://issuer.test', sub: 'alice', exp: false }],
  ])('refuses a token %s with 401, before any upstream call', async (_what, claims) => {
    gw.sandbox.calls.reset();
    const result = await gw.execute(CREATE, input('k1'), await token(claims));
    expect(result.status).toBe(401);
    expect(result.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(gw.sandbox.calls.count()).toBe(0);
  });

  it('keeps apart issuers and subjects that would join into the same string', async () => {
    const first = await gw.execute(CREATE, input('shared-key'), await token({ iss: 'a|b', sub: 'c' }));
    const second = await gw.execute(CREATE, input('shared-key'), await token({ iss: 'a', sub: 'b|c' }));
    expect(created(first)).toMatchObject({ __typename: 'CreateFinetunedModelPayload', replayed: false });
    expect(created(second)).toMatchObject({ __typename: 'CreateFinetunedModelPayload', replayed: false });
  });
});

describe('callers without a key, served by COHERE_API_KEY', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { COHERE_API_KEY: SERVER_KEY } });
  });
  afterAll(() => gw.stop());

  it('may read and create, but not with an idempotency key that every keyless caller would share', async () => {
    const anonymous = await gw.execute(CREATE, input('anyone-could-send-this'), null);
    expect(created(anonymous)).toMatchObject({
      __typename: 'InvalidFinetunedModelInputError',
      path: ['input', 'idempotencyKey'],
      message: expect.stringMatching(/send your own key/),
    });
    const withoutKey = await gw.execute(CREATE, { input: { ...input('x').input, idempotencyKey: undefined } }, null);
    expect(created(withoutKey)).toMatchObject({ __typename: 'CreateFinetunedModelPayload' });
  });

  it("do not share the idempotency keys of a caller who sends the server's key itself", async () => {
    const named = await gw.execute(CREATE, input('named-key'), SERVER_KEY);
    expect(created(named)).toMatchObject({ __typename: 'CreateFinetunedModelPayload', replayed: false });
    const again = await gw.execute(CREATE, input('named-key'), SERVER_KEY);
    expect(created(again)).toMatchObject({ replayed: true });
  });
});
