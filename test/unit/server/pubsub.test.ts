import { describe, expect, it } from 'vitest';
import { InProcessPubSub } from '../../../src/server/pubsub.js';

describe('in-process pubsub', () => {
  it('delivers in order to every subscriber of a topic, and only that topic', async () => {
    const pubsub = new InProcessPubSub();
    const a = pubsub.subscribe('blocks')[Symbol.asyncIterator]();
    const b = pubsub.subscribe('blocks')[Symbol.asyncIterator]();
    const other = pubsub.subscribe('recalls')[Symbol.asyncIterator]();
    pubsub.publish('blocks', 1);
    pubsub.publish('blocks', 2);
    expect(await a.next()).toEqual({ value: 1, done: false });
    expect(await a.next()).toEqual({ value: 2, done: false });
    expect(await b.next()).toEqual({ value: 1, done: false });
    pubsub.publish('recalls', 'r');
    expect(await other.next()).toEqual({ value: 'r', done: false });
  });

  it('wakes a waiting subscriber and forgets it on return()', async () => {
    const pubsub = new InProcessPubSub();
    const it = pubsub.subscribe('t')[Symbol.asyncIterator]();
    const pending = it.next();
    pubsub.publish('t', 'late');
    expect(await pending).toEqual({ value: 'late', done: false });
    expect(pubsub.subscriberCount('t')).toBe(1);
    await it.return?.();
    expect(pubsub.subscriberCount('t')).toBe(0);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('drops the oldest messages of a slow subscriber instead of growing without bound', async () => {
    const pubsub = new InProcessPubSub(3);
    const it = pubsub.subscribe('t')[Symbol.asyncIterator]();
    for (let i = 0; i < 10; i++) pubsub.publish('t', i);
    const got = [(await it.next()).value, (await it.next()).value, (await it.next()).value];
    expect(got).toEqual([7, 8, 9]);
  });
});
