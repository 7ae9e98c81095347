import { historyPrefix, stateKeys } from '../ledger/state-keys';
import { withCustody, type CustodySnapshot } from './containment';
import type { TxState } from '../ledger/tx-state';
import type { EpcisEventRecord, HistoryEntryRecord, HistoryRole } from '../payload';
import { eventFactsOf, type EventFacts } from './event-facts';
import type { LotTouch } from './event-subjects';
import { lotTouchesOf } from './event-subjects';
import { applyToIdentifier, bareIdentifierState } from './identifier-projector';
import { ContractError } from '../error-codes';
import { applyToLot, resetLotState, uncoveredConsumption } from './lot-projector';
import type { Registry } from './registry';

/** Writes the next history entry of a subject and returns the subject's new history length. */
export function appendHistory(
  tx: TxState,
  subjectKind: HistoryEntryRecord['subjectKind'],
  subject: string,
  historyCount: number,
  eventId: string,
  role: HistoryRole,
  inherited?: CustodySnapshot,
): number {
  const entry: HistoryEntryRecord = {
    subjectKind,
    subject,
    sequence: historyCount,
    eventId,
    role,
    ...(inherited === undefined ? {} : { inherited }),
    updatedTx: tx.txId,
  };
  tx.write('history', stateKeys.history(subjectKind, subject, historyCount), entry);
  return historyCount + 1;
}

/** A subject's history entries, in capture order, with their event records. */
export async function readHistory(
  tx: TxState,
  subjectKind: HistoryEntryRecord['subjectKind'],
  subject: string,
): Promise<{ entry: HistoryEntryRecord; event: EpcisEventRecord | undefined }[]> {
  const rows = await tx.scan('history', historyPrefix(subjectKind, subject));
  return Promise.all(
    rows.map(async ({ value }) => ({
      entry: value,
      event: await tx.read('event', stateKeys.event(value.eventId)),
    })),
  );
}

/**
 * Recomputes an identifier's state from its history, skipping retracted events, and writes it.
 * Used after an error declaration: the declared event no longer counts.
 */
export async function replayIdentifier(tx: TxState, facts: FactsCache, epc: string): Promise<void> {
  const current = await tx.read('identifier', stateKeys.identifier(epc));
  let state = undefined as ReturnType<typeof applyToIdentifier> | undefined;
  for (const { entry, event } of await readHistory(tx, 'identifier', epc)) {
    if (!event || event.errorDeclaration) continue;
    // The custody the object had from its container when the event was captured.
    if (entry.inherited !== undefined && state !== undefined)
      state = withCustody(state, entry.inherited);
    state = applyToIdentifier(state, epc, event, entry.role, await facts.of(event), tx.txId);
  }
  const next =
    state ?? bareIdentifierState(epc, current ?? { lastEventId: '', lastEventTime: '' }, tx.txId);
  next.updatedTx = tx.txId;
  if (current?.historyCount !== undefined) next.historyCount = current.historyCount;
  tx.write('identifier', stateKeys.identifier(epc), next);
}

/**
 * Recomputes a lot's event-derived state from its history (recall fields are kept) and writes it.
 * @throws ContractError RETRACTION_BLOCKED when, without the declared event, another organisation
 * would have consumed more of the lot than was ever shipped to it (declare its consumption first).
 */
export async function replayLot(tx: TxState, facts: FactsCache, lotClass: string): Promise<void> {
  const current = await tx.read('lot', stateKeys.lot(lotClass));
  if (!current) return;
  let state = resetLotState(current, tx.txId);
  for (const { entry, event } of await readHistory(tx, 'lot', lotClass)) {
    if (!event || event.errorDeclaration) continue;
    const eventFacts = await facts.of(event);
    const touch = lotTouchesOf(event, eventFacts.serialLots).find(
      (candidate: LotTouch) => candidate.lotClass === lotClass && candidate.role === entry.role,
    );
    if (!touch) continue;
    const beyond = uncoveredConsumption(state, touch, event, eventFacts.capturedByMsp);
    if (beyond > 0) {
      throw new ContractError(
        'RETRACTION_BLOCKED',
        `without the declared event, ${eventFacts.capturedByMsp}'s event ${event.eventId} would consume ${beyond} ${touch.uom ?? 'units'} of ${lotClass} that never reached it; declare that event erroneous first`,
      );
    }
    state = applyToLot(state, touch, event, eventFacts, tx.txId);
  }
  state.updatedTx = tx.txId;
  tx.write('lot', stateKeys.lot(lotClass), state);
}

/** Resolves each event's facts once: a retraction replays the same events for many subjects. */
export class FactsCache {
  private readonly cache = new Map<string, Promise<EventFacts>>();

  constructor(private readonly registry: Registry) {}

  /** The facts of an event record, resolved against current master data. */
  of(event: EpcisEventRecord): Promise<EventFacts> {
    let facts = this.cache.get(event.eventId);
    if (!facts) {
      facts = eventFactsOf(event, event.capturedByMsp, this.registry);
      this.cache.set(event.eventId, facts);
    }
    return facts;
  }
}
