/**
 * Forgets settled idempotency keys once they are older than the retention: without it the table
 * grows by one row per mutation forever. Runs in the API process at start and then hourly; a
 * failed run is logged and retried at the next tick, never fatal.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { deleteSettledKeys } from '../db/idempotency.queries.js';
import type { Logger } from '../logger.js';

/** How long and how often. */
export interface PurgeSchedule {
  /** A settled key older than this is deleted; a retry with it after that submits anew. */
  retentionMs: number;
  /** Time between runs; default one hour. */
  intervalMs?: number;
}

/** A running purge. */
export interface IdempotencyPurge {
  /** Resolves once a run in progress has finished; no run starts after. */
  stop(): Promise<void>;
}

/** Starts purging now and every `intervalMs`. */
export function startIdempotencyPurge(
  db: Kysely<Database>,
  schedule: PurgeSchedule,
  log: Logger,
): IdempotencyPurge {
  const hours = (schedule.retentionMs / 3_600_000).toLocaleString('en-US');
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const runOnce = (): void => {
    if (stopped) return;
    // Chained, so that a slow run and the next tick never overlap.
    running = running.then(async () => {
      try {
        const deleted = await deleteSettledKeys(db, schedule.retentionMs);
        if (deleted > 0) log.info(`purged ${deleted} idempotency keys settled over ${hours} h ago`);
      } catch (error) {
        log.warn(`idempotency key purge failed (retried in the next run): ${String(error)}`);
      }
    });
  };
  runOnce();
  const timer = setInterval(runOnce, schedule.intervalMs ?? 3_600_000);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
