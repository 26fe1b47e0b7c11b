// One source, many subscribers (src/subscriptions/broadcast.ts), driven directly: what each subscriber's feed
// yields, when it joins and leaves, and that no pull is left waiting once its subscriber has gone.
import { Repeater } from '@repeaterjs/repeater';
import { describe, expect, it } from 'vitest';
import { Broadcast, type Feed, type Replay } from '../src/subscriptions/broadcast.js';

/** A source the test pushes into, and what became of it. */
function controlledSource<T>() {
  let push: (item: T) => Promise<unknown> = async () => {};
  let stop: (error?: unknown) => void = () => {};
  const state = { opened: 0, returned: false };
  const open = () => {
    state.opened += 1;
    return new Repeater<T>(async (p, s) => {
      push = p;
      stop = s;
      await s;
      state.returned = true;
    });
  };
  return { open, state, push: (item: T) => void push(item), end: (error?: Error) => stop(error) };
}

function broadcastOf<T>(replay: Replay, asFirst?: (item: T) => T) {
  const source = controlledSource<T>();
  let closes = 0;
  const broadcast = new Broadcast<T>({ open: source.open, replay, asFirst, onClose: () => (closes += 1) });
  return { broadcast, source, closes: () => closes, feed: () => Broadcast.feed(() => broadcast) };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

async function take<T>(feed: Feed<T>, count: number): Promise<(T | Error)[]> {
  const items: (T | Error)[] = [];
  for (let i = 0; i < count; i += 1) {
    const next = await feed.next();
    if (next.done) break;
    items.push(next.value);
  }
  return items;
}

describe('a broadcast', () => {
  it('opens its source on the first pull, not when a feed is made', async () => {
    const { source, feed } = broadcastOf<number>('all');
    const subscriber = feed();
    await settled();
    expect(source.state.opened).toBe(0);
    const first = subscriber.next();
    await settled();
    expect(source.state.opened).toBe(1);
    source.push(1);
    expect(await first).toEqual({ done: false, value: 1 });
  });

  it('gives a newcomer the latest item as a starting point, then what follows, in order', async () => {
    const { source, feed } = broadcastOf<string>('latest', (item) => `first:${item}`);
    const early = feed();
    const earlyItems = take(early, 3);
    await settled();
    source.push('a');
    source.push('b');
    await settled();
    const late = feed();
    const lateItems = take(late, 2);
    await settled();
    source.push('c');
    expect(await earlyItems).toEqual(['first:a', 'b', 'c']);
    expect(await lateItems).toEqual(['first:b', 'c']);
  });

  it('replays the whole log to a newcomer when it replays all', async () => {
    const { source, feed } = broadcastOf<number>('all');
    const early = feed();
    const earlyItems = take(early, 3);
    await settled();
    for (const item of [1, 2, 3]) source.push(item);
    expect(await earlyItems).toEqual([1, 2, 3]);
    expect(await take(feed(), 3)).toEqual([1, 2, 3]);
  });

  it('hands pulls made at once their items in order', async () => {
    const { source, feed } = broadcastOf<number>('all');
    const subscriber = feed();
    const pulls = [subscriber.next(), subscriber.next(), subscriber.next()];
    await settled();
    for (const item of [1, 2, 3]) source.push(item);
    expect((await Promise.all(pulls)).map((pull) => pull.value)).toEqual([1, 2, 3]);
  });

  it('completes a waiting pull when its subscriber returns, and stops the source when the last one leaves', async () => {
    const { source, feed, closes } = broadcastOf<number>('latest');
    const [one, two] = [feed(), feed()];
    const waiting = [one.next(), two.next()];
    await settled();
    source.push(1);
    await Promise.all(waiting);
    const pending = one.next();
    await one.return!();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await one.next()).toEqual({ done: true, value: undefined });
    expect(source.state.returned).toBe(false);
    const last = two.next();
    await two.return!();
    expect(await last).toEqual({ done: true, value: undefined });
    await settled();
    expect(source.state.returned).toBe(true);
    expect(closes()).toBe(1);
  });

  it('gives every subscriber what it has not read, then the error that ended the source, then the end', async () => {
    const { source, feed, closes } = broadcastOf<number>('all');
    const [reader, other] = [feed(), feed()];
    const firsts = [reader.next(), other.next()];
    await settled();
    source.push(1);
    source.push(2);
    await settled();
    source.end(new Error('NOT_FOUND'));
    await settled();
    const rest = async (subscriber: Feed<number>) => {
      const items: unknown[] = [];
      for await (const item of subscriber) items.push(item instanceof Error ? `error:${item.message}` : item);
      return items;
    };
    expect((await Promise.all(firsts)).map((first) => first.value)).toEqual([1, 1]);
    expect(await rest(reader)).toEqual([2, 'error:NOT_FOUND']);
    expect(await rest(other)).toEqual([2, 'error:NOT_FOUND']);
    expect(closes()).toBe(1);
  });

  it('completes its subscribers, after what they have not read, when closed', async () => {
    const { broadcast, source, feed, closes } = broadcastOf<number>('all');
    const subscriber = feed();
    const first = subscriber.next();
    await settled();
    source.push(1);
    source.push(2);
    await first;
    await settled();
    broadcast.close();
    expect(await take(subscriber, 5)).toEqual([2]);
    expect(source.state.returned).toBe(true);
    expect(closes()).toBe(1);
  });
});
