import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../src/finetuning/contract.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { startSandbox } from './helpers.js';
import { freshKey } from '../helpers/fixtures.js';
import { chatModel, createModel, sandboxRest } from '../helpers/sandbox-rest.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seedDemoData: false });
});
afterAll(() => sandbox.stop());

const client = () => sandboxRest(sandbox.url, freshKey());

describe('routing', () => {
  it.each([
    '/',
    '/v1/finetuning',
    `${API_PREFIX}/`,
    `${API_PREFIX}/some-id/`,
    `${API_PREFIX}/some-id/logs`,
    `${API_PREFIX}/some-id/events/extra`,
  ])('answers 404 Not Found to the unknown path %s', async (path) => {
    const reply = await client().call('GET', path);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ message: 'Not Found' });
  });

  it.each([
    ['PUT', API_PREFIX, 'GET, POST'],
    ['POST', `${API_PREFIX}/some-id`, 'GET, PATCH, DELETE'],
    ['DELETE', `${API_PREFIX}/some-id/events`, 'GET'],
    ['POST', `${API_PREFIX}/some-id/training-step-metrics`, 'GET'],
  ])('answers 405 to %s %s and lists the allowed methods', async (method, path, allow) => {
    const reply = await client().call(method, path);
    expect(reply.status).toBe(405);
    expect(reply.body).toEqual({ message: 'Method Not Allowed' });
    expect(reply.headers.get('allow')).toBe(allow);
  });

  it('answers 404 naming the id of a model that never existed', async () => {
    const reply = await client().get('no-such-model');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ message: 'finetuned model no-such-model not found' });
  });

  it('decodes the id as exactly one segment, so an encoded slash stays inside it', async () => {
    const reply = await client().call('GET', `${API_PREFIX}/a%2Fb/events`);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ message: 'finetuned model a/b not found' });
  });

  it('answers 404 on every route once a model is deleted', async () => {
    const api = client();
    const id = await createModel(api);
    expect((await api.remove(id)).status).toBe(200);
    const notFound = { message: `finetuned model ${id} not found` };
    for (const reply of [
      await api.get(id),
      await api.update(id, chatModel()),
      await api.remove(id),
      await api.events(id),
      await api.metrics(id),
    ]) {
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual(notFound);
    }
  });
});

describe('request bodies', () => {
  it('answers 413 to a body over 1 MiB', async () => {
    const name = 'x'.repeat(1024 * 1024);
    const reply = await client().create(chatModel({ name }));
    expect(reply.status).toBe(413);
    expect(reply.body.message).toContain('1 MiB');
  });

  it('accepts a body just under 1 MiB and judges its content', async () => {
    const reply = await client().create({ ...chatModel(), padding: ' '.repeat(1000 * 1000) });
    expect(reply.status).toBe(400);
    expect(reply.body.message).toBe('unknown field "padding"');
  });
});
