/**
 * verify: re-reads blocks from the ledger, re-projects them and reports the FIRST difference with
 * the mirror (the mirror is a mutable database; the ledger is not, invariant 3). Block headers,
 * transactions and every business row are compared, in ranges of blocks, in SQL; each
 * transaction's records are held to its endorsed writes (verify-writes.ts).
 */
import type { Kysely } from 'kysely';
import { readCheckpoint } from '../db/checkpoint.queries.js';
import type { Database } from '../db/database.js';
import { findUnmarkedStrayMembership } from '../db/lineage-lots.queries.js';
import {
  findRangeDifferences,
  findRowsBeyond,
  type RowDifference,
} from '../db/mirror-verify.queries.js';
import type { BlockSource } from './block-source.js';
import { BlockSequenceError } from './errors.js';
import { projectBlock } from './projector.js';
import { mergeRowSets } from './row-set-merge.js';
import type { BlockRowSet } from './row-set.js';
import { ORDERED_SPECS } from './table-specs.js';
import { COMPARE_SPECS } from './verify-specs.js';
import { unwrittenRecords } from './verify-writes.js';

/** Options of a verify run. */
export interface VerifyOptions {
  db: Kysely<Database>;
  source: BlockSource;
  channel: string;
  chaincodeName: string;
  /** First block to check (default 0). */
  fromBlock?: bigint;
  /** Last block to check (default: the last block both the mirror and the ledger have). */
  toBlock?: bigint;
  /** Blocks compared per database transaction. */
  chunkBlocks?: number;
  signal?: AbortSignal;
  /** Called after each checked range with the last block checked. */
  onProgress?: (checkedTo: bigint, lastBlock: bigint) => void;
  /**
   * Also check that each valid transaction's records are its endorsed writes (verify-writes.ts);
   * default true. Needs the blocks' raw bytes: test chains made of decoded structures say false.
   */
  checkWrites?: boolean;
}

/** The first disagreement between mirror and ledger. */
export interface MirrorDifference {
  /** Table (or table part, e.g. "events (retraction)", "lineage_edge (closes)"). */
  table: string;
  key: string;
  blockNumber: bigint;
  /** unexpected: only in the mirror; missing: only on the ledger; different: both, unequal. */
  kind: 'unexpected' | 'missing' | 'different';
}

/** Outcome of a verify run; `ok` false means the CLI exits non-zero. */
export interface VerifyReport {
  ok: boolean;
  fromBlock: bigint;
  /** Last block compared (fromBlock - 1 when none was). */
  toBlock: bigint;
  blocksChecked: bigint;
  firstDifference?: MirrorDifference;
}

const ORDER = new Map(COMPARE_SPECS.map((s, i) => [s.name, i]));

/** Picks the first difference by block, then table order, then key; pairs both sides as "different". */
export function firstDifference(found: readonly RowDifference[]): MirrorDifference | undefined {
  const sorted = [...found].sort(
    (a, b) =>
      (a.blockNumber < b.blockNumber ? -1 : a.blockNumber > b.blockNumber ? 1 : 0) ||
      (ORDER.get(a.table) ?? ORDER.size) - (ORDER.get(b.table) ?? ORDER.size) ||
      a.key.localeCompare(b.key),
  );
  const first = sorted[0];
  if (first === undefined) return undefined;
  const both = sorted.some(
    (d) =>
      d.side !== first.side &&
      d.table === first.table &&
      d.key === first.key &&
      d.blockNumber === first.blockNumber,
  );
  return {
    table: first.table,
    key: first.key,
    blockNumber: first.blockNumber,
    kind: both ? 'different' : first.side,
  };
}

async function checkRange(
  db: Kysely<Database>,
  sets: readonly BlockRowSet[],
  unwritten: MirrorDifference | undefined,
): Promise<MirrorDifference | undefined> {
  const first = sets.at(0);
  const last = sets.at(-1);
  if (first === undefined || last === undefined) return undefined;
  const inRows = await checkRows(db, sets, first, last);
  // The first by block: a difference in the rows of an earlier block wins over unwritten records.
  if (inRows === undefined) return unwritten;
  if (unwritten === undefined) return inRows;
  return unwritten.blockNumber < inRows.blockNumber ? unwritten : inRows;
}

async function checkRows(
  db: Kysely<Database>,
  sets: readonly BlockRowSet[],
  first: BlockRowSet,
  last: BlockRowSet,
): Promise<MirrorDifference | undefined> {
  const merged = mergeRowSets(sets);
  const found = await findRangeDifferences(db, COMPARE_SPECS, {
    from: first.blockNumber,
    to: last.blockNumber,
    tables: ORDERED_SPECS.map((spec) => ({
      spec,
      rows: merged.rows[spec.table as keyof typeof merged.rows],
    })),
    aggregationCloses: merged.aggregationCloses,
    shipmentReceipts: merged.shipmentReceipts,
  });
  const difference = firstDifference(found);
  if (difference !== undefined) return difference;
  // The rows agree with the ledger; the flag the store derives from them must agree with the rows
  // (a membership wrongly left unmarked would let a recall skip its member's other edges).
  const unmarked = await findUnmarkedStrayMembership(db, first.blockNumber, last.blockNumber);
  return unmarked === undefined
    ? undefined
    : {
        table: 'lineage_edge (stray_edges)',
        key: `from_id=${unmarked.lotClass}, to_id=${unmarked.member}`,
        blockNumber: unmarked.blockNumber,
        kind: 'different',
      };
}

/**
 * Verifies the mirror against the ledger from `fromBlock` on.
 * @throws BlockSequenceError when the source skips blocks or ends before the last block to check;
 *   PayloadError as the projector would.
 */
export async function verifyMirror(options: VerifyOptions): Promise<VerifyReport> {
  const { db, source } = options;
  const from = options.fromBlock ?? 0n;
  const mirrorHeight = await readCheckpoint(db, options.channel);
  const chainHeight = await source.chainHeight();
  let to = (mirrorHeight < chainHeight ? mirrorHeight : chainHeight) - 1n;
  if (options.toBlock !== undefined && options.toBlock < to) to = options.toBlock;
  const report = (checkedTo: bigint, difference?: MirrorDifference): VerifyReport => ({
    ok: difference === undefined,
    fromBlock: from,
    toBlock: checkedTo,
    blocksChecked: checkedTo >= from ? checkedTo - from + 1n : 0n,
    ...(difference === undefined ? {} : { firstDifference: difference }),
  });

  const stop = new AbortController();
  const signal =
    options.signal === undefined ? stop.signal : AbortSignal.any([stop.signal, options.signal]);
  let checkedTo = from - 1n;
  if (to >= from) {
    let chunk: BlockRowSet[] = [];
    let unwritten: MirrorDifference | undefined;
    try {
      for await (const block of source.blocks(from, signal)) {
        if (block.number !== checkedTo + 1n + BigInt(chunk.length)) {
          throw new BlockSequenceError(`block source returned block ${block.number} out of order`, {
            blockNumber: block.number,
          });
        }
        let rows: BlockRowSet;
        try {
          rows = projectBlock(block, { chaincodeName: options.chaincodeName });
        } catch (error) {
          // The first difference by block comes first: one in this chunk's earlier blocks is
          // reported rather than lost to this block's failure, which is thrown otherwise (also
          // when that check fails: the projector's error is the one to fix).
          const earlier = await checkRange(db, chunk, unwritten).catch(() => undefined);
          if (earlier !== undefined) return report(checkedTo, earlier);
          throw error;
        }
        chunk.push(rows);
        if (options.checkWrites !== false)
          unwritten ??= unwrittenRecords(block, options.chaincodeName);
        if (chunk.length < (options.chunkBlocks ?? 100) && block.number < to) continue;
        const difference = await checkRange(db, chunk, unwritten);
        if (difference !== undefined) return report(checkedTo, difference);
        checkedTo = block.number;
        chunk = [];
        options.onProgress?.(checkedTo, to);
        if (block.number >= to) break;
      }
    } finally {
      stop.abort();
    }
    // A stream that ended early must not pass for a full check of blocks it never sent.
    if (checkedTo < to && options.signal?.aborted !== true) {
      throw new BlockSequenceError(
        `block source ended after block ${checkedTo}, before block ${to}: blocks ${checkedTo + 1n}…${to} were not compared`,
        { blockNumber: checkedTo + 1n },
      );
    }
  }
  // Only when checking up to the mirror's end: rows or blocks beyond what the ledger explains.
  if (options.toBlock === undefined || options.toBlock >= mirrorHeight - 1n) {
    if (mirrorHeight > chainHeight) {
      return report(checkedTo, {
        table: 'blocks',
        key: `number=${chainHeight}`,
        blockNumber: chainHeight,
        kind: 'unexpected',
      });
    }
    // A runner may be indexing meanwhile: read its checkpoint and the rows past it in one snapshot.
    const beyondRows = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) =>
        findRowsBeyond(trx, COMPARE_SPECS, await readCheckpoint(trx, options.channel)),
      );
    const beyond = firstDifference(beyondRows);
    if (beyond !== undefined) return report(checkedTo, beyond);
  }
  return report(checkedTo);
}
