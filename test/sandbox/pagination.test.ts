import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../src/finetuning/contract.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { startSandbox } from './helpers.js';
import { freshKey } from '../helpers/fixtures.js';
import { type SandboxRest, chatModel, createModel, sandboxRest } from '../helpers/sandbox-rest.js';

const CREATED = 50;
const PAGE_SIZES = [1, 2, 7, 50, 100];

let sandbox: Sandbox;
let api: SandboxRest;
let key: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  key = freshKey();
  api = sandboxRest(sandbox.url, key);
  for (let i = 0; i < CREATED; i += 1) await createModel(api, chatModel({ name: `model-${i}` }));
});
afterAll(() => sandbox.stop());

type Order = 'created_at' | 'created_at desc';

/** Follows next_page_token to the end, checking that every page is full except the last, which is not empty. */
async function walkModels(client: SandboxRest, pageSize: number, order: Order, between?: (page: number) => Promise<void>) {
  const ids: string[] = [];
  let token: string | undefined;
  let page = 0;
  do {
    const reply = await client.list({ page_size: pageSize, order_by: order, page_token: token });
    expect(reply.status).toBe(200);
    const items = reply.body.finetuned_models ?? [];
    token = reply.body.next_page_token;
    expect(items.length).toBeGreaterThan(0);
    if (token) expect(items).toHaveLength(pageSize);
    ids.push(...items.map((model) => model.id ?? ''));
    page += 1;
    await between?.(page);
  } while (token);
  return ids;
}

describe('walking the models list page by page', () => {
  it.each(PAGE_SIZES.flatMap((size) => (['created_at', 'created_at desc'] as const).map((order) => [size, order] as const)))(
    'yields every model exactly once with page_size %i ordered by %s',
    async (pageSize, order) => {
      const all = (await api.list({ page_size: MAX_PAGE_SIZE, order_by: 'created_at' })).body;
      const expected = (all.finetuned_models ?? []).map((model) => model.id);
      expect(all.total_size).toBe(CREATED + 12);
      const walked = await walkModels(api, pageSize, order);
      expect(walked).toEqual(order === 'created_at' ? expected : [...expected].reverse());
    },
  );

  it('sorts by created_at, oldest first by default', async () => {
    const models = (await api.list({ page_size: MAX_PAGE_SIZE })).body.finetuned_models ?? [];
    const times = models.map((model) => model.created_at ?? '');
    expect(times).toEqual([...times].sort());
  });

  it('serves 50 items when page_size is absent or 0', async () => {
    for (const pageSize of [undefined, 0]) {
      const reply = await api.list({ page_size: pageSize });
      expect(reply.body.finetuned_models).toHaveLength(DEFAULT_PAGE_SIZE);
      expect(reply.body.next_page_token).toBeTruthy();
    }
  });

  it.each(['created_at', 'created_at desc'] as const)(
    'yields every surviving model exactly once while models are created and deleted during a %s walk',
    async (order) => {
      const client = sandboxRest(sandbox.url, freshKey());
      const before = (await client.list()).body.finetuned_models?.map((model) => model.id ?? '') ?? [];
      const deleted: string[] = [];
      const deletedAhead: string[] = [];
      const created: string[] = [];
      const walked = await walkModels(client, 3, order, async (page) => {
        if (page > 2) return;
        // Delete the first model in walk order (behind the cursor) and the last one (still ahead), then add two.
        const listed = (await client.list({ page_size: MAX_PAGE_SIZE, order_by: order })).body.finetuned_models ?? [];
        const behind = listed[0]?.id ?? '';
        const ahead = listed.at(-1)?.id ?? '';
        for (const id of [behind, ahead]) expect((await client.remove(id)).status).toBe(200);
        deleted.push(behind, ahead);
        deletedAhead.push(ahead);
        created.push(await createModel(client), await createModel(client));
      });
      expect(new Set(walked).size).toBe(walked.length);
      const survivors = before.filter((id) => !deleted.includes(id));
      expect(survivors.filter((id) => !walked.includes(id))).toEqual([]);
      expect(walked.filter((id) => deletedAhead.includes(id))).toEqual([]);
      // In ascending order new models land ahead of the cursor; walking newest first they are already behind it.
      const newSurvivors = created.filter((id) => !deleted.includes(id));
      expect(newSurvivors.filter((id) => walked.includes(id))).toEqual(order === 'created_at' ? newSurvivors : []);
    },
  );
});

describe('events and training-step metrics pages', () => {
  async function demoModelWith(status: string) {
    const models = (await api.list({ page_size: MAX_PAGE_SIZE })).body.finetuned_models ?? [];
    return models.find((model) => model.status === status && model.name === 'customer-support-chat')?.id ?? '';
  }

  it('walks the 30 metric rows of a 3-epoch model, oldest first, 7 at a time', async () => {
    const id = await demoModelWith('STATUS_READY');
    const steps: number[] = [];
    let token: string | undefined;
    do {
      const reply = await api.metrics(id, { page_size: 7, page_token: token });
      expect(reply.status).toBe(200);
      steps.push(...(reply.body.step_metrics ?? []).map((row) => row.step_number ?? 0));
      token = reply.body.next_page_token;
    } while (token);
    expect(steps).toEqual(Array.from({ length: 30 }, (_, i) => i * 10));
  });

  it.each(['created_at', 'created_at desc'] as const)('walks the events one by one ordered by %s', async (order) => {
    const id = await demoModelWith('STATUS_READY');
    const statuses: string[] = [];
    let token: string | undefined;
    do {
      const reply = await api.events(id, { page_size: 1, order_by: order, page_token: token });
      expect(reply.body.total_size).toBe(4);
      statuses.push(...(reply.body.events ?? []).map((event) => event.status ?? ''));
      token = reply.body.next_page_token;
    } while (token);
    const lifecycle = ['STATUS_QUEUED', 'STATUS_FINETUNING', 'STATUS_DEPLOYING_API', 'STATUS_READY'];
    expect(statuses).toEqual(order === 'created_at' ? lifecycle : lifecycle.reverse());
  });
});

describe('bad pagination input', () => {
  it.each(['101', '-1', '1.5', 'ten', '1e2'])('rejects page_size=%s with 400 naming page_size', async (pageSize) => {
    const reply = await api.list({ page_size: pageSize });
    expect(reply.status).toBe(400);
    expect(reply.body.message).toBe(`page_size must be an integer between 0 and ${MAX_PAGE_SIZE}`);
  });

  it.each(['name', 'created_at asc', 'created_at,name', 'CREATED_AT'])('rejects order_by=%s', async (orderBy) => {
    const reply = await api.list({ order_by: orderBy });
    expect(reply.status).toBe(400);
    expect(reply.body.message).toContain('order_by must be one of');
  });

  it('rejects order_by on training-step metrics', async () => {
    const id = (await api.list()).body.finetuned_models?.[0]?.id ?? '';
    const reply = await api.metrics(id, { order_by: 'created_at' });
    expect(reply.status).toBe(400);
    expect(reply.body.message).toContain('order_by');
  });

  async function modelsToken(client: SandboxRest, order: Order = 'created_at') {
    return (await client.list({ page_size: 1, order_by: order })).body.next_page_token ?? '';
  }

  async function eventsToken(id: string) {
    return (await api.events(id, { page_size: 1 })).body.next_page_token ?? '';
  }

  const invalidTokens: [string, () => Promise<() => ReturnType<SandboxRest['list']>>][] = [
    ['garbage', async () => () => api.list({ page_token: 'not-a-token' })],
    [
      'a tampered token',
      async () => {
        const token = await modelsToken(api);
        const tampered = `${token[0] === 'A' ? 'B' : 'A'}${token.slice(1)}`;
        return () => api.list({ page_size: 1, page_token: tampered });
      },
    ],
    [
      'a token from another tenant',
      async () => {
        const token = await modelsToken(sandboxRest(sandbox.url, freshKey()));
        return () => api.list({ page_size: 1, page_token: token });
      },
    ],
    [
      'a token for the other order',
      async () => {
        const token = await modelsToken(api, 'created_at desc');
        return () => api.list({ page_size: 1, order_by: 'created_at', page_token: token });
      },
    ],
    [
      'a token from the events list',
      async () => {
        const id = (await api.list()).body.finetuned_models?.[0]?.id ?? '';
        const token = await eventsToken(id);
        return () => api.list({ page_size: 1, page_token: token });
      },
    ],
    [
      'an events token of another model',
      async () => {
        const [a, b] = (await api.list()).body.finetuned_models ?? [];
        const token = await eventsToken(a?.id ?? '');
        return () => api.events(b?.id ?? '', { page_size: 1, page_token: token });
      },
    ],
  ];

  it.each(invalidTokens)('rejects %s with 400 invalid page_token', async (_case, prepare) => {
    const send = await prepare();
    const reply = await send();
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ message: 'invalid page_token' });
  });
});
