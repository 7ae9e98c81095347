import { gtinOf, lotNumberOf } from '../epcis/gs1-keys';
import type { LotStateRecord } from '../payload';
import { decimalQuantity } from '../util/decimal-quantity';
import type { EventFacts } from './event-facts';
import {
  consumesQuantity,
  operationsOf,
  type EventOperations,
  type LotTouch,
} from './event-subjects';
import type { ProjectedEvent } from './identifier-projector';

/**
 * Applies one event's quantity of a lot to the lot state. Production (commissioning by quantity,
 * transformation outputs) adds to produced and remaining; consumption (transformation inputs,
 * decommissioning by quantity) takes from remaining, never below zero (the live path rejects
 * over-consumption before it gets here); serial commissioning counts units; quantities shipped,
 * received and consumed by other organisations move their holdings. Pure, like the identifier
 * projector.
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
  const ops = operationsOf(event);
  const producing =
    touch.role === 'outputQuantity' || (touch.role === 'quantity' && ops.commissioning);
  const consuming = consumesQuantity(touch, ops);
  if (producing) {
    next.quantityProduced = decimalQuantity(next.quantityProduced + touch.quantity);
    next.quantityRemaining = decimalQuantity(next.quantityRemaining + touch.quantity);
    next.uom ??= touch.uom;
    next.unverifiedOrigin = next.unverifiedOrigin && !facts.verified.has(touch.lotClass);
    if (facts.expiry !== undefined) next.expiry = facts.expiry;
  }
  if (consuming)
    next.quantityRemaining = Math.max(0, decimalQuantity(next.quantityRemaining - touch.quantity));
  if (next.uom === touch.uom) moveHoldings(next, touch, consuming, ops, facts);
  if (touch.role === 'serial') {
    next.serialCount = (next.serialCount ?? 0) + touch.quantity;
    if (facts.expiry !== undefined) next.expiry ??= facts.expiry;
  }
  return next;
}

/**
 * Who holds how much of a lot besides its owner, from quantity events in the lot's own uom: a
 * shipment to another organisation puts its quantity on the way to it (taking it from the
 * shipper's holding unless the shipper owns the lot; a move within one organisation changes
 * nothing), a receipt turns what was on the way to the receiver into its holding (a receipt
 * nobody shipped adds nothing), and what another organisation consumes (transformation inputs,
 * any ObjectEvent DELETE by quantity) comes from its holding. The owner's own stock stays
 * quantityRemaining.
 */
function moveHoldings(
  lot: LotStateRecord,
  touch: LotTouch,
  consuming: boolean,
  ops: EventOperations,
  facts: EventFacts,
): void {
  const by = facts.capturedByMsp;
  const owner = lot.ownerMsp;
  if (consuming) {
    // Whatever its business step, consumption comes first. Live, the custody rules let another
    // organisation consume only what it holds; a replay after its receipt was declared erroneous
    // finds the goods still on their way (replayLot refuses a declaration that leaves less).
    if (by !== owner) takeHeld(lot, by, touch.quantity);
  } else if (touch.role === 'quantity' && ops.shipping) {
    const to = facts.inTransitTo?.msp;
    if (to === by) return;
    // Only what the shipper has goes on the way: its holding, or the owner's unshipped stock.
    const sent =
      by === owner
        ? Math.min(touch.quantity, ownStock(lot))
        : take(lot, 'heldBy', by, touch.quantity);
    if (to !== undefined) give(lot, 'shippedTo', to, sent);
  } else if (touch.role === 'quantity' && ops.receiving) {
    const arrived = take(lot, 'shippedTo', by, touch.quantity);
    if (by !== owner) give(lot, 'heldBy', by, arrived);
  }
}

/** Takes `quantity` consumed by `msp` from its holding, then from what is on its way to it. */
function takeHeld(lot: LotStateRecord, msp: string, quantity: number): void {
  take(lot, 'shippedTo', msp, decimalQuantity(quantity - take(lot, 'heldBy', msp, quantity)));
}

/**
 * What of `touch` organisation `msp` would consume beyond its holding and what is on its way to
 * it: more than was ever shipped to it. Zero for the owner and for anything but consumption.
 */
export function uncoveredConsumption(
  lot: LotStateRecord | undefined,
  touch: LotTouch,
  event: ProjectedEvent,
  msp: string,
): number {
  if (
    lot === undefined ||
    !consumesQuantity(touch, operationsOf(event)) ||
    lot.ownerMsp === undefined ||
    lot.ownerMsp === msp
  )
    return 0;
  if (lot.uom !== touch.uom) return 0;
  const covered = (lot.heldBy?.[msp] ?? 0) + (lot.shippedTo?.[msp] ?? 0);
  return Math.max(0, decimalQuantity(touch.quantity - covered));
}

type Holdings = 'heldBy' | 'shippedTo';

/** The owner's stock: what remains, less what others hold or have on the way (unbounded for a lot of unknown quantity). */
export function ownStock(lot: LotStateRecord): number {
  if (lot.quantityProduced === 0) return Number.POSITIVE_INFINITY;
  const elsewhere = (field: Holdings): number =>
    Object.values(lot[field] ?? {}).reduce((sum, quantity) => sum + quantity, 0);
  return Math.max(
    0,
    decimalQuantity(lot.quantityRemaining - elsewhere('heldBy') - elsewhere('shippedTo')),
  );
}

/** Adds to msp's entry (copying the map: states are values). */
function give(lot: LotStateRecord, field: Holdings, msp: string, quantity: number): void {
  if (quantity <= 0) return;
  lot[field] = { ...lot[field], [msp]: decimalQuantity((lot[field]?.[msp] ?? 0) + quantity) };
}

/** Takes up to `quantity` from msp's entry (dropping it at zero); returns what was taken. */
function take(lot: LotStateRecord, field: Holdings, msp: string, quantity: number): number {
  const had = lot[field]?.[msp] ?? 0;
  const taken = Math.min(had, Math.max(0, quantity));
  if (taken === 0) return 0;
  const rest = Object.fromEntries(
    Object.entries({ ...lot[field], [msp]: decimalQuantity(had - taken) }).filter(
      ([, left]) => left > 0,
    ),
  );
  if (Object.keys(rest).length > 0) lot[field] = rest;
  else if (field === 'heldBy') delete lot.heldBy;
  else delete lot.shippedTo;
  return taken;
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
