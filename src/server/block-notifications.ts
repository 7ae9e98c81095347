/**
 * Cross-process delivery of "block indexed": the indexer's store issues
 * `NOTIFY provenance_block_indexed, '<number>'` inside the block's transaction, so Postgres
 * delivers it exactly when the rows become visible. Every API process LISTENs and republishes on
 * its in-process PubSub, where subscription resolvers pick it up.
 */
import pg from 'pg';
import type { PubSub } from 'type-graphql';
import type { Logger } from '../logger.js';

/** The Postgres NOTIFY channel the store writes to. */
export const BLOCK_INDEXED_CHANNEL = 'provenance_block_indexed';

/** The PubSub topic carrying block numbers (bigint) of newly indexed blocks. */
export const BLOCK_INDEXED_TOPIC = 'BLOCK_INDEXED';

/** A live LISTEN connection; `stop()` closes it. */
export interface BlockListener {
  stop(): Promise<void>;
}

/**
 * Listens for indexed blocks and publishes each number on `pubSub`; reconnects with backoff when
 * the connection drops (subscribers simply see a gap, then new blocks again).
 */
export async function listenForIndexedBlocks(
  connectionString: string,
  pubSub: PubSub,
  log: Logger,
): Promise<BlockListener> {
  let client: pg.Client | undefined;
  let stopped = false;
  let delay = 500;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('notification', (message) => {
      if (message.channel !== BLOCK_INDEXED_CHANNEL || message.payload === undefined) return;
      if (!/^\d+$/.test(message.payload)) return;
      pubSub.publish(BLOCK_INDEXED_TOPIC, BigInt(message.payload));
    });
    next.on('error', (err) => {
      log.warn(`block notifications: connection lost (${err.message}); reconnecting`);
      void next.end().catch(() => undefined);
      if (!stopped) setTimeout(() => void reconnect(), delay);
    });
    await next.connect();
    await next.query(`LISTEN ${BLOCK_INDEXED_CHANNEL}`);
    client = next;
    delay = 500;
  };
  const reconnect = async (): Promise<void> => {
    try {
      await connect();
    } catch (err) {
      delay = Math.min(delay * 2, 30_000);
      log.warn(
        `block notifications: reconnect failed (${err instanceof Error ? err.message : String(err)}); retrying in ${delay} ms`,
      );
      if (!stopped) setTimeout(() => void reconnect(), delay);
    }
  };
  await connect();
  return {
    stop: async () => {
      stopped = true;
      await client?.end();
    },
  };
}
