import type { EventContent } from '../epcis/event-content';
import { companyPrefixOf, gtinOf, lotClassOf } from '../epcis/gs1-keys';
import type { IdentifierStateRecord } from '../payload';
import { isLot, operationsOf } from './event-subjects';
import type { Registry } from './registry';

/** Where a shipment goes: the state field receivers are checked against. */
export type InTransit = NonNullable<IdentifierStateRecord['inTransitTo']>;

/**
 * What applying an event needs beyond the event itself, resolved against master data. Computed the
 * same way at capture and when a retraction replays history, so both paths derive the same state.
 */
export interface EventFacts {
  capturedByMsp: string;
  /** Destination of a shipping event (owning_party, else possessing_party; location). */
  inTransitTo?: InTransit;
  /** Destination owning and possessing parties (used by receiving). */
  owningParty?: string;
  possessingParty?: string;
  /** ilmd lot number and expiry of commissioned objects. */
  lotNumber?: string;
  expiry?: string;
  /** Lot class → number of serials this event commissions into it. */
  serialLots: Map<string, number>;
  /** Commissioned identifiers and produced lots whose origin master data vouches for. */
  verified: Set<string>;
}

/** Resolves the facts of an event captured by capturedByMsp. */
export async function eventFactsOf(
  event: EventContent,
  capturedByMsp: string,
  registry: Registry,
): Promise<EventFacts> {
  const ops = operationsOf(event);
  const destination = (type: string): string | undefined =>
    event.destinations.find((d) => d.type === type)?.value;
  const owningParty = destination('owning_party');
  const possessingParty = destination('possessing_party');
  const lotNumber = ilmdValue(event.ilmd, 'lotNumber');
  const facts: EventFacts = {
    capturedByMsp,
    owningParty,
    possessingParty,
    lotNumber,
    expiry: ilmdValue(event.ilmd, 'itemExpirationDate'),
    serialLots: new Map(),
    verified: new Set(),
  };
  if (ops.shipping) {
    const location = destination('location');
    const msp =
      (await registry.orgOfParty(possessingParty)) ??
      (await registry.orgOfParty(owningParty)) ??
      (await registry.location(location))?.ownerMsp;
    facts.inTransitTo = { msp, party: owningParty ?? possessingParty, location };
  }
  const commissioned = [
    ...(ops.commissioning ? event.epcList : []),
    ...event.outputEpcList,
    ...(ops.commissioning ? event.quantityList.map((q) => q.epcClass).filter(isLot) : []),
    ...event.outputQuantityList.map((q) => q.epcClass).filter(isLot),
  ];
  for (const id of commissioned) {
    if (await isVouchedFor(id, capturedByMsp, registry)) facts.verified.add(id);
    const lotClass = lotNumber === undefined ? undefined : lotClassOf(id, lotNumber);
    if (lotClass !== undefined)
      facts.serialLots.set(lotClass, (facts.serialLots.get(lotClass) ?? 0) + 1);
  }
  return facts;
}

/**
 * The ledger vouches for an origin when the registered owner of the product commissions it, or,
 * for unregistered products and non-GTIN keys (SSCC, GIAI, …), the owner of its company prefix.
 */
async function isVouchedFor(
  id: string,
  capturedByMsp: string,
  registry: Registry,
): Promise<boolean> {
  const product = await registry.product(gtinOf(id));
  if (product) return product.ownerMsp === capturedByMsp;
  return (await registry.orgOfCompanyPrefix(companyPrefixOf(id))) === capturedByMsp;
}

// ilmd keys are namespaced: cbvmda:lotNumber, a full CBV master-data URI, …; match the local name.
function ilmdValue(
  ilmd: Record<string, unknown> | undefined,
  localName: string,
): string | undefined {
  if (!ilmd) return undefined;
  for (const [key, value] of Object.entries(ilmd)) {
    const local = key.split(/[:#/]/).pop();
    if (local === localName && (typeof value === 'string' || typeof value === 'number'))
      return String(value);
  }
  return undefined;
}
