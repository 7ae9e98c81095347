/**
 * Read-your-writes: waits until the indexer has passed a block. Polls the checkpoint rather than
 * LISTENing because the checkpoint is the truth (a NOTIFY can be missed across a reconnect), and
 * one primary-key read every poll interval is cheap; the interval grows so a slow indexer is not
 * hammered.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { isBlockIndexed } from '../db/indexer-wait.queries.js';

/** How long and how often to poll. */
export interface IndexerWaitOptions {
  timeoutMs: number;
  /** First poll interval; doubles up to 250 ms. Default 20 ms. */
  intervalMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves true once `blockNumber` is indexed on `channel`, false when `timeoutMs` passed first. */
export async function waitUntilIndexed(
  db: Kysely<Database>,
  channel: string,
  blockNumber: bigint,
  options: IndexerWaitOptions,
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let interval = options.intervalMs ?? 20;
  for (;;) {
    if (await isBlockIndexed(db, channel, blockNumber)) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(interval, left));
    interval = Math.min(interval * 2, 250);
  }
}
