/**
 * Renders the story's events as EPCIS 2.0 JSON, one function per business step. Fields come in
 * the order of the standard's examples (what, when, why, where, how), and only CBV short names are
 * used for bizStep, disposition and source/destination types.
 */
import type { EpcisEvent } from './simulation.types.js';

/** ILMD key of the lot number: the CBV master-data attribute, prefix from the standard context. */
export const ILMD_LOT_NUMBER = 'cbvmda:lotNumber';
/** ILMD key of the expiry date (`YYYY-MM-DD`). */
export const ILMD_EXPIRY = 'cbvmda:itemExpirationDate';

/** A site as the builders need it: SGLN and time zone. */
export interface SiteStamp {
  sgln: string;
  offsetMinutes: number;
  /** The offset as EPCIS prints it, e.g. `-05:00`. */
  offset: string;
}

/** The when and where shared by every event. */
export interface EventStamp {
  eventID: string;
  /** Already formatted local time with offset. */
  eventTime: string;
  site: SiteStamp;
}

/** A quantity of a lot class, as in EPCIS quantity lists. */
export interface QuantityElementJson {
  epcClass: string;
  quantity: number;
  uom?: string;
}

/** Purchase order, despatch advice and the owning parties and locations of a shipment. */
export interface TradeReferences {
  bizTransactionList: { type: string; bizTransaction: string }[];
  sourceList: { type: string; source: string }[];
  destinationList: { type: string; destination: string }[];
}

function head(type: string, stamp: EventStamp): EpcisEvent {
  return {
    type,
    eventID: stamp.eventID,
    eventTime: stamp.eventTime,
    eventTimeZoneOffset: stamp.site.offset,
  };
}

function where(event: EpcisEvent, site: SiteStamp, withBizLocation: boolean): EpcisEvent {
  event.readPoint = { id: site.sgln };
  if (withBizLocation) event.bizLocation = { id: site.sgln };
  return event;
}

/** Lot-level commissioning of an ingredient lot by quantity (ObjectEvent ADD). */
export function commissionLotEvent(
  stamp: EventStamp,
  quantity: QuantityElementJson,
  ilmd: Record<string, string>,
): EpcisEvent {
  const event = head('ObjectEvent', stamp);
  event.quantityList = [quantity];
  event.action = 'ADD';
  event.bizStep = 'commissioning';
  event.disposition = 'active';
  where(event, stamp.site, true);
  event.ilmd = ilmd;
  return event;
}

/** Manufacture of a drug lot from ingredient lots (TransformationEvent). */
export function transformationEvent(
  stamp: EventStamp,
  inputs: QuantityElementJson[],
  outputs: QuantityElementJson[],
  ilmd: Record<string, string>,
): EpcisEvent {
  const event = head('TransformationEvent', stamp);
  event.inputQuantityList = inputs;
  event.outputQuantityList = outputs;
  event.bizStep = 'commissioning';
  event.disposition = 'active';
  where(event, stamp.site, true);
  event.ilmd = ilmd;
  return event;
}

/** Serialisation of units of a lot (ObjectEvent ADD with ILMD). */
export function commissionUnitsEvent(
  stamp: EventStamp,
  epcs: string[],
  ilmd: Record<string, string>,
): EpcisEvent {
  const event = head('ObjectEvent', stamp);
  event.epcList = epcs;
  event.action = 'ADD';
  event.bizStep = 'commissioning';
  event.disposition = 'active';
  where(event, stamp.site, true);
  event.ilmd = ilmd;
  return event;
}

/**
 * Commissioning of container labels (SSCCs) before packing, so the ledger sees their origin
 * vouched for by the prefix owner instead of first meeting them as an unknown parent.
 */
export function commissionContainersEvent(stamp: EventStamp, ssccs: string[]): EpcisEvent {
  const event = head('ObjectEvent', stamp);
  event.epcList = ssccs;
  event.action = 'ADD';
  event.bizStep = 'commissioning';
  event.disposition = 'active';
  return where(event, stamp.site, true);
}

/** Packing children into a case, pallet or tote (AggregationEvent ADD). */
export function packEvent(stamp: EventStamp, parentID: string, children: string[]): EpcisEvent {
  const event = head('AggregationEvent', stamp);
  event.parentID = parentID;
  event.childEPCs = children;
  event.action = 'ADD';
  event.bizStep = 'packing';
  event.disposition = 'in_progress';
  return where(event, stamp.site, true);
}

/** Unpacking a container (AggregationEvent DELETE, children listed explicitly). */
export function unpackEvent(
  stamp: EventStamp,
  parentID: string,
  children: string[],
  disposition: string,
): EpcisEvent {
  const event = head('AggregationEvent', stamp);
  event.parentID = parentID;
  event.childEPCs = children;
  event.action = 'DELETE';
  event.bizStep = 'unpacking';
  event.disposition = disposition;
  return where(event, stamp.site, true);
}

/** Departure of a shipment (ObjectEvent OBSERVE, in transit, no business location). */
export function shipEvent(stamp: EventStamp, epcs: string[], trade: TradeReferences): EpcisEvent {
  const event = head('ObjectEvent', stamp);
  event.epcList = epcs;
  event.action = 'OBSERVE';
  event.bizStep = 'shipping';
  event.disposition = 'in_transit';
  where(event, stamp.site, false);
  event.bizTransactionList = trade.bizTransactionList;
  event.sourceList = trade.sourceList;
  event.destinationList = trade.destinationList;
  return event;
}

/** Arrival of a shipment at its destination, with the leg's logger readings. */
export function receiveEvent(
  stamp: EventStamp,
  epcs: string[],
  trade: TradeReferences,
  sensorElements: Record<string, unknown>[],
): EpcisEvent {
  const event = head('ObjectEvent', stamp);
  event.epcList = epcs;
  event.action = 'OBSERVE';
  event.bizStep = 'receiving';
  event.disposition = 'in_progress';
  where(event, stamp.site, true);
  event.bizTransactionList = trade.bizTransactionList;
  event.sourceList = trade.sourceList;
  event.destinationList = trade.destinationList;
  if (sensorElements.length > 0) event.sensorElementList = sensorElements;
  return event;
}

/** Dispensing units to a patient (ObjectEvent OBSERVE, dispensed). */
export function dispenseEvent(stamp: EventStamp, epcs: string[]): EpcisEvent {
  const event = head('ObjectEvent', stamp);
  event.epcList = epcs;
  event.action = 'OBSERVE';
  event.bizStep = 'dispensing';
  event.disposition = 'dispensed';
  return where(event, stamp.site, true);
}

/** Trade references of a shipment between two parties and locations. */
export function tradeReferences(
  purchaseOrder: string,
  despatchAdvice: string,
  from: { party: string; location: string },
  to: { party: string; location: string },
): TradeReferences {
  return {
    bizTransactionList: [
      { type: 'po', bizTransaction: purchaseOrder },
      { type: 'desadv', bizTransaction: despatchAdvice },
    ],
    sourceList: [
      { type: 'owning_party', source: from.party },
      { type: 'location', source: from.location },
    ],
    destinationList: [
      { type: 'owning_party', destination: to.party },
      { type: 'location', destination: to.location },
    ],
  };
}
