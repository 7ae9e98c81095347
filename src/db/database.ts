/**
 * Table types of the Postgres mirror, one interface per table, matching migrations/.
 * (Filled in by the indexer's migrations.)
 */

/** Every table Kysely knows about. */
export interface Database {
  indexer_checkpoint: IndexerCheckpointTable;
}

/** The next block to read, per channel; written in the same transaction as that block's rows. */
export interface IndexerCheckpointTable {
  channel: string;
  next_block: bigint;
  updated_at: Date;
}
