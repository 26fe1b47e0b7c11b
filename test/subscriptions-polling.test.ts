// The parts under every watcher, without sockets: the cadence, the resumable page walk, the poll loop's stop,
// and how the registry shares watchers (against an in-memory upstream, so call counts are exact).
import { describe, expect, it } from 'vitest';
import type { FinetuningApi } from '../src/upstream/client.js';
import type { FinetunedModel, Page, TrainingStepMetrics } from '../src/finetuning/model.js';
import { hashCredential, type Credential } from '../src/upstream/credential.js';
import type { Deadline } from '../src/upstream/deadline.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { GatewayError } from '../src/errors.js';
import { nextPollDelay, type PollCadence } from '../src/subscriptions/cadence.js';
import { PageWalker } from '../src/subscriptions/page-walker.js';
import { pollLoop } from '../src/subscriptions/poll-loop.js';
import { SubscriptionRegistry, type Feed } from '../src/subscriptions/registry.js';

const cadence: PollCadence = { activeIntervalMs: 1_000, stableIntervalMs: 30_000, jitterRatio: 0.2, backoffMaxMs: 60_000 };
const middle = () => 0.5;

describe('poll cadence', () => {
  it('polls fast while the job moves and slowly while it rests', () => {
    expect(nextPollDelay(cadence, 'active', 0, undefined, middle)).toBe(1_000);
    expect(nextPollDelay(cadence, 'stable', 0, undefined, middle)).toBe(30_000);
  });

  it('keeps every delay within the jitter ratio of its interval', () => {
    expect(nextPollDelay(cadence, 'active', 0, undefined, () => 0)).toBe(800);
    expect(nextPollDelay(cadence, 'active', 0, undefined, () => 0.999_999)).toBe(1_200);
  });

  it('doubles the delay after each consecutive failure, up to the ceiling', () => {
    const delays = [1, 2, 3, 10].map((failures) => nextPollDelay(cadence, 'active', failures, undefined, middle));
    expect(delays).toEqual([2_000, 4_000, 8_000, 60_000]);
  });

  it('never polls a failing upstream faster than a healthy one, whatever the ceiling', () => {
    const lowCeiling = { ...cadence, backoffMaxMs: 10 };
    expect(nextPollDelay(lowCeiling, 'stable', 3, undefined, middle)).toBe(30_000);
  });

  it('comes from the environment, and refuses values that would poll in a tight loop', () => {
    const env = { POLL_INTERVAL_ACTIVE_MS: '2000', POLL_INTERVAL_STABLE_MS: '90000', POLL_JITTER_RATIO: '0.25', POLL_BACKOFF_MAX_MS: '600000' };
    expect(loadConfig(env).polling).toEqual({ activeIntervalMs: 2_000, stableIntervalMs: 90_000, jitterRatio: 0.25, backoffMaxMs: 600_000 });
    expect(loadConfig({}).polling).toEqual({ activeIntervalMs: 5_000, stableIntervalMs: 60_000, jitterRatio: 0.1, backoffMaxMs: 300_000 });
    for (const [name, value] of [['POLL_INTERVAL_ACTIVE_MS', '0'], ['POLL_INTERVAL_STABLE_MS', '5'], ['POLL_JITTER_RATIO', '0.9']] as const) {
      expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    }
  });

  it('waits at least as long as Retry-After says, up to the ceiling', () => {
    expect(nextPollDelay(cadence, 'active', 1, 120, middle)).toBe(cadence.backoffMaxMs);
    expect(nextPollDelay(cadence, 'active', 1, 30, middle)).toBe(30_000);
    expect(nextPollDelay(cadence, 'active', 1, 0, middle)).toBe(2_000);
  });
});

/** An upstream list in pages of `size`, whose tokens name the index to resume at; it records every fetch. */
function growingList(size: number) {
  const items: number[] = [];
  const fetched: (string | null)[] = [];
  const fetchPage = async (pageToken: string | null, pageSize: number): Promise<Page<number>> => {
    expect(pageSize).toBe(size);
    fetched.push(pageToken);
    const start = Number(pageToken ?? 0);
    const end = start + pageSize;
    return { items: items.slice(start, end), nextPageToken: end < items.length ? String(end) : null, totalSize: items.length };
  };
  return { items, fetched, fetchPage };
}

describe('reading a growing list', () => {
  it('reads each full page once, then re-reads only the unfinished last page for what was added', async () => {
    const list = growingList(3);
    const walker = new PageWalker<number>({ pageSize: 3, maxPages: 100 });
    list.items.push(0, 1, 2, 3);
    expect(await walker.readNew(list.fetchPage)).toEqual([0, 1, 2, 3]);
    expect(await walker.readNew(list.fetchPage)).toEqual([]);
    list.items.push(4, 5, 6, 7);
    expect(await walker.readNew(list.fetchPage)).toEqual([4, 5, 6, 7]);
    expect(list.fetched).toEqual([null, '3', '3', '3', '6']);
  });

  it('loses nothing when a page fails half-way through a read', async () => {
    const list = growingList(2);
    const walker = new PageWalker<number>({ pageSize: 2, maxPages: 100 });
    list.items.push(0, 1, 2, 3, 4);
    let calls = 0;
    const failingSecondCall = (token: string | null, size: number) =>
      ++calls === 2 ? Promise.reject(new GatewayError('UPSTREAM_UNAVAILABLE', 'down')) : list.fetchPage(token, size);
    await expect(walker.readNew(failingSecondCall)).rejects.toThrow('down');
    expect(await walker.readNew(list.fetchPage)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('the poll loop', () => {
  it('stops polling and aborts its upstream signal the moment its consumer returns', async () => {
    let polls = 0;
    let signal: AbortSignal | undefined;
    const loop = pollLoop(
      (stopSignal) => {
        signal = stopSignal;
        return async () => ({ items: [(polls += 1)], pace: 'active', done: false });
      },
      { ...cadence, activeIntervalMs: 10, jitterRatio: 0 },
    );
    expect((await loop.next()).value).toBe(1);
    expect((await loop.next()).value).toBe(2);
    await loop.return();

    expect(signal?.aborted).toBe(true);
    const pollsAtReturn = polls;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(polls).toBe(pollsAtReturn);
  });

  it('retries transient failures and ends with any other error', async () => {
    const outcomes = [
      new GatewayError('UPSTREAM_UNAVAILABLE', 'down'),
      new GatewayError('UPSTREAM_TIMEOUT', 'slow'),
      new GatewayError('NOT_FOUND', 'gone'),
    ];
    const loop = pollLoop(
      () => async () => {
        throw outcomes.shift();
      },
      { ...cadence, activeIntervalMs: 10, backoffMaxMs: 20 },
    );
    await expect(loop.next()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(outcomes).toHaveLength(0);
  });
});

/** One READY model with `rows` metric rows, owned by `owner`; every other key is told it does not exist. */
function finishedRun(owner: string, rows: number) {
  const calls: { key: string; route: string }[] = [];
  const model = { id: 'model-1', status: 'READY', updatedAt: '2024-01-01T00:00:00Z' } as FinetunedModel;
  const metrics: TrainingStepMetrics[] = Array.from({ length: rows }, (_, i) => ({ stepNumber: i * 10, createdAt: null, metrics: {} }));
  const page = <T>(items: T[], { pageToken, pageSize }: { pageToken: string | null; pageSize: number }): Page<T> => {
    const start = Number(pageToken ?? 0);
    const end = start + pageSize;
    return { items: items.slice(start, end), nextPageToken: end < items.length ? String(end) : null, totalSize: null };
  };
  const deadlines: { deadline: Deadline; ended: boolean }[] = [];
  const connect = ({ apiKey: key }: Credential, deadline: Deadline): FinetuningApi => {
    if (!deadlines.some((seen) => seen.deadline === deadline)) {
      const seen = { deadline, ended: false };
      const end = deadline.end.bind(deadline);
      deadline.end = () => {
        seen.ended = true;
        end();
      };
      deadlines.push(seen);
    }
    const answer = <T>(route: string, value: () => T) => {
      calls.push({ key, route });
      return key === owner ? Promise.resolve(value()) : Promise.reject(new GatewayError('NOT_FOUND', 'no such model'));
    };
    const unused = () => Promise.reject(new Error('not used by watchers'));
    return {
      getModel: () => answer('getModel', () => model),
      listEvents: (_id, request) => answer('listEvents', () => page([{ status: 'READY' as const, userId: null, createdAt: null }], request)),
      listStepMetrics: (_id, request) => answer('listStepMetrics', () => page(metrics, request)),
      listModels: unused,
      createModel: unused,
      updateModel: unused,
      deleteModel: unused,
    };
  };
  const registry = new SubscriptionRegistry({
    connect,
    pollDeadlineMs: 1_000,
    cadence: { activeIntervalMs: 5, stableIntervalMs: 5, jitterRatio: 0, backoffMaxMs: 5 },
    paging: { pageSize: 2, maxPages: 100 },
  });
  const credential = (key: string) => ({ apiKey: key, hash: hashCredential(key) });
  const count = (key: string, route: string) => calls.filter((call) => call.key === key && call.route === route).length;
  return { registry, credential, count, deadlines };
}

async function drain<T>(feed: Feed<T>): Promise<(T | Error)[]> {
  const items: (T | Error)[] = [];
  for await (const item of feed) items.push(item);
  return items;
}

describe('the watcher registry', () => {
  it('shares one metrics watcher, and its status watcher, among subscribers of the same key and model', async () => {
    const run = finishedRun('owner', 5);
    const [first, second] = await Promise.all([
      drain(run.registry.watchStepMetrics(run.credential('owner'), 'model-1')),
      drain(run.registry.watchStepMetrics(run.credential('owner'), 'model-1')),
    ]);

    expect(first.map((row) => (row as TrainingStepMetrics).stepNumber)).toEqual([0, 10, 20, 30, 40]);
    expect(second).toEqual(first);
    expect(run.count('owner', 'listStepMetrics')).toBe(3); // pages of 2 rows: 2 + 2 + 1, read once
    expect(run.count('owner', 'getModel')).toBe(1);
    expect(run.registry.size).toBe(0);
  });

  it('gives each poll a deadline of its own, and ends it when the poll is over', async () => {
    const run = finishedRun('owner', 5);
    await drain(run.registry.watchStepMetrics(run.credential('owner'), 'model-1'));
    // One per poll (the status watcher's and the metrics watcher's), shared by that poll's calls, each ended.
    expect(run.deadlines.length).toBeGreaterThanOrEqual(2);
    expect(run.deadlines.filter((seen) => !seen.ended)).toEqual([]);
  });

  it('never lets another key join a watcher, even for the same model id', async () => {
    const run = finishedRun('owner', 1);
    const [owner, stranger] = await Promise.all([
      drain(run.registry.watchStatus(run.credential('owner'), 'model-1')),
      drain(run.registry.watchStatus(run.credential('stranger'), 'model-1')),
    ]);

    expect(owner).toMatchObject([{ previousStatus: null, status: 'READY' }]);
    expect(stranger).toMatchObject([{ code: 'NOT_FOUND' }]);
    expect(run.count('stranger', 'getModel')).toBe(1);
  });
});
