import type { EventContent } from '../epcis/event-content';
import { gtinOf, lotClassOf, splitEpcUrn } from '../epcis/gs1-keys';
import type { HistoryRole, IdentifierStateRecord } from '../payload';
import type { EventFacts } from './event-facts';
import { operationsOf } from './event-subjects';

/** The event fields state projection reads, plus its id. */
export type ProjectedEvent = EventContent & { eventId: string };

/**
 * Applies one event to one identifier's state, for the role the identifier plays in it. Pure: the
 * same function serves live capture and the replay that follows an error declaration.
 */
export function applyToIdentifier(
  state: IdentifierStateRecord | undefined,
  epc: string,
  event: ProjectedEvent,
  role: HistoryRole,
  facts: EventFacts,
  txId: string,
): IdentifierStateRecord {
  const ops = operationsOf(event);
  const commissioning = (ops.commissioning && role === 'epc') || role === 'output';
  const next: IdentifierStateRecord = state
    ? { ...state }
    : {
        epc,
        scheme: splitEpcUrn(epc)?.scheme ?? 'uri',
        gtin: gtinOf(epc),
        // Whoever first reports an object the ledger has never seen is taken as its holder.
        ownerMsp: facts.capturedByMsp,
        unverifiedOrigin: true,
        lastEventId: '',
        lastEventTime: '',
        updatedTx: txId,
      };
  next.lastEventId = event.eventId;
  next.lastEventTime = event.eventTime;
  next.updatedTx = txId;
  // An object without a holder (all its events retracted) is claimed by whoever reports it next.
  next.ownerMsp ??= facts.capturedByMsp;
  next.location = event.bizLocation ?? event.readPoint ?? next.location;
  if (event.disposition !== undefined) next.disposition = event.disposition;

  if (commissioning) {
    next.ownerMsp = facts.capturedByMsp;
    next.unverifiedOrigin = !facts.verified.has(epc);
    next.disposition = event.disposition ?? 'active';
    const lotClass = facts.lotNumber === undefined ? undefined : lotClassOf(epc, facts.lotNumber);
    if (lotClass !== undefined) next.lotClass = lotClass;
  }
  if (role !== 'input' && role !== 'output') applyCustody(next, ops, facts);
  if (ops.decommissioning && role === 'epc' && event.action === 'DELETE') {
    next.disposition = event.disposition ?? 'inactive';
  }
  if (event.type === 'AggregationEvent') applyAggregation(next, event, role);
  return next;
}

/**
 * The state of an identifier whose every event was retracted: it keeps its last (retracted) event
 * for reference but has no holder, so the next organisation to report it claims it, as for an
 * object never seen before.
 */
export function bareIdentifierState(
  epc: string,
  last: Pick<IdentifierStateRecord, 'lastEventId' | 'lastEventTime'>,
  txId: string,
): IdentifierStateRecord {
  return {
    epc,
    scheme: splitEpcUrn(epc)?.scheme ?? 'uri',
    gtin: gtinOf(epc),
    unverifiedOrigin: true,
    lastEventId: last.lastEventId,
    lastEventTime: last.lastEventTime,
    updatedTx: txId,
  };
}

function applyCustody(
  next: IdentifierStateRecord,
  ops: ReturnType<typeof operationsOf>,
  facts: EventFacts,
): void {
  if (ops.shipping) next.inTransitTo = facts.inTransitTo ?? {};
  if (ops.receiving) {
    const shippedTo = next.inTransitTo;
    delete next.inTransitTo;
    next.ownerMsp = facts.capturedByMsp;
    next.ownerParty = facts.owningParty ?? shippedTo?.party ?? next.ownerParty;
    next.possessorParty = facts.possessingParty ?? next.ownerParty;
  }
}

function applyAggregation(
  next: IdentifierStateRecord,
  event: ProjectedEvent,
  role: HistoryRole,
): void {
  if (role === 'parent') {
    const children = new Set(next.children ?? []);
    if (event.action === 'ADD') for (const child of event.childEpcs) children.add(child);
    if (event.action === 'DELETE') {
      // DELETE without children empties the container.
      if (event.childEpcs.length === 0) children.clear();
      for (const child of event.childEpcs) children.delete(child);
    }
    if (children.size > 0) next.children = [...children];
    else delete next.children;
  }
  if (role === 'child') {
    if (event.action === 'ADD' && event.parentId !== undefined) next.parent = event.parentId;
    if (event.action === 'DELETE' && (next.parent === undefined || next.parent === event.parentId))
      delete next.parent;
  }
}
