/**
 * The store: writes blocks' row sets and the checkpoint in ONE Postgres transaction (invariant 2),
 * after checking the hash chain (invariant 3). SQL lives in src/db/*.queries.ts; this module owns
 * the transaction boundary, the order of statements and the checks.
 */
import type { Kysely, RawBuilder, Transaction } from 'kysely';
import {
  advanceCheckpoint,
  lockCheckpoint,
  notifyBlocksIndexed,
  readHeaderHashes,
} from '../db/checkpoint.queries.js';
import type { Database } from '../db/database.js';
import {
  closeAggregationEdges,
  deleteStaleChildren,
  receiveShipments,
} from '../db/mirror-closes.queries.js';
import {
  isUniqueViolation,
  rowsStatement,
  rowsStatementSteps,
  type TableRows,
} from '../db/mirror-write.queries.js';
import { deriveContainedIdentifiers } from '../db/contained-identifiers.queries.js';
import { markStrayMemberships } from '../db/lineage-lots.queries.js';
import { setLocalWorkMem } from '../db/work-mem.queries.js';
import { reconcileRetractedReceipts, reconcileRetractedUnpacks } from '../db/retraction.queries.js';
import { BlockSequenceError, HashChainError } from './errors.js';
import { mergeRowSets } from './row-set-merge.js';
import type { BlockRowSet, RowSet } from './row-set.js';
import { CHILD_TABLES, ORDERED_SPECS } from './table-specs.js';

/** Options of a store call. */
export interface StoreOptions {
  /**
   * Test seam: runs inside the transaction after the rows are written and before the closes and
   * the checkpoint, so tests can crash a block half-way.
   */
  afterRowsWritten?: (trx: Transaction<Database>) => Promise<void>;
}

/** What a store call wrote. */
export interface StoreResult {
  /** The checkpoint after the call: last block + 1. */
  nextBlock: bigint;
  blocks: number;
  events: number;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/** Checks that the batch is contiguous and chained within itself. */
function checkBatch(sets: readonly BlockRowSet[]): void {
  let previous: BlockRowSet | undefined;
  for (const current of sets) {
    if (previous === undefined) {
      previous = current;
      continue;
    }
    if (current.blockNumber !== previous.blockNumber + 1n) {
      throw new BlockSequenceError(
        `expected block ${previous.blockNumber + 1n}, got ${current.blockNumber}`,
        {
          blockNumber: current.blockNumber,
        },
      );
    }
    if (!sameBytes(current.previousHash, previous.headerHash)) {
      throw new HashChainError(
        `previous_hash ${hex(current.previousHash)} does not match block ${previous.blockNumber}'s header hash ${hex(previous.headerHash)}`,
        { blockNumber: current.blockNumber },
      );
    }
    previous = current;
  }
}

/** Checks the batch against the checkpoint and the stored chain (inside the transaction). */
async function checkAgainstMirror(
  trx: Transaction<Database>,
  channel: string,
  sets: readonly BlockRowSet[],
  first: BlockRowSet,
  last: BlockRowSet,
): Promise<bigint> {
  const next = await lockCheckpoint(trx, channel);
  if (first.blockNumber > next) {
    throw new BlockSequenceError(
      `gap: the mirror's next block is ${next}, got ${first.blockNumber}`,
      {
        blockNumber: first.blockNumber,
      },
    );
  }
  const from = first.blockNumber === 0n ? 0n : first.blockNumber - 1n;
  const stored = await readHeaderHashes(trx, from, last.blockNumber);
  if (first.blockNumber > 0n) {
    const previous = stored.get(first.blockNumber - 1n);
    if (previous === undefined) {
      throw new HashChainError(`block ${first.blockNumber - 1n} is missing from the mirror`, {
        blockNumber: first.blockNumber,
      });
    }
    if (!sameBytes(previous, first.previousHash)) {
      throw new HashChainError(
        `previous_hash ${hex(first.previousHash)} does not match stored block ${first.blockNumber - 1n}'s header hash ${hex(previous)}`,
        { blockNumber: first.blockNumber },
      );
    }
  }
  // A replayed block must be the very block already stored, not another chain's.
  for (const set of sets) {
    const existing = stored.get(set.blockNumber);
    if (existing !== undefined && !sameBytes(existing, set.headerHash)) {
      throw new HashChainError(
        `block already indexed with header hash ${hex(existing)}, got ${hex(set.headerHash)}`,
        { blockNumber: set.blockNumber },
      );
    }
  }
  return next;
}

/** Parent keys and versions for deleting children an older parent record listed. */
function parentVersions(
  set: RowSet,
  parent: keyof RowSet['rows'],
  key: string,
): { key: string; block_number: bigint; tx_index: number }[] {
  return (set.rows[parent] as unknown as Record<string, unknown>[]).map((row) => ({
    key: String(row[key]),
    block_number: row.block_number as bigint,
    tx_index: row.tx_index as number,
  }));
}

/**
 * A batch checked within itself, merged, and with its row statement built: the Node-side work of
 * a store, done by prepareBatch so the runner can do it while Postgres writes the previous batch.
 */
export interface PreparedBatch {
  readonly sets: readonly BlockRowSet[];
  readonly first: BlockRowSet;
  readonly last: BlockRowSet;
  readonly merged: RowSet;
  /** The INSERTs of every table's rows; undefined when the batch has no rows. */
  readonly rows: RawBuilder<unknown> | undefined;
}

/**
 * Checks that the blocks are consecutive and chained, merges them and builds their row statement.
 * @throws BlockSequenceError when blocks are missing or not consecutive.
 * @throws HashChainError when a block does not chain onto the one before it.
 */
export function prepareBatch(sets: readonly BlockRowSet[]): PreparedBatch {
  const steps = prepareBatchSteps(sets);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * prepareBatch in steps, pausing while it serialises (see rowsStatementSteps), for a caller that
 * shares its thread with the store's I/O.
 * @throws BlockSequenceError, HashChainError as prepareBatch does.
 */
export function* prepareBatchSteps(
  sets: readonly BlockRowSet[],
): Generator<void, PreparedBatch, void> {
  const first = sets.at(0);
  const last = sets.at(-1);
  if (first === undefined || last === undefined)
    throw new BlockSequenceError('storeBlocks needs at least one block');
  checkBatch(sets);
  const merged = mergeRowSets(sets);
  yield;
  const rows = yield* rowsStatementSteps(tableRows(merged), { optimistic: true });
  return { sets, first, last, merged, rows };
}

/** The merged rows per table, in write order. */
function tableRows(merged: RowSet): TableRows[] {
  return ORDERED_SPECS.map((spec) => ({
    spec,
    rows: merged.rows[spec.table as keyof RowSet['rows']],
  }));
}

/** The row statement with every conflict check, for a batch whose rows may be stored already. */
function checkedRows(batch: PreparedBatch): RawBuilder<unknown> | undefined {
  return rowsStatement(tableRows(batch.merged));
}

/** Writes a merged row set: rows, then closes and child clean-up, which must see those rows. */
async function writeRowSet(
  trx: Transaction<Database>,
  batch: PreparedBatch,
  rows: RawBuilder<unknown> | undefined,
  mirrorNext: bigint,
  options: StoreOptions,
): Promise<void> {
  const set = batch.merged;
  await rows?.execute(trx);
  await options.afterRowsWritten?.(trx);
  // A close by an event declared erroneous in a block the mirror held before this batch is a
  // replay and does nothing; one declared in this batch is applied, then reconciled below.
  await closeAggregationEdges(trx, set.aggregationCloses, mirrorNext);
  await receiveShipments(trx, set.shipmentReceipts, mirrorNext);
  // After the closes (whether an object was inside depends on when its edge was closed) and
  // before retracted closes are reopened, so that batching never changes what is derived.
  await deriveContainedIdentifiers(trx, batch.first.blockNumber, batch.last.blockNumber);
  await markStrayMemberships(trx, batch.first.blockNumber, batch.last.blockNumber);
  if (set.rows.events.some((e) => e.retracted)) {
    await reconcileRetractedReceipts(trx, batch.first.blockNumber, batch.last.blockNumber);
    await reconcileRetractedUnpacks(trx, batch.first.blockNumber, batch.last.blockNumber);
  }
  for (const child of CHILD_TABLES) {
    await deleteStaleChildren(trx, child, parentVersions(set, child.parent, child.parentKey));
  }
}

/**
 * Memory for a batch transaction's sorts and hashes (deriving contained rows sorts tens of
 * thousands of them per batch; at the default 4 MB it spills to disk), for that transaction only.
 */
const BATCH_WORK_MEM_MB = 64;

/**
 * Stores a prepared batch and moves the checkpoint to last + 1, all in one transaction. Replaying
 * stored blocks changes nothing.
 * @throws BlockSequenceError when the batch leaves a gap after the checkpoint.
 * @throws HashChainError when a block does not continue the stored chain or conflicts with it.
 */
export async function writeBatch(
  db: Kysely<Database>,
  channel: string,
  batch: PreparedBatch,
  options: StoreOptions = {},
): Promise<StoreResult> {
  const { sets, first, last } = batch;
  const write = (rows: RawBuilder<unknown> | undefined): Promise<void> =>
    db.transaction().execute(async (trx) => {
      await setLocalWorkMem(trx, BATCH_WORK_MEM_MB);
      const next = await checkAgainstMirror(trx, channel, sets, first, last);
      // Blocks below the checkpoint are stored already, and so are their insert-only rows.
      const checked = first.blockNumber < next ? checkedRows(batch) : rows;
      await writeRowSet(trx, batch, checked, next, options);
      await advanceCheckpoint(trx, channel, last.blockNumber + 1n);
      await notifyBlocksIndexed(trx, first.blockNumber, last.blockNumber);
    });
  try {
    await write(batch.rows);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // An insert-only row was stored already though no stored block is replayed (a contract that
    // emitted an event twice): write again with the conflict checks, which keep the first row.
    await write(checkedRows(batch));
  }
  return {
    nextBlock: last.blockNumber + 1n,
    blocks: sets.length,
    events: sets.reduce((n, s) => n + s.eventCount, 0),
  };
}

/**
 * Stores consecutive blocks (one or many, when catching up) and moves the checkpoint to
 * last + 1, all in one transaction. Replaying stored blocks changes nothing.
 * @throws BlockSequenceError when blocks are not consecutive or leave a gap after the checkpoint.
 * @throws HashChainError when a block does not continue the stored chain or conflicts with it.
 */
export async function storeBlocks(
  db: Kysely<Database>,
  channel: string,
  sets: readonly BlockRowSet[],
  options: StoreOptions = {},
): Promise<StoreResult> {
  return writeBatch(db, channel, prepareBatch(sets), options);
}

/** Stores one block; see storeBlocks. */
export function storeBlock(
  db: Kysely<Database>,
  channel: string,
  set: BlockRowSet,
  options: StoreOptions = {},
): Promise<StoreResult> {
  return storeBlocks(db, channel, [set], options);
}
