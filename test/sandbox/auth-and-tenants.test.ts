import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../src/finetuning/contract.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { UUID, startSandbox } from './helpers.js';
import { freshKey } from '../helpers/fixtures.js';
import { chatModel, createModel, sandboxRest } from '../helpers/sandbox-rest.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.stop());

describe('authentication', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a non-Bearer scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty Bearer key', 'Bearer '],
  ])('answers 401 "no api key supplied" to %s', async (_case, authorization) => {
    const { call } = sandboxRest(sandbox.url, null);
    const reply = await call('GET', API_PREFIX, { headers: authorization === undefined ? {} : { authorization } });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ message: 'no api key supplied' });
    expect(reply.headers.get('content-type')).toBe('application/json');
  });

  it.each([
    ['a key with a space', 'two words'],
    ['a key longer than 256 characters', 'k'.repeat(257)],
  ])('answers 401 "invalid api token" to %s', async (_case, key) => {
    const reply = await sandboxRest(sandbox.url, key).list();
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ message: 'invalid api token' });
  });

  it('accepts any printable key of up to 256 characters', async () => {
    expect((await sandboxRest(sandbox.url, `${'k'.repeat(250)}!#$%&~`).list()).status).toBe(200);
  });
});

describe('read-only keys', () => {
  const forbidden = { message: 'this api key is not allowed to modify fine-tuned models' };

  it('can read the models of its tenant', async () => {
    const reply = await sandboxRest(sandbox.url, freshKey('ro')).list();
    expect(reply.status).toBe(200);
    expect(reply.body.total_size).toBe(12);
  });

  it('answers 403 to create, update and delete', async () => {
    const key = freshKey('ro');
    const api = sandboxRest(sandbox.url, key);
    const [id = ''] = sandbox.demoModelIds(key);
    for (const reply of [await api.create(chatModel()), await api.update(id, chatModel()), await api.remove(id)]) {
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual(forbidden);
    }
    expect((await api.get(id)).status).toBe(200);
  });
});

describe('tenants', () => {
  it('keeps each key to its own models', async () => {
    const owner = sandboxRest(sandbox.url, freshKey());
    const stranger = sandboxRest(sandbox.url, freshKey());
    const id = await createModel(owner);
    const ids = (await stranger.list()).body.finetuned_models?.map((model) => model.id);
    expect(ids).not.toContain(id);
    const notFound = { message: `finetuned model ${id} not found` };
    for (const reply of [
      await stranger.get(id),
      await stranger.update(id, chatModel({ name: 'hijacked' })),
      await stranger.remove(id),
      await stranger.events(id),
      await stranger.metrics(id),
    ]) {
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual(notFound);
    }
    expect((await owner.get(id)).body.finetuned_model?.name).toBe('support-bot');
  });

  it('derives creator and organization ids from the key, the same in every sandbox', async () => {
    const key = freshKey();
    const other = await startSandbox({ seedDemoData: false });
    try {
      const here = (await sandboxRest(sandbox.url, key).create(chatModel())).body.finetuned_model;
      const there = (await sandboxRest(other.url, key).create(chatModel())).body.finetuned_model;
      expect(here?.creator_id).toMatch(UUID);
      expect(here?.organization_id).toMatch(UUID);
      expect(there?.creator_id).toBe(here?.creator_id);
      expect(there?.organization_id).toBe(here?.organization_id);
      const stranger = (await sandboxRest(sandbox.url, freshKey()).create(chatModel())).body.finetuned_model;
      expect(stranger?.creator_id).not.toBe(here?.creator_id);
    } finally {
      await other.stop();
    }
  });
});
