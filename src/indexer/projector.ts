/**
 * The projector: a decoded block in, the mirror's row sets out. Pure (no I/O, no clock), so a
 * re-projection for verify yields exactly what was stored.
 */
import {
  PAYLOAD_EVENT_NAME,
  PAYLOAD_VERSION,
  type LedgerPayload,
  type LedgerRecord,
} from '../../chaincode/src/payload.js';
import {
  HeaderType,
  ValidationCode,
  type DecodedBlock,
  type DecodedChaincodeEvent,
  type DecodedTransaction,
} from '../ledger/types.js';
import { PayloadError, type LedgerPosition } from './errors.js';
import { projectEvent, type RecordPosition } from './event-projection.js';
import {
  projectEmission,
  projectFootprint,
  projectIdentifier,
  tagEdgeLots,
  projectLocation,
  projectLot,
  projectOrganization,
  projectProduct,
  projectRecall,
} from './record-projection.js';
import { dedupeRowSet } from './row-set-merge.js';
import { emptyRowSet, type BlockRowSet, type RowSet } from './row-set.js';

/** What the projector needs to know about the deployment. */
export interface ProjectorOptions {
  /** Name of our chaincode: only its events are projected. */
  chaincodeName: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses and checks a chaincode event body.
 * @throws PayloadError for malformed JSON, an unknown version, or a malformed record list.
 */
export function parsePayload(bytes: Uint8Array, position: LedgerPosition): LedgerPayload {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch (err) {
    throw new PayloadError('chaincode event payload is not UTF-8 JSON', position, { cause: err });
  }
  if (!isObject(value))
    throw new PayloadError('chaincode event payload is not a JSON object', position);
  if (value.version !== PAYLOAD_VERSION) {
    throw new PayloadError(
      `unknown payload version ${JSON.stringify(value.version)} (this indexer reads version ${PAYLOAD_VERSION}); upgrade the indexer`,
      position,
    );
  }
  const records = value.records;
  if (
    !Array.isArray(records) ||
    !records.every((r) => isObject(r) && typeof r.kind === 'string' && isObject(r.value))
  ) {
    throw new PayloadError('chaincode event payload has a malformed records list', position);
  }
  return value as unknown as LedgerPayload;
}

/**
 * The transaction's chaincode event when it is ours and must be projected (invariant 4).
 * @throws PayloadError when the block was never validated by a peer, or when a valid transaction
 * that may be ours did not decode far enough to find its event (projecting around it would lose
 * its records).
 */
function ourEvent(
  tx: DecodedTransaction,
  chaincodeName: string,
  position: LedgerPosition,
): DecodedChaincodeEvent | undefined {
  if (tx.validationCode === ValidationCode.NOT_VALIDATED) {
    throw new PayloadError(
      'transaction has no validation code: read blocks from a peer, not an orderer',
      position,
    );
  }
  if (tx.validationCode !== ValidationCode.VALID) return undefined;
  const event = tx.chaincodeEvent;
  if (
    tx.decodeError !== undefined &&
    event === undefined &&
    tx.headerType !== HeaderType.CONFIG &&
    (tx.chaincode === undefined || tx.chaincode === chaincodeName)
  ) {
    throw new PayloadError(`valid transaction did not decode: ${tx.decodeError}`, position);
  }
  return event?.chaincodeId === chaincodeName && event.eventName === PAYLOAD_EVENT_NAME
    ? event
    : undefined;
}

function projectRecord(
  record: LedgerRecord,
  at: RecordPosition,
  out: RowSet,
  position: LedgerPosition,
): void {
  switch (record.kind) {
    case 'event':
      projectEvent(record.value, at, out);
      return;
    case 'identifier':
      projectIdentifier(record.value, at, out);
      return;
    case 'lot':
      projectLot(record.value, at, out);
      return;
    case 'organization':
      projectOrganization(record.value, at, out);
      return;
    case 'location':
      projectLocation(record.value, at, out);
      return;
    case 'product':
      projectProduct(record.value, at, out);
      return;
    case 'recall':
      projectRecall(record.value, at, out);
      return;
    case 'emission':
      projectEmission(record.value, at, out);
      return;
    case 'footprint':
      projectFootprint(record.value, at, out);
      return;
    case 'history':
    case 'content':
      // The contract's own bookkeeping (for recomputing state after an error declaration, and
      // for refusing duplicate content), never in a payload; the mirror has the same facts from
      // event_identifiers, the state records and events.content_hash.
      return;
    default: {
      // A kind this indexer does not know is data it would silently lose: stop instead.
      const kind = (record as { kind: unknown }).kind;
      throw new PayloadError(
        `unknown record kind ${JSON.stringify(kind)} at record ${at.record_index}`,
        position,
      );
    }
  }
}

/**
 * Projects one block. Every transaction is recorded; only valid transactions of our chaincode
 * are projected; a config block yields its block and transaction rows only.
 * @throws PayloadError naming block and tx when our chaincode event cannot be read.
 */
export function projectBlock(block: DecodedBlock, options: ProjectorOptions): BlockRowSet {
  const steps = projectBlockSteps(block, options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * projectBlock one transaction at a time: the generator pauses after each transaction and returns
 * the block's row set, so a caller that shares its thread with I/O can let that I/O run inside a
 * large block (see runner.ts).
 * @throws PayloadError as projectBlock does.
 */
export function* projectBlockSteps(
  block: DecodedBlock,
  options: ProjectorOptions,
): Generator<void, BlockRowSet, void> {
  const out = emptyRowSet();
  let eventCount = 0;
  let blockTime: Date | undefined;
  for (const tx of block.transactions) {
    if (blockTime === undefined || tx.timestamp > blockTime) blockTime = tx.timestamp;
    let payload: LedgerPayload | undefined;
    const position = { blockNumber: block.number, txId: tx.txId };
    const event = block.isConfig ? undefined : ourEvent(tx, options.chaincodeName, position);
    if (event !== undefined) {
      payload = parsePayload(event.payload, position);
      const edgeStart = out.rows.lineage_edge.length;
      const stateStart = out.rows.identifier_state.length;
      payload.records.forEach((record, recordIndex) => {
        const at = {
          tx_id: tx.txId,
          block_number: block.number,
          tx_index: tx.index,
          record_index: recordIndex,
        };
        if (record.kind === 'event') eventCount++;
        projectRecord(record, at, out, position);
      });
      tagEdgeLots(out, edgeStart, stateStart);
    }
    out.rows.transactions.push({
      block_number: block.number,
      tx_index: tx.index,
      tx_id: tx.txId,
      header_type: tx.headerType,
      validation_code: tx.validationCode,
      creator_msp: tx.creatorMsp,
      endorser_msps: [...tx.endorserMsps],
      chaincode_name: tx.chaincode ?? null,
      function_name: tx.functionName ?? null,
      tx_time: tx.timestamp.toISOString(),
      payload_version: payload?.version ?? null,
      decode_error: tx.decodeError ?? null,
    });
    yield;
  }
  out.rows.blocks.push({
    number: block.number,
    header_hash: block.headerHash,
    previous_hash: block.previousHash,
    data_hash: block.dataHash,
    tx_count: block.transactions.length,
    is_config: block.isConfig,
    block_time: blockTime?.toISOString() ?? null,
  });
  return dedupeRowSet({
    ...out,
    blockNumber: block.number,
    headerHash: block.headerHash,
    previousHash: block.previousHash,
    eventCount,
  });
}
