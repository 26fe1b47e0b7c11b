import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors.js';
import { freshKey } from './helpers/fixtures.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { createModels } from './helpers/sandbox-rest.js';

/** Codes an error may carry: every code of the table but INTERNAL_SERVER_ERROR, which no input may cause. */
const STABLE_CODES = new Set<string>(ERROR_CODES.filter((code) => code !== 'INTERNAL_SERVER_ERROR'));

const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom('../../v1/x', '%2e%2e%2f', '', ' ', '\u0000', 'a/b', 'https://evil.example/', '\\', '"', '{}', 'x'.repeat(300)),
  fc.uuid(),
);
const anyValue = fc.oneof(
  hostileString,
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('CREATED_AT_DESC', 'CHAT', 'QUEUED', 'NOPE'),
);
/** Variable values of any shape: scalars, objects and arrays nested up to twice the input depth bound. */
const nested = (depth: number, leaf: unknown, inArray: boolean): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = inArray && i % 2 ? [value] : { a: value };
  return value;
};
const variableValue = fc.oneof(
  anyValue,
  fc.jsonValue({ maxDepth: 8 }),
  fc.tuple(fc.integer({ min: 1, max: 300 }), anyValue, fc.boolean()).map(([depth, leaf, inArray]) => nested(depth, leaf, inArray)),
);
const literal = (value: unknown) => JSON.stringify(value)?.replace(/^"(CREATED_AT_DESC|CHAT|QUEUED|NOPE)"$/, '$1') ?? 'null';

const fieldNames = ['id', 'name', 'status', 'createdAt', 'totalCount', 'isInProgress', 'settings', 'cursor', '__typename', 'nope'];
const selection: fc.Arbitrary<string> = fc.letrec((tie) => ({
  set: fc.array(tie('field') as fc.Arbitrary<string>, { minLength: 1, maxLength: 4 }).map((fields) => `{ ${fields.join(' ')} }`),
  field: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...fieldNames),
    fc.tuple(fc.constantFrom('events', 'stepMetrics', 'edges', 'node', 'pageInfo', 'baseModel', 'metrics'), fc.option(fc.tuple(anyValue, anyValue)), tie('set') as fc.Arbitrary<string>).map(
      ([name, args, set]) => `${name}${args ? `(first: ${literal(args[0])}, after: ${literal(args[1])})` : ''} ${set}`,
    ),
  ),
})).set;

const document = fc.oneof(
  // Valid shapes with random values: these reach the resolvers and the upstream.
  fc.tuple(anyValue).map(([id]) => `{ finetunedModel(id: ${literal(id)}) { id name status } }`),
  fc.tuple(anyValue, anyValue).map(([first, after]) => `{ finetunedModels(first: ${literal(first)}, after: ${literal(after)}) { totalCount edges { cursor } } }`),
  fc.tuple(anyValue, anyValue).map(
    ([first, after]) => `query($id: ID!) { finetunedModel(id: $id) { events(first: ${literal(first)}, after: ${literal(after)}) { totalCount } } }`,
  ),
  fc.tuple(anyValue, selection).map(([id, set]) => `query Q($v: ID) { finetunedModel(id: ${literal(id)}) ${set} x: finetunedModel(id: $v) { id } }`),
  fc.tuple(anyValue, anyValue, selection).map(([first, after, set]) => `{ finetunedModels(first: ${literal(first)}, after: ${literal(after)}) ${set} }`),
  fc.tuple(anyValue, anyValue).map(([name, epochs]) =>
    `mutation { createFinetunedModel(input: { name: ${literal(name)}, settings: { baseModel: { baseType: CHAT }, datasetId: "d", hyperparameters: { trainEpochs: ${literal(epochs)} } } }) { __typename } }`,
  ),
  fc.tuple(anyValue).map(([id]) => `mutation { deleteFinetunedModel(id: ${literal(id)}) { __typename } }`),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '}}}', 'query', 'subscription { finetunedModelStatusChanged(id: "x") { status } }', '{ __schema { types { name } } }'),
);

describe('random documents and variables', () => {
  let gw: TestGateway;
  const key = freshKey('fuzz');
  let modelId: string;

  beforeAll(async () => {
    gw = await startGateway();
    [modelId] = (await createModels(gw.sandbox.url, key, 3)) as [string];
  });
  afterAll(() => gw.stop());

  it('never answer 5xx, never crash, and every error carries a stable code', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(document, fc.dictionary(fc.constantFrom('v', 'id', 'first', 'after', 'x', 'undeclared'), variableValue), async (query, variables) => {
        if (query.includes('$id') && variables.id === undefined) variables.id = modelId;
        const response = await gw.app.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query, variables }),
        });
        expect(response.status).toBeLessThan(500);
        // Every answer is JSON, a refusal by status (406 for a subscription asked for as one JSON answer) included.
        expect(response.headers.get('content-type')).toMatch(/json/);
        const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
        if (response.status >= 400) expect(body.errors?.length).toBeGreaterThan(0);
        for (const error of body.errors ?? []) {
          const code = error.extensions?.code ?? 'MISSING';
          seen.add(code);
          expect(STABLE_CODES, `unexpected error code ${code} for ${query}`).toContain(code);
        }
      }),
      { numRuns: 2_000 },
    );
    // The run reached the interesting paths, not only parse errors.
    expect(seen).toContain('GRAPHQL_PARSE_FAILED');
    expect(seen).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(seen).toContain('BAD_USER_INPUT');
    expect(seen).toContain('BAD_REQUEST');
  });
});
