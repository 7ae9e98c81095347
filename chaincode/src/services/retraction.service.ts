import { FactsCache, replayIdentifier, replayLot } from '../domain/history';
import type { Registry } from '../domain/registry';
import { ContractError } from '../error-codes';
import { stateKeys } from '../ledger/state-keys';
import type { TxState } from '../ledger/tx-state';
import { newEventRecord, type CaptureOutcome, type PreparedEvent } from './prepared-event';

/**
 * Applies an error declaration (EPCIS 2.0 §7.4.1.2): the declaring document repeats the original
 * event, same eventID, with an errorDeclaration. The stored record is marked (history keeps it) and
 * every identifier and lot the event changed is recomputed from its remaining history. A
 * declaration for an event the ledger has not seen is stored as an already-retracted record, so
 * the original, if it arrives later, is an idempotent no-op and never counts.
 * @throws ContractError EVENT_ID_CONFLICT, FORBIDDEN_NOT_CAPTURER
 */
export async function declareError(
  tx: TxState,
  registry: Registry,
  event: PreparedEvent,
): Promise<CaptureOutcome> {
  const key = stateKeys.event(event.eventId);
  const existing = await tx.read('event', key);
  const outcome = (
    kind: CaptureOutcome['outcome'],
    record: CaptureOutcome['record'],
  ): CaptureOutcome => ({
    event: event.index + 1,
    eventId: event.eventId,
    outcome: kind,
    record,
  });
  if (!existing) {
    const record = newEventRecord(tx, event, {
      affectedIdentifiers: [],
      affectedLots: [],
      unverifiedIdentifiers: [],
    });
    tx.write('event', key, record);
    return outcome('retracted', record);
  }
  if (existing.errorDeclaration) return outcome('unchanged', existing);
  if (existing.contentHash !== event.contentHash) {
    throw new ContractError(
      'EVENT_ID_CONFLICT',
      `event ${event.index + 1}: the error declaration for ${event.eventId} does not repeat the declared event's content`,
    );
  }
  if (existing.capturedByMsp !== tx.creatorMsp) {
    throw new ContractError(
      'FORBIDDEN_NOT_CAPTURER',
      `event ${event.index + 1}: ${event.eventId} was captured by ${existing.capturedByMsp}; ${tx.creatorMsp} cannot declare it erroneous`,
    );
  }
  const record = {
    ...existing,
    ...(event.errorDeclaration ? { errorDeclaration: event.errorDeclaration } : {}),
    retractedTx: tx.txId,
  };
  tx.write('event', key, record);
  const facts = new FactsCache(registry);
  for (const epc of existing.affectedIdentifiers ?? []) await replayIdentifier(tx, facts, epc);
  for (const lotClass of existing.affectedLots ?? []) await replayLot(tx, facts, lotClass);
  return outcome('retracted', record);
}
