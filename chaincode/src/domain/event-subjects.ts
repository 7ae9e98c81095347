import type { EventContent } from '../epcis/event-content';
import { splitEpcUrn } from '../epcis/gs1-keys';
import type { HistoryRole } from '../payload';
import { decimalQuantity } from '../util/decimal-quantity';

/** What an event does, as far as custody and state are concerned. */
export interface EventOperations {
  /** ObjectEvent ADD: the listed objects (or lot quantities) begin to exist. */
  commissioning: boolean;
  shipping: boolean;
  receiving: boolean;
  /** AggregationEvent ADD (pack) or DELETE (unpack). */
  packing: boolean;
  unpacking: boolean;
  transforming: boolean;
  /** ObjectEvent DELETE, or a decommissioning/destroying business step. */
  decommissioning: boolean;
  /** ObjectEvent DELETE: what it lists by quantity is consumed (taken from the lot). */
  deleting: boolean;
  dispensing: boolean;
}

/** An instance identifier the event names directly, and in which role. */
export interface DirectSubject {
  epc: string;
  role: Extract<HistoryRole, 'epc' | 'parent' | 'child' | 'input' | 'output'>;
}

/** A lot (lgtin class) the event names with a quantity, and in which role. */
export interface LotTouch {
  lotClass: string;
  role: Extract<HistoryRole, 'quantity' | 'inputQuantity' | 'outputQuantity' | 'serial'>;
  /** Sum of the quantities of this lot in the list (for 'serial': units commissioned). */
  quantity: number;
  uom?: string;
}

/** Classifies an event. */
export function operationsOf(event: EventContent): EventOperations {
  const step = event.bizStep;
  return {
    commissioning: event.type === 'ObjectEvent' && event.action === 'ADD',
    shipping: step === 'shipping',
    receiving: step === 'receiving',
    packing: event.type === 'AggregationEvent' && event.action === 'ADD',
    unpacking: event.type === 'AggregationEvent' && event.action === 'DELETE',
    transforming: event.type === 'TransformationEvent',
    decommissioning:
      (event.type === 'ObjectEvent' && event.action === 'DELETE') ||
      step === 'decommissioning' ||
      step === 'destroying',
    deleting: event.type === 'ObjectEvent' && event.action === 'DELETE',
    dispensing: step === 'dispensing',
  };
}

/** The instance identifiers an event names, with their roles, in document order. */
export function directSubjectsOf(event: EventContent): DirectSubject[] {
  const subjects: DirectSubject[] = [];
  const add = (epcs: readonly string[], role: DirectSubject['role']): void => {
    for (const epc of epcs) if (!isClass(epc)) subjects.push({ epc, role });
  };
  add(event.epcList, 'epc');
  if (event.parentId !== undefined) add([event.parentId], 'parent');
  add(event.childEpcs, 'child');
  add(event.inputEpcList, 'input');
  add(event.outputEpcList, 'output');
  return subjects;
}

/** The lots an event names with quantities, one touch per lot and role. */
export function lotTouchesOf(
  event: EventContent,
  serialLots: ReadonlyMap<string, number>,
): LotTouch[] {
  const touches = new Map<string, LotTouch>();
  const add = (
    lotClass: string,
    role: LotTouch['role'],
    quantity: number,
    uom: string | undefined,
  ): void => {
    const key = `${role} ${lotClass}`;
    const touch = touches.get(key);
    if (touch) touch.quantity = decimalQuantity(touch.quantity + quantity);
    else
      touches.set(key, {
        lotClass,
        role,
        quantity: decimalQuantity(quantity),
        ...(uom === undefined ? {} : { uom }),
      });
  };
  for (const q of event.quantityList)
    if (isLot(q.epcClass)) add(q.epcClass, 'quantity', q.quantity ?? 0, q.uom);
  for (const q of event.inputQuantityList)
    if (isLot(q.epcClass)) add(q.epcClass, 'inputQuantity', q.quantity ?? 0, q.uom);
  for (const q of event.outputQuantityList)
    if (isLot(q.epcClass)) add(q.epcClass, 'outputQuantity', q.quantity ?? 0, q.uom);
  for (const [lotClass, count] of serialLots) add(lotClass, 'serial', count, undefined);
  return [...touches.values()];
}

/**
 * True when the touch consumes its quantity of the lot: a transformation input, or a quantity an
 * ObjectEvent DELETE lists (whatever its business step).
 */
export function consumesQuantity(touch: LotTouch, ops: EventOperations): boolean {
  return touch.role === 'inputQuantity' || (touch.role === 'quantity' && ops.deleting);
}

/** True for an lgtin lot class URN. */
export function isLot(epcClass: string): boolean {
  const urn = splitEpcUrn(epcClass);
  return urn?.form === 'class' && urn.scheme === 'lgtin';
}

// Class-level URNs (lots, product patterns) are not instances and carry no instance state.
function isClass(epc: string): boolean {
  return epc.startsWith('urn:epc:class:') || epc.startsWith('urn:epc:idpat:');
}
