import { gtinOf, lotNumberOf } from '../epcis/gs1-keys';
import type { LotStateRecord } from '../payload';
import type { EventFacts } from './event-facts';
import type { LotTouch } from './event-subjects';
import type { ProjectedEvent } from './identifier-projector';

/**
 * Applies one event's quantity of a lot to the lot state. Production (commissioning by quantity,
 * transformation outputs) adds to produced and remaining; consumption (transformation inputs,
 * decommissioning by quantity) takes from remaining, never below zero (the live path rejects
 * over-consumption before it gets here); serial commissioning counts units. Pure, like the
 * identifier projector.
 */
export function applyToLot(
  state: LotStateRecord | undefined,
  touch: LotTouch,
  event: ProjectedEvent,
  facts: EventFacts,
  txId: string,
): LotStateRecord {
  const next: LotStateRecord = state
    ? { ...state }
    : {
        lotClass: touch.lotClass,
        gtin: gtinOf(touch.lotClass) ?? '',
        lotNumber: lotNumberOf(touch.lotClass) ?? '',
        ownerMsp: facts.capturedByMsp,
        quantityProduced: 0,
        quantityRemaining: 0,
        unverifiedOrigin: true,
        lastEventId: '',
        updatedTx: txId,
      };
  next.lastEventId = event.eventId;
  next.updatedTx = txId;
  // A lot first seen here (or reset for a replay) is held by whoever reports it.
  next.ownerMsp ??= facts.capturedByMsp;
  const producing =
    touch.role === 'outputQuantity' ||
    (touch.role === 'quantity' && event.type === 'ObjectEvent' && event.action === 'ADD');
  const consuming =
    touch.role === 'inputQuantity' ||
    (touch.role === 'quantity' && event.type === 'ObjectEvent' && event.action === 'DELETE');
  if (producing) {
    next.quantityProduced += touch.quantity;
    next.quantityRemaining += touch.quantity;
    next.uom ??= touch.uom;
    next.unverifiedOrigin = next.unverifiedOrigin && !facts.verified.has(touch.lotClass);
    if (facts.expiry !== undefined) next.expiry = facts.expiry;
  }
  if (consuming) next.quantityRemaining = Math.max(0, next.quantityRemaining - touch.quantity);
  if (touch.role === 'serial') {
    next.serialCount = (next.serialCount ?? 0) + touch.quantity;
    if (facts.expiry !== undefined) next.expiry ??= facts.expiry;
  }
  return next;
}

/**
 * A lot state with its event-derived fields reset (holder, quantities, origin), keeping what
 * recalls set and its last event for reference, as the starting point of a replay.
 */
export function resetLotState(state: LotStateRecord, txId: string): LotStateRecord {
  const { recallId, disposition, historyCount } = state;
  return {
    lotClass: state.lotClass,
    gtin: state.gtin,
    lotNumber: state.lotNumber,
    quantityProduced: 0,
    quantityRemaining: 0,
    unverifiedOrigin: true,
    lastEventId: state.lastEventId,
    updatedTx: txId,
    ...(recallId === undefined ? {} : { recallId }),
    ...(disposition === undefined ? {} : { disposition }),
    ...(historyCount === undefined ? {} : { historyCount }),
  };
}
