import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { batchBlocks, type Batchable } from '../../../src/indexer/batcher.js';
import { prefetch } from '../../../src/indexer/prefetch.js';

const item = (n: number): Batchable => ({ number: BigInt(n), bytes: 10 });
async function* items(ns: number[], pauseAfter?: number, pauseMs = 0): AsyncGenerator<Batchable> {
  for (const n of ns) {
    yield item(n);
    if (n === pauseAfter) await new Promise((r) => setTimeout(r, pauseMs));
  }
}
const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};
const numbers = (batches: Batchable[][]) => batches.map((b) => b.map((x) => Number(x.number)));
const never = new AbortController().signal;

describe('batcher', () => {
  it('fills batches up to maxBlocks and maxBytes while blocks keep coming', async () => {
    const opts = { maxBlocks: 3, maxBytes: 1000, maxWaitMs: 1000 };
    expect(numbers(await collect(batchBlocks(items([0, 1, 2, 3, 4, 5, 6]), opts, never)))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6],
    ]);
    expect(
      numbers(await collect(batchBlocks(items([0, 1, 2, 3]), { ...opts, maxBytes: 20 }, never))),
    ).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('flushes at once while the store is idle, and fills batches while it writes', async () => {
    let storing = false;
    const batches: number[][] = [];
    for await (const batch of batchBlocks(
      items([0, 1, 2, 3, 4, 5, 6]),
      { maxBlocks: 3, maxBytes: 1e6, maxWaitMs: 1000, storeIdle: () => !storing },
      never,
    )) {
      batches.push(batch.map((b) => Number(b.number)));
      storing = true;
    }
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5, 6]]);
  });

  it('flushes at the chain tip at once, and when the stream pauses', async () => {
    const atTip = (n: bigint) => n === 1n;
    expect(
      numbers(
        await collect(
          batchBlocks(
            items([0, 1, 2, 3]),
            { maxBlocks: 10, maxBytes: 1e6, maxWaitMs: 1000, atTip },
            never,
          ),
        ),
      ),
    ).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(
      numbers(
        await collect(
          batchBlocks(
            items([0, 1, 2, 3], 1, 100),
            { maxBlocks: 10, maxBytes: 1e6, maxWaitMs: 10 },
            never,
          ),
        ),
      ),
    ).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('yields the blocks read before a failure, then throws it', async () => {
    async function* failing(): AsyncGenerator<Batchable> {
      await Promise.resolve();
      yield item(0);
      yield item(1);
      throw new Error('boom');
    }
    const seen: number[][] = [];
    await expect(async () => {
      for await (const b of batchBlocks(
        failing(),
        { maxBlocks: 10, maxBytes: 1e6, maxWaitMs: 1000 },
        never,
      ))
        seen.push(b.map((x) => Number(x.number)));
    }).rejects.toThrow('boom');
    expect(seen).toEqual([[0, 1]]);
  });

  it('ends on abort even when the source never yields again', async () => {
    async function* stuck(): AsyncGenerator<Batchable> {
      yield item(0);
      await new Promise(() => undefined);
    }
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 30);
    expect(
      numbers(
        await collect(
          batchBlocks(stuck(), { maxBlocks: 10, maxBytes: 1e6, maxWaitMs: 5 }, stop.signal),
        ),
      ),
    ).toEqual([[0]]);
  });
  it('keeps no block it has handed out alive while the stream runs (a long-lived indexer)', async () => {
    // Racing each read against one promise that lives as long as the signal left a reaction on
    // it per batch, and with it every block the batcher ever yielded: a running indexer grew by
    // its projected rows (~14 KB an event) until it stopped. Here a block handed out must be
    // collectable while the batcher, its signal unaborted, waits for the next one.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const handedOut: WeakRef<object>[] = [];
    async function* heavy(): AsyncGenerator<Batchable & { rows: number[] }> {
      for (let n = 0; ; n += 1) {
        const block = { number: BigInt(n), bytes: 10, rows: new Array<number>(1000).fill(n) };
        handedOut.push(new WeakRef(block));
        await Promise.resolve(); // as a source that reads blocks does
        yield block;
      }
    }
    const controller = new AbortController();
    const batches = batchBlocks(
      heavy(),
      { maxBlocks: 4, maxBytes: 1e9, maxWaitMs: 1000 },
      controller.signal,
    );
    for (let i = 0; i < 50; i += 1) await batches.next();
    await new Promise((r) => setTimeout(r, 10));
    gc();
    await new Promise((r) => setTimeout(r, 10));
    gc();
    // All but the last batches (which the generator's frame may still hold) are gone.
    const alive = handedOut.slice(0, 180).filter((ref) => ref.deref() !== undefined).length;
    controller.abort();
    await batches.return(undefined);
    expect(handedOut.length).toBeGreaterThanOrEqual(200);
    expect(alive).toBe(0);
  });
});

describe('prefetch', () => {
  it('maps ahead of a slow consumer, bounded by capacity, in order', async () => {
    let mapped = 0;
    const out: number[] = [];
    let maxAhead = 0;
    for await (const x of prefetch(
      items([0, 1, 2, 3, 4, 5]),
      (i) => {
        mapped++;
        return Number(i.number);
      },
      2,
    )) {
      await new Promise((r) => setTimeout(r, 10));
      maxAhead = Math.max(maxAhead, mapped - out.length - 1);
      out.push(x);
    }
    expect(out).toEqual([0, 1, 2, 3, 4, 5]);
    expect(maxAhead).toBeGreaterThan(0);
    expect(maxAhead).toBeLessThanOrEqual(2);
  });

  it('stops reading ahead at a weight cap too, but always holds one item however heavy', async () => {
    let mapped = 0;
    const weights = [5, 5, 5, 50, 1, 1];
    const ahead = prefetch(
      items([0, 1, 2, 3, 4, 5]),
      (i) => {
        mapped++;
        return weights[Number(i.number)] ?? 0;
      },
      { items: 100, weight: { of: (w) => w, max: 10 } },
    );
    const out: number[] = [];
    const first = await ahead.next();
    out.push(first.value as number);
    await new Promise((r) => setTimeout(r, 20));
    // 5 taken; 5 + 5 buffered reach the cap of 10, so nothing more was read.
    expect(mapped).toBe(3);
    for await (const w of ahead) {
      out.push(w);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(out).toEqual(weights);
  });

  it('lets I/O callbacks run between items when the source answers at once', async () => {
    let mapped = 0;
    const ahead = prefetch(
      items([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
      (i) => {
        mapped++;
        return i;
      },
      100,
    );
    await ahead.next();
    // Without a yield per item the pump would map everything in microtasks before this fires.
    await new Promise((r) => setImmediate(r));
    expect(mapped).toBeLessThan(10);
    await ahead.return(undefined);
  });

  it('delivers the items before a mapping error, then the error', async () => {
    const out: number[] = [];
    await expect(async () => {
      for await (const x of prefetch(
        items([0, 1, 2]),
        (i) => {
          if (i.number === 2n) throw new Error('bad block');
          return Number(i.number);
        },
        5,
      ))
        out.push(x);
    }).rejects.toThrow('bad block');
    expect(out).toEqual([0, 1]);
  });
});
