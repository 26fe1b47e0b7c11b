import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireEvent, WireFinetunedModel, WireTrainingStepMetrics } from '../src/upstream/wire.js';
import { graphql } from './gql/index.js';
import { freshKey } from './helpers/fixtures.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { API_PREFIX } from '../src/finetuning/contract.js';
import { createModels, ok, sandboxRest } from './helpers/sandbox-rest.js';

const ModelsPage = graphql(`
  query ModelsPage($first: Int, $after: String, $orderBy: FinetuningOrderBy!) {
    finetunedModels(first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`);

const EventsPage = graphql(`
  query EventsPage($id: ID!, $first: Int, $after: String, $orderBy: FinetuningOrderBy!) {
    finetunedModel(id: $id) {
      events(first: $first, after: $after, orderBy: $orderBy) {
        totalCount
        edges { cursor node { status createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

const MetricsPage = graphql(`
  query MetricsPage($id: ID!, $first: Int, $after: String) {
    finetunedModel(id: $id) {
      stepMetrics(first: $first, after: $after) {
        edges { cursor node { stepNumber createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

const MetricsAfterEventsCursor = graphql(`
  query MetricsAfterCursor($id: ID!, $after: String) {
    finetunedModel(id: $id) { stepMetrics(first: 2, after: $after) { edges { cursor } } }
  }
`);

interface Walked {
  items: string[];
  requests: number;
}

/** Small upstream pages, so every walk crosses page boundaries. */
const UPSTREAM_PAGE_SIZE = 3;

describe('forward pagination over upstream page tokens', () => {
  let gw: TestGateway;
  const key = freshKey('pager');
  let longModelId: string;

  beforeAll(async () => {
    gw = await startGateway({ sandbox: { seedDemoData: true }, env: { UPSTREAM_PAGE_SIZE: String(UPSTREAM_PAGE_SIZE) } });
    await createModels(gw.sandbox.url, key, 8, 'extra');
    // The demo model with the most metric rows gives the longest list to walk.
    const counts = await Promise.all(
      gw.sandbox.demoModelIds(key).map(async (id) => {
        const rows = await upstreamAll<WireTrainingStepMetrics>(`/${id}/training-step-metrics`, 'step_metrics');
        return { id, rows: rows.length };
      }),
    );
    longModelId = counts.sort((a, b) => b.rows - a.rows)[0]!.id;
  });
  afterAll(() => gw.stop());

  async function upstreamAll<T>(path: string, field: string, orderBy?: string): Promise<T[]> {
    const items: T[] = [];
    let token = '';
    do {
      const query = new URLSearchParams({ page_size: '100' });
      if (token) query.set('page_token', token);
      if (orderBy) query.set('order_by', orderBy);
      const page = ok(await sandboxRest(gw.sandbox.url, key).call<Record<string, unknown>>('GET', `${API_PREFIX}${path}?${query}`));
      items.push(...((page[field] as T[] | undefined) ?? []));
      token = (page.next_page_token as string | undefined) ?? '';
    } while (token);
    return items;
  }

  async function walk(
    fetchPage: (after: string | null) => Promise<{ items: string[]; hasNextPage: boolean; endCursor?: string | null }>,
  ): Promise<Walked> {
    const items: string[] = [];
    let after: string | null = null;
    let requests = 0;
    for (;;) {
      const page = await fetchPage(after);
      requests += 1;
      items.push(...page.items);
      if (!page.hasNextPage) return { items, requests };
      expect(page.endCursor).toBeTruthy();
      after = page.endCursor ?? null;
      if (requests > 500) throw new Error('walk does not end');
    }
  }

  const walkModels = (first: number, orderBy: 'CREATED_AT_ASC' | 'CREATED_AT_DESC') =>
    walk(async (after) => {
      const { data, errors } = await gw.execute(ModelsPage, { first, after, orderBy }, key);
      expect(errors).toBeUndefined();
      const c = data!.finetunedModels!;
      expect(c.pageInfo.hasPreviousPage).toBe(after !== null);
      return { items: c.edges.map((e) => e.node.id), ...c.pageInfo };
    });

  const walkEvents = (id: string, first: number, orderBy: 'CREATED_AT_ASC' | 'CREATED_AT_DESC') =>
    walk(async (after) => {
      const { data, errors } = await gw.execute(EventsPage, { id, first, after, orderBy }, key);
      expect(errors).toBeUndefined();
      const c = data!.finetunedModel!.events!;
      return { items: c.edges.map((e) => `${e.node.status}@${e.node.createdAt}`), ...c.pageInfo };
    });

  const walkMetrics = (id: string, first: number) =>
    walk(async (after) => {
      const { data, errors } = await gw.execute(MetricsPage, { id, first, after }, key);
      expect(errors).toBeUndefined();
      const c = data!.finetunedModel!.stepMetrics!;
      return { items: c.edges.map((e) => `${e.node.stepNumber}@${e.node.createdAt}`), ...c.pageInfo };
    });

  it.each([1, 2, 3, 4, 7, 10, 100])('walks the model list with first=%i in both orders: no gaps, no duplicates', async (first) => {
    for (const [orderBy, wireOrder] of [
      ['CREATED_AT_ASC', 'created_at'],
      ['CREATED_AT_DESC', 'created_at desc'],
    ] as const) {
      const expected = (await upstreamAll<WireFinetunedModel>('', 'finetuned_models', wireOrder)).map((m) => m.id);
      const { items, requests } = await walkModels(first, orderBy);
      expect(items).toEqual(expected);
      expect(requests).toBe(Math.max(1, Math.ceil(expected.length / first)));
    }
  });

  it.each([1, 2, 3, 4, 5, 100])('walks a model’s events with first=%i in both orders', async (first) => {
    const id = gw.sandbox.demoModelIds(key)[0]!;
    for (const [orderBy, wireOrder] of [
      ['CREATED_AT_ASC', 'created_at'],
      ['CREATED_AT_DESC', 'created_at desc'],
    ] as const) {
      const expected = (await upstreamAll<WireEvent>(`/${id}/events`, 'events', wireOrder)).map(
        (e) => `${e.status!.replace('STATUS_', '')}@${e.created_at}`,
      );
      expect(expected.length).toBeGreaterThan(UPSTREAM_PAGE_SIZE);
      expect((await walkEvents(id, first, orderBy)).items).toEqual(expected);
    }
  });

  it.each([1, 3, 4, 7, 50, 100])('walks the training metrics with first=%i', async (first) => {
    const expected = (await upstreamAll<WireTrainingStepMetrics>(`/${longModelId}/training-step-metrics`, 'step_metrics')).map(
      (r) => `${r.step_number ?? 0}@${r.created_at}`,
    );
    expect(expected.length).toBeGreaterThan(20);
    expect((await walkMetrics(longModelId, first)).items).toEqual(expected);
  });

  it('resumes right after any edge, even in the middle of an upstream page', async () => {
    const { data } = await gw.execute(MetricsPage, { id: longModelId, first: 20 }, key);
    const edges = data!.finetunedModel!.stepMetrics!.edges;
    for (const index of [0, 1, 4, 8, 13]) {
      const { data: next } = await gw.execute(MetricsPage, { id: longModelId, first: 3, after: edges[index]!.cursor }, key);
      expect(next!.finetunedModel!.stepMetrics!.edges.map((e) => e.node.stepNumber)).toEqual(
        edges.slice(index + 1, index + 4).map((e) => e.node.stepNumber),
      );
    }
  });

  it('fills a first larger than one upstream page by following page tokens', async () => {
    gw.sandbox.calls.reset();
    const { data } = await gw.execute(MetricsPage, { id: longModelId, first: 10 }, key);
    expect(data!.finetunedModel!.stepMetrics!.edges).toHaveLength(10);
    expect(data!.finetunedModel!.stepMetrics!.pageInfo.hasNextPage).toBe(true);
    expect(gw.sandbox.calls.count({ route: 'listStepMetrics' })).toBe(Math.ceil(10 / UPSTREAM_PAGE_SIZE));
  });

  it('reports hasNextPage false and the right endCursor exactly at the end', async () => {
    const all = await upstreamAll<WireFinetunedModel>('', 'finetuned_models');
    const { data } = await gw.execute(ModelsPage, { first: all.length, orderBy: 'CREATED_AT_ASC' }, key);
    const c = data!.finetunedModels!;
    expect(c.totalCount).toBe(all.length);
    expect(c.pageInfo.hasNextPage).toBe(false);
    expect(c.pageInfo.endCursor).toBe(c.edges.at(-1)!.cursor);
    expect(c.pageInfo.startCursor).toBe(c.edges[0]!.cursor);
    const { data: after } = await gw.execute(ModelsPage, { first: 5, after: c.pageInfo.endCursor, orderBy: 'CREATED_AT_ASC' }, key);
    expect(after!.finetunedModels!.edges).toEqual([]);
    expect(after!.finetunedModels!.pageInfo).toMatchObject({ hasNextPage: false, endCursor: null });
  });

  describe('rejects bad arguments with BAD_USER_INPUT and zero upstream calls', () => {
    const expectRejected = async (run: () => Promise<{ errors?: readonly { extensions?: Record<string, unknown> }[] }>) => {
      gw.sandbox.calls.reset();
      const { errors } = await run();
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(gw.sandbox.calls.count()).toBe(0);
    };

    it('a first above the documented maximum', () =>
      expectRejected(() => gw.execute(ModelsPage, { first: 101, orderBy: 'CREATED_AT_ASC' }, key)));

    it('a negative first on a nested connection', () =>
      expectRejected(() => gw.execute(EventsPage, { id: longModelId, first: -1, orderBy: 'CREATED_AT_ASC' }, key)));

    it.each(['garbage', '', 'eyJ2IjoyfQ', Buffer.from('{"v":1,"c":"events:ASC:x","t":"","s":3,"o":9}').toString('base64url')])(
      'a malformed cursor %j on a nested connection',
      (after) => expectRejected(() => gw.execute(EventsPage, { id: longModelId, first: 2, after, orderBy: 'CREATED_AT_ASC' }, key)),
    );

    it('a cursor of another kind of connection', async () => {
      const { data } = await gw.execute(EventsPage, { id: longModelId, first: 1, orderBy: 'CREATED_AT_ASC' }, key);
      const eventsCursor = data!.finetunedModel!.events!.edges[0]!.cursor;
      await expectRejected(() => gw.execute(MetricsAfterEventsCursor, { id: longModelId, after: eventsCursor }, key));
    });

    it('a cursor of the same list in the other order', async () => {
      const { data } = await gw.execute(ModelsPage, { first: 1, orderBy: 'CREATED_AT_ASC' }, key);
      const ascending = data!.finetunedModels!.edges[0]!.cursor;
      await expectRejected(() => gw.execute(ModelsPage, { first: 1, after: ascending, orderBy: 'CREATED_AT_DESC' }, key));
    });
  });

  it("rejects another model's events cursor without reading that list", async () => {
    const [a, b] = gw.sandbox.demoModelIds(key);
    const { data } = await gw.execute(EventsPage, { id: a!, first: 1, orderBy: 'CREATED_AT_ASC' }, key);
    const cursorOfA = data!.finetunedModel!.events!.edges[0]!.cursor;
    gw.sandbox.calls.reset();
    const { errors } = await gw.execute(EventsPage, { id: b!, first: 1, after: cursorOfA, orderBy: 'CREATED_AT_ASC' }, key);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(gw.sandbox.calls.count({ route: 'listEvents' })).toBe(0);
  });
});

describe('cursors of a list that changed since they were made', () => {
  // Models are created (first in newest-first order) and deleted between two pages; each cursor knows its model and
  // resumes right after it, whatever moved. Small pages move items across page boundaries, large ones within one.
  describe.each([3, 50])('with upstream pages of %i', (pageSize) => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startGateway({ env: { UPSTREAM_PAGE_SIZE: String(pageSize) } });
    });
    afterAll(() => gw.stop());

    /** A fresh key with `count` models, oldest first. */
    const seeded = async (count: number) => {
      const key = freshKey('changing');
      return { key, ids: await createModels(gw.sandbox.url, key, count, 'm') };
    };
    const page = async (key: string, orderBy: 'CREATED_AT_ASC' | 'CREATED_AT_DESC', first: number, after: string | null = null) => {
      const { data, errors } = await gw.execute(ModelsPage, { first, after, orderBy }, key);
      expect(errors).toBeUndefined();
      const c = data!.finetunedModels!;
      return { ids: c.edges.map((e) => e.node.id), endCursor: c.pageInfo.endCursor, hasNextPage: c.pageInfo.hasNextPage };
    };
    const deleteModel = async (key: string, id: string) => ok(await sandboxRest(gw.sandbox.url, key).remove(id));

    it('goes on after the last model seen when newer ones were created, newest first', async () => {
      const { key, ids } = await seeded(6);
      const newestFirst = [...ids].reverse();
      const first = await page(key, 'CREATED_AT_DESC', 2);
      expect(first.ids).toEqual(newestFirst.slice(0, 2));
      await createModels(gw.sandbox.url, key, 4, 'newer');
      const rest = await page(key, 'CREATED_AT_DESC', 10, first.endCursor);
      expect(rest.ids).toEqual(newestFirst.slice(2));
      expect(rest.hasNextPage).toBe(false);
    });

    it('skips nothing when a model before the cursor was deleted, oldest first', async () => {
      const { key, ids } = await seeded(6);
      const first = await page(key, 'CREATED_AT_ASC', 2);
      await deleteModel(key, ids[0]!);
      expect((await page(key, 'CREATED_AT_ASC', 2, first.endCursor)).ids).toEqual(ids.slice(2, 4));
    });

    it("resumes at the cursor's place when its own model was deleted", async () => {
      const { key, ids } = await seeded(6);
      const first = await page(key, 'CREATED_AT_ASC', 3);
      await deleteModel(key, ids[2]!);
      expect((await page(key, 'CREATED_AT_ASC', 10, first.endCursor)).ids).toEqual(ids.slice(3));
      const newest = await page(key, 'CREATED_AT_DESC', 2);
      await deleteModel(key, ids[4]!);
      expect((await page(key, 'CREATED_AT_DESC', 10, newest.endCursor)).ids).toEqual([ids[3], ids[1], ids[0]]);
    });
  });
});
