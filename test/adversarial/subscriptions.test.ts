// Caps on live work hold however a client sends it: many subscribe messages in one burst, subscriptions over SSE,
// made-up keys. And a bad document over graphql-ws is answered like over HTTP, on a socket that stays open, with
// nothing printed outside the structured log.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { freshKey } from '../helpers/fixtures.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { createModels } from '../helpers/sandbox-rest.js';

const STATUS = 'subscription Status($id: ID!) { finetunedModelStatusChanged(id: $id) { status } }';

interface Frame {
  id?: string;
  type: string;
  payload?: unknown;
}

/** A raw graphql-ws socket, acknowledged, that records every frame it receives. */
async function rawSocket(url: string, key: string): Promise<{ socket: WebSocket; frames: Frame[]; closed: Promise<number> }> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const frames: Frame[] = [];
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${key}` } })));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      frames.push(frame);
      if (frame.type === 'connection_ack') resolve();
    });
    socket.on('close', (code) => reject(new Error(`closed with ${code} before the ack`)));
  });
  return { socket, frames, closed };
}

type Errors = { extensions?: { code?: string } }[];

/**
 * The ids that got data, and those refused with their codes: refused before execution (an `error` message), or by
 * the pipeline as a result with errors (a `next` message without data).
 */
function outcomes(frames: Frame[]) {
  const started = new Set(frames.filter((f) => f.type === 'next' && (f.payload as { data?: unknown }).data).map((f) => f.id));
  const refused = frames.flatMap((f) => {
    if (f.type === 'error') return [{ id: f.id, errors: f.payload as Errors }];
    const payload = f.payload as { data?: unknown; errors?: Errors } | undefined;
    return f.type === 'next' && !payload?.data && payload?.errors ? [{ id: f.id, errors: payload.errors }] : [];
  });
  return { started, refused, codes: refused.map((f) => f.errors[0]?.extensions?.code) };
}

describe('subscribe messages in one burst on one socket', () => {
  let gw: TestGateway;
  let url: string;
  const key = freshKey('burst');
  let modelId: string;
  beforeAll(async () => {
    gw = await startGateway({ env: { WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '25', MAX_SUBSCRIPTIONS_PER_CALLER: '10000' } });
    url = await gw.app.start(0, '127.0.0.1');
    [modelId] = (await createModels(gw.sandbox.url, key, 1)) as [string];
  });
  afterAll(() => gw.stop());

  it.each([60, 500])('accept at most the cap of 25 when %i arrive at once', async (count) => {
    const { socket, frames } = await rawSocket(url, key);
    const burst = Array.from({ length: count }, (_, i) => JSON.stringify({ id: `s${i}`, type: 'subscribe', payload: { query: STATUS, variables: { id: modelId } } }));
    for (const message of burst) socket.send(message);
    await vi.waitFor(() => expect(outcomes(frames).started.size + outcomes(frames).refused.length).toBe(count), { timeout: 20_000 });
    const { started, codes } = outcomes(frames);
    expect(started.size).toBe(25);
    expect(new Set(codes)).toEqual(new Set(['LIMIT_EXCEEDED']));
    socket.close();
  });
});

describe('caps over SSE and WebSocket alike', () => {
  let gw: TestGateway;
  let url: string;
  const key = freshKey('capped');
  let modelId: string;
  beforeAll(async () => {
    gw = await startGateway({ env: { MAX_SUBSCRIPTIONS_PER_CALLER: '3', MAX_SUBSCRIPTIONS: '6', WS_MAX_CONNECTIONS: '4' } });
    url = await gw.app.start(0, '127.0.0.1');
    [modelId] = (await createModels(gw.sandbox.url, key, 1)) as [string];
  });
  afterAll(() => gw.stop());

  /** An SSE subscription: resolves with its first event's payload, and a way to end it. */
  async function sse(callerKey: string, model?: string) {
    const controller = new AbortController();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${callerKey}` },
      body: JSON.stringify({ query: STATUS, variables: { id: model ?? modelId } }),
      signal: controller.signal,
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!/\n\n/.test(text.replace(/^:.*\n\n/gm, ''))) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += chunk.value;
    }
    const data = /^data: (.*)$/m.exec(text)?.[1];
    return { first: data ? (JSON.parse(data) as { data?: unknown; errors?: { extensions: { code: string } }[] }) : undefined, end: () => controller.abort() };
  }

  it('cap one caller over SSE, and free the slot when a subscription ends', async () => {
    const held = await Promise.all([sse(key), sse(key), sse(key)]);
    for (const { first } of held) expect(first?.data).toBeDefined();
    const fourth = await sse(key);
    expect(fourth.first?.errors?.[0]?.extensions.code).toBe('LIMIT_EXCEEDED');
    fourth.end();
    held[0]!.end();
    await vi.waitFor(async () => {
      const again = await sse(key);
      again.end();
      expect(again.first?.data).toBeDefined();
    });
    for (const { end } of held) end();
  });

  it('cap the instance however many keys callers make up, over SSE and WebSocket together', async () => {
    // Seven callers, each with a model of its own, so that each subscription stays open.
    const callers = await Promise.all(
      Array.from({ length: 7 }, async () => {
        const callerKey = freshKey('tenant');
        const [id] = (await createModels(gw.sandbox.url, callerKey, 1)) as [string];
        return { callerKey, id };
      }),
    );
    const streams = await Promise.all(callers.slice(0, 4).map(({ callerKey, id }) => sse(callerKey, id)));
    for (const { first } of streams) expect(first?.data).toBeDefined();
    const sockets = await Promise.all(callers.slice(4).map(({ callerKey }) => rawSocket(url, callerKey)));
    sockets.forEach(({ socket }, i) =>
      socket.send(JSON.stringify({ id: 'one', type: 'subscribe', payload: { query: STATUS, variables: { id: callers[4 + i]!.id } } })),
    );
    await vi.waitFor(() => expect(sockets.every(({ frames }) => frames.some((f) => f.id === 'one'))).toBe(true));
    // MAX_SUBSCRIPTIONS is 6: four over SSE and two over WebSocket run, the seventh caller is refused.
    const results = sockets.map(({ frames }) => (outcomes(frames).started.size > 0 ? 'running' : outcomes(frames).codes[0]));
    expect(results.sort()).toEqual(['LIMIT_EXCEEDED', 'running', 'running']);
    for (const { end } of streams) end();
    for (const { socket } of sockets) socket.close();
    await Promise.all(sockets.map(({ closed }) => closed));
  });

  it('close sockets beyond WS_MAX_CONNECTIONS with 1013 (try again later)', async () => {
    const open = await Promise.all(Array.from({ length: 4 }, () => rawSocket(url, freshKey('socket'))));
    const fifth = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const code = await new Promise<number>((resolve) => fifth.on('close', (closeCode) => resolve(closeCode)));
    expect(code).toBe(1013);
    for (const { socket } of open) socket.close();
    await Promise.all(open.map(({ closed }) => closed));
  });
});

describe('invalid documents over graphql-ws', () => {
  let gw: TestGateway;
  let url: string;
  const key = freshKey('documents');
  let modelId: string;
  beforeAll(async () => {
    gw = await startGateway({ env: { MAX_TOKENS: '50' } });
    url = await gw.app.start(0, '127.0.0.1');
    [modelId] = (await createModels(gw.sandbox.url, key, 1)) as [string];
  });
  afterAll(() => gw.stop());

  it.each([
    ['a syntax error', { query: 'subscription { finetunedModelStatusChanged(id: "x") { status ' }, 'GRAPHQL_PARSE_FAILED'],
    ['an empty query', { query: '' }, 'GRAPHQL_PARSE_FAILED'],
    ['too many tokens', { query: `query { ${'__typename '.repeat(60)} }` }, 'QUERY_TOO_COMPLEX'],
    ['an unknown field', { query: 'subscription { nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['variables nested 2,000 deep', { query: STATUS, variables: { id: 'x', deep: JSON.parse(`${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`) as unknown } }, 'BAD_REQUEST'],
  ])('answer %s with an error message and its code, and keep the socket open', async (_what, payload, code) => {
    const stderr = vi.spyOn(process.stderr, 'write');
    const consoleError = vi.spyOn(console, 'error');
    try {
      const { socket, frames, closed } = await rawSocket(url, key);
      socket.send(JSON.stringify({ id: 'bad', type: 'subscribe', payload }));
      await vi.waitFor(() => expect(frames.some((f) => f.id === 'bad')).toBe(true));
      expect(outcomes(frames).codes).toEqual([code]);
      // The socket still serves.
      socket.send(JSON.stringify({ id: 'good', type: 'subscribe', payload: { query: STATUS, variables: { id: modelId } } }));
      await vi.waitFor(() => expect(frames.some((f) => f.id === 'good' && f.type === 'next')).toBe(true));
      socket.close();
      expect(await closed).toBe(1005);
      expect(stderr).not.toHaveBeenCalled();
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
      consoleError.mockRestore();
    }
  });
});

describe('the source', () => {
  it('prints nothing with console.*: everything goes through the structured, redacted log', async () => {
    const files = (await readdir('src', { recursive: true })).filter((file) => file.endsWith('.ts'));
    const offenders: string[] = [];
    for (const file of files) {
      const text = await readFile(join('src', file), 'utf8');
      if (/\bconsole\.\w+\(/.test(text)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
