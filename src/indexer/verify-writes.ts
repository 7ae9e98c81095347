/**
 * verify's check that the ledger's events are its writes. The mirror is projected from each
 * transaction's chaincode event; the proof check `records-written` (src/proof/write-checks.ts)
 * holds that event to the transaction's endorsed read-write set. Run over every valid transaction
 * of our chaincode, it makes a passing verify mean "the mirror equals world state", not only "the
 * mirror equals what the contract announced".
 */
import { readBlockParts } from '../ledger/block-reader.js';
import { parseEndorserAction, parseEnvelopeHeader } from '../ledger/envelope-parser.js';
import { HeaderType, ValidationCode, type DecodedBlock } from '../ledger/types.js';
import { writesCheck } from '../proof/write-checks.js';
import type { MirrorDifference } from './verify.js';

/** What verify reports for a transaction whose event is not its writes (or does not parse). */
export const UNWRITTEN_RECORDS_TABLE = 'world state (records-written)';

/** The first valid transaction of `block` with records for `chaincodeName` that are not its writes. */
export function unwrittenRecords(
  block: DecodedBlock,
  chaincodeName: string,
): MirrorDifference | undefined {
  // Every valid transaction the projector may take records from (an event naming our chaincode,
  // whatever chaincode was invoked; writesCheck fails the mismatch) or that invoked ours.
  const ours = block.transactions.filter(
    (tx) =>
      tx.validationCode === ValidationCode.VALID &&
      tx.headerType === HeaderType.ENDORSER_TRANSACTION &&
      (tx.chaincode === chaincodeName || tx.chaincodeEvent?.chaincodeId === chaincodeName),
  );
  if (ours.length === 0) return undefined;
  // A source without the raw bytes cannot be checked: that is no evidence against the ledger.
  if (block.raw.length === 0)
    throw new Error(
      `block ${block.number} has no raw bytes to check the writes of; pass checkWrites: false`,
    );
  const envelopes = readBlockParts(block.raw).envelopes;
  for (const tx of ours) {
    const envelope = envelopes[tx.index];
    let detail: string;
    try {
      if (envelope === undefined) throw new Error(`block has no envelope ${tx.index}`);
      const header = parseEnvelopeHeader(envelope);
      const verdict = writesCheck(parseEndorserAction(header.data), header.txId);
      if (verdict.ok) continue;
      detail = verdict.detail;
    } catch (error) {
      detail = `the transaction does not parse: ${String(error).slice(0, 200)}`;
    }
    return {
      table: UNWRITTEN_RECORDS_TABLE,
      key: `tx ${tx.txId}: ${detail}`,
      blockNumber: block.number,
      kind: 'different',
    };
  }
  return undefined;
}
