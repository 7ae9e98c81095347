import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from '../../../src/indexer/backoff.js';
import {
  FatalIndexerError,
  HashChainError,
  isRetryable,
  RetryableIndexerError,
  toIndexerError,
} from '../../../src/indexer/errors.js';

describe('error classification', () => {
  it.each([
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, true],
    [{ code: '08006' }, true],
    [{ code: '40001' }, true],
    [{ code: 'ECONNREFUSED' }, true],
    [{ code: 14, details: 'UNAVAILABLE' }, true],
    [new Error('Connection terminated unexpectedly'), true],
    [{ retryable: true }, true],
    [{ code: '23505', message: 'duplicate key' }, false],
    [{ code: '22P02' }, false],
    [new TypeError('x is undefined'), false],
    [new HashChainError('broken'), false],
    [new RetryableIndexerError('peer gone'), true],
  ])('%o is retryable: %s', (err, expected) => {
    expect(isRetryable(err)).toBe(expected);
  });

  it('wraps unknown errors with their position and cause', () => {
    const cause = { code: '23502', message: 'null value in column "name"' };
    const wrapped = toIndexerError(cause, { blockNumber: 7n, txId: 'abc' });
    expect(wrapped).toBeInstanceOf(FatalIndexerError);
    expect(wrapped.message).toBe('null value in column "name" (block 7, tx abc)');
    expect(wrapped.cause).toBe(cause);
    const positioned = new HashChainError('x', { blockNumber: 3n });
    expect(toIndexerError(positioned, { blockNumber: 9n })).toBe(positioned);
  });
});

describe('backoff', () => {
  it('grows exponentially, is capped, and keeps half of each delay fixed', () => {
    const options = { initialMs: 100, maxMs: 1000, factor: 2 };
    expect([1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, options, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect([1, 2, 3, 10].map((a) => backoffDelay(a, options, () => 0))).toEqual([
      50, 100, 200, 500,
    ]);
  });

  it('sleeps until aborted', async () => {
    const stop = new AbortController();
    const started = Date.now();
    setTimeout(() => stop.abort(), 10);
    await sleep(10_000, stop.signal);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
