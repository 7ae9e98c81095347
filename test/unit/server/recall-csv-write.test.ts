import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeOrGiveUp } from '../../../src/server/recall-csv.js';

// A PassThrough nobody reads stands in for a client that stopped reading (no sockets involved).
describe('CSV export writes (stream stub)', () => {
  it('gives up on a reader that reads nothing for the timeout, destroying the response', async () => {
    const stalled = new PassThrough({ highWaterMark: 4 });
    const started = Date.now();
    await expect(writeOrGiveUp(stalled, 'more than four bytes', 50)).rejects.toThrow(
      /read nothing for 50 ms/,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(stalled.destroyed).toBe(true);
  });

  it('waits for a slow reader that drains, and leaves no listeners behind', async () => {
    const slow = new PassThrough({ highWaterMark: 4 });
    const chunks: string[] = [];
    for (let i = 0; i < 30; i++) {
      const writing = writeOrGiveUp(slow, `chunk ${i};`, 1_000);
      setTimeout(() => {
        let chunk: Buffer | null;
        while ((chunk = slow.read() as Buffer | null) !== null) chunks.push(chunk.toString());
      }, 5);
      await writing;
    }
    expect(slow.listenerCount('drain')).toBe(0);
    expect(slow.listenerCount('close')).toBe(0);
    expect(slow.listenerCount('error')).toBe(0);
    expect(slow.destroyed).toBe(false);
  });
});
