// Relay's Global Object Identification: `node(id:)` and `nodes(ids:)` over fine-tuned models, whose Node ids are
// their upstream UUIDs. They read through the operation's loaders like `finetunedModel(id:)`, are priced and
// capped like federation's `_entities`, and can be left to another subgraph (RELAY_NODE_FIELDS=false).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshKey } from './helpers/fixtures.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { createModels } from './helpers/sandbox-rest.js';

const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const NODE = 'query Node($id: ID!) { node(id: $id) { __typename id ... on FinetunedModel { name } } }';
const NODES = 'query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on FinetunedModel { name } } }';

interface Named {
  id: string;
  name: string;
}

describe('node(id:) and nodes(ids:)', () => {
  let gw: TestGateway;
  const key = freshKey('nodes');
  let ids: string[];

  beforeAll(async () => {
    gw = await startGateway({ env: { MAX_ENTITY_REPRESENTATIONS: '10' } });
    ids = await createModels(gw.sandbox.url, key, 2, 'node');
  });
  afterAll(() => gw.stop());

  const run = async <R>(query: string, variables: Record<string, unknown>) => {
    gw.sandbox.calls.reset();
    const result = await gw.execute<R, Record<string, unknown>>(query, variables, key);
    return { ...result, calls: gw.sandbox.calls.count({ key }) };
  };

  it('finds a fine-tuned model by its upstream id, the same record finetunedModel(id:) reads, in one GET', async () => {
    const { data, errors, calls } = await run<{ node: Named; model: Named }>(
      'query Both($id: ID!) { node(id: $id) { __typename id ... on FinetunedModel { name } } model: finetunedModel(id: $id) { id name } }',
      { id: ids[0] },
    );
    expect(errors).toBeUndefined();
    expect(data!.node).toEqual({ __typename: 'FinetunedModel', id: ids[0], name: 'node-0' });
    expect(data!.model).toEqual({ id: ids[0], name: 'node-0' });
    expect(calls).toBe(1);
  });

  it('answers null for a missing model, and for an id that cannot be a model without asking the upstream', async () => {
    expect((await run(NODE, { id: MISSING_ID })).data).toEqual({ node: null });
    const hostile = await run(NODE, { id: '../../v1/datasets' });
    expect(hostile.data).toEqual({ node: null });
    expect(hostile.calls).toBe(0);
  });

  it('reads nodes(ids:) in order, one GET per distinct id, with null where none exists', async () => {
    const { data, errors, calls } = await run<{ nodes: (Named | null)[] }>(NODES, { ids: [ids[1], MISSING_ID, ids[0], ids[1]] });
    expect(errors?.map((e) => e.extensions?.code) ?? []).not.toContain('INTERNAL_SERVER_ERROR');
    expect(data!.nodes).toEqual([{ id: ids[1], name: 'node-1' }, null, { id: ids[0], name: 'node-0' }, { id: ids[1], name: 'node-1' }]);
    expect(calls).toBe(3);
  });

  it('refuses more ids than MAX_ENTITY_REPRESENTATIONS before any upstream call', async () => {
    const { errors, calls } = await run(NODES, { ids: Array.from({ length: 11 }, () => ids[0]) });
    expect(errors![0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX' } });
    expect(calls).toBe(0);
  });
});

describe('RELAY_NODE_FIELDS=false', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { RELAY_NODE_FIELDS: 'false' } });
  });
  afterAll(() => gw.stop());

  it('serves no node fields, while FinetunedModel stays a Node', async () => {
    const refused = await gw.execute(NODE, { id: MISSING_ID }, freshKey('no-node'));
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const { data } = await gw.execute<{ __type: { interfaces: { name: string }[] } }, Record<string, never>>(
      '{ __type(name: "FinetunedModel") { interfaces { name } } }',
      {},
      freshKey('no-node'),
    );
    expect(data!.__type.interfaces).toEqual([{ name: 'Node' }]);
  });
});
