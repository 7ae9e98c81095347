/**
 * The business records a committed transaction wrote, read from its chaincode event in the block
 * (the same bytes the indexer projects and the proof carries), not from the mirror.
 */
import type { LedgerRecord } from '../../chaincode/src/payload.js';
import { decodeBlock } from '../ledger/block-decoder.js';
import { NotFoundError } from '../errors.js';

/** A transaction as found in its block. */
export interface CommittedRecords {
  validationCode: number;
  /** The LedgerPayload records of the chaincode event; empty when it emitted none. */
  records: LedgerRecord[];
}

/**
 * Reads transaction `txId` out of a raw block.
 * @throws NotFoundError when the block does not hold it.
 */
export function committedRecords(rawBlock: Uint8Array, txId: string): CommittedRecords {
  const tx = decodeBlock(rawBlock).transactions.find((t) => t.txId === txId);
  if (tx === undefined) throw new NotFoundError(`transaction ${txId} is not in this block`);
  const payload = tx.chaincodeEvent?.payload;
  let records: LedgerRecord[] = [];
  if (payload !== undefined) {
    try {
      const parsed = JSON.parse(Buffer.from(payload).toString('utf8')) as { records?: unknown };
      if (Array.isArray(parsed.records)) records = parsed.records as LedgerRecord[];
    } catch {
      // Not our payload format: the proof still carries the raw event; there are no records to show.
    }
  }
  return { validationCode: tx.validationCode, records };
}
