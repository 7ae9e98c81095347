/** The indexer checkpoint and the stored hash chain it is checked against. */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';

/** The next block to read for a channel (0 when nothing was indexed yet). */
export async function readCheckpoint(db: Kysely<Database>, channel: string): Promise<bigint> {
  const row = await db
    .selectFrom('indexer_checkpoint')
    .select('next_block')
    .where('channel', '=', channel)
    .executeTakeFirst();
  return row?.next_block ?? 0n;
}

/**
 * Reads the checkpoint and locks its row until the transaction ends, so two writers that slipped
 * past the advisory lock still serialise on it.
 */
export async function lockCheckpoint(db: Kysely<Database>, channel: string): Promise<bigint> {
  const row = await db
    .selectFrom('indexer_checkpoint')
    .select('next_block')
    .where('channel', '=', channel)
    .forUpdate()
    .executeTakeFirst();
  return row?.next_block ?? 0n;
}

/** Moves the checkpoint forward to `next`; never backwards, and a replay leaves the row untouched. */
export async function advanceCheckpoint(
  db: Kysely<Database>,
  channel: string,
  next: bigint,
): Promise<void> {
  await sql`
    INSERT INTO indexer_checkpoint AS t (channel, next_block, updated_at) VALUES (${channel}, ${next}, now())
    ON CONFLICT (channel) DO UPDATE SET next_block = EXCLUDED.next_block, updated_at = EXCLUDED.updated_at
    WHERE t.next_block < EXCLUDED.next_block`.execute(db);
}

/** Stored header hashes of blocks `from`..`to` (inclusive), by number. */
export async function readHeaderHashes(
  db: Kysely<Database>,
  from: bigint,
  to: bigint,
): Promise<Map<bigint, Buffer>> {
  const rows = await db
    .selectFrom('blocks')
    .select(['number', 'header_hash'])
    .where('number', '>=', from)
    .where('number', '<=', to)
    .execute();
  return new Map(rows.map((r) => [r.number, r.header_hash]));
}

/** Where the mirror stands: the next block to read and the time of the last indexed block. */
export interface MirrorPosition {
  nextBlock: bigint;
  lastBlockTime: Date | undefined;
}

/** Reads the checkpoint together with the time of the block just before it. */
export async function readMirrorPosition(
  db: Kysely<Database>,
  channel: string,
): Promise<MirrorPosition> {
  const nextBlock = await readCheckpoint(db, channel);
  if (nextBlock === 0n) return { nextBlock, lastBlockTime: undefined };
  const row = await db
    .selectFrom('blocks')
    .select('block_time')
    .where('number', '=', nextBlock - 1n)
    .executeTakeFirst();
  return { nextBlock, lastBlockTime: row?.block_time ?? undefined };
}

/**
 * Announces blocks first..last on the `provenance_block_indexed` channel. Called inside the
 * block's transaction: Postgres delivers a NOTIFY only on commit, so listeners (API processes
 * serving subscriptions) hear of a block exactly when its rows become visible, and never of a
 * block whose transaction rolled back.
 */
export async function notifyBlocksIndexed(
  db: Kysely<Database>,
  first: bigint,
  last: bigint,
): Promise<void> {
  await sql`
    SELECT pg_notify('provenance_block_indexed', n::text)
    FROM generate_series(${first}::bigint, ${last}::bigint) AS n`.execute(db);
}

/** Records the chain height the indexer saw; never moves it backwards. */
export async function recordChainHeight(
  db: Kysely<Database>,
  channel: string,
  height: bigint,
): Promise<void> {
  await sql`
    INSERT INTO indexer_chain_height AS t (channel, chain_height, observed_at) VALUES (${channel}, ${height}, now())
    ON CONFLICT (channel) DO UPDATE SET chain_height = EXCLUDED.chain_height, observed_at = EXCLUDED.observed_at
    WHERE t.chain_height <= EXCLUDED.chain_height`.execute(db);
}

/** The chain height the indexer last recorded; undefined before it saw the ledger. */
export async function readChainHeight(
  db: Kysely<Database>,
  channel: string,
): Promise<bigint | undefined> {
  const row = await db
    .selectFrom('indexer_chain_height')
    .select('chain_height')
    .where('channel', '=', channel)
    .executeTakeFirst();
  return row?.chain_height;
}
