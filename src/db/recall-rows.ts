/** Recall answer rows: the JSON the recall statements build, mapped to typed objects. */
import { lotQuantities, type LotQuantity } from './catalog-state.queries.js';
import type { ItemStatus, RecallItemJson, ViaJson } from './recall-item-json.js';

/** How an item joined the affected set: the edge, with its provenance. */
export interface ReachedVia {
  kind: ViaJson['kind'];
  from: string;
  eventId: string;
  txId: string;
  blockNumber: bigint;
}

/** One affected item with its current state (identifier_state, or lots for a lot) and provenance. */
export interface RecallItem {
  id: string;
  kind: RecallItemJson['kind'];
  status: ItemStatus;
  lotClass: string | null;
  gtin: string | null;
  ownerMsp: string | null;
  ownerParty: string | null;
  possessorParty: string | null;
  possessorMsp: string | null;
  location: string | null;
  locationName: string | null;
  disposition: string | null;
  container: string | null;
  topContainer: string | null;
  inTransitToMsp: string | null;
  inTransitToParty: string | null;
  inTransitToLocation: string | null;
  lastEventId: string | null;
  lastEventTime: Date | null;
  /** Transaction that wrote the state shown; null when the mirror holds no state for the item. */
  txId: string | null;
  blockNumber: bigint | null;
  reachedVia: ReachedVia | null;
}

/** An affected lot with its quantities and provenance. */
export interface AffectedLot {
  lotClass: string;
  gtin: string;
  lotNumber: string;
  ownerMsp: string | null;
  quantityProduced: number;
  quantityRemaining: number;
  uom: string | null;
  disposition: string | null;
  recallId: string | null;
  heldBy: LotQuantity[];
  shippedTo: LotQuantity[];
  txId: string;
  blockNumber: bigint;
}

/** A shipment of an affected item (or of a container of some) not received yet. */
export interface OpenShipment {
  shipEventId: string;
  identifier: string;
  shipTime: Date;
  shippedByMsp: string;
  sourceParty: string | null;
  sourceLocation: string | null;
  destinationParty: string | null;
  destinationLocation: string | null;
  affectedItems: number;
  txId: string;
  blockNumber: bigint;
}

/** A sensor report with an alert condition on an event that touched affected items. */
export interface Excursion {
  eventId: string;
  readingIndex: number;
  bizStep: string | null;
  eventTime: Date;
  type: string;
  exception: string;
  temperatureMinC: number | null;
  temperatureMaxC: number | null;
  deviceId: string | null;
  location: string | null;
  affectedItems: number;
  txId: string;
  blockNumber: bigint;
}

/** Counts over the whole affected set. */
export interface RecallSummary {
  byKind: { kind: RecallItemJson['kind']; count: number }[];
  byStatus: { status: ItemStatus; count: number }[];
  byParty: { ownerMsp: string | null; ownerParty: string | null; count: number }[];
  byLocation: { location: string | null; name: string | null; count: number }[];
  lots: AffectedLot[];
  inTransit: OpenShipment[];
  excursions: Excursion[];
}

type Json<T> = T[] | null;

/** The summary part of the recall statement's JSON answer. */
export interface SummaryJson {
  total: number;
  by_kind: Json<{ key: RecallItemJson['kind']; count: number }>;
  by_status: Json<{ status: ItemStatus; count: number }>;
  by_party: Json<{ owner_msp: string | null; owner_party: string | null; count: number }>;
  by_location: Json<{ location: string | null; name: string | null; count: number }>;
  lots: Json<Record<string, string | number | null> & { held_by: unknown; shipped_to: unknown }>;
  in_transit: Json<Record<string, string | number | null>>;
  excursions: Json<Record<string, string | number | null>>;
}

type Scalar = string | number | null | undefined;
const text = (v: Scalar): string => String(v);
const textOrNull = (v: Scalar): string | null => (v === null || v === undefined ? null : String(v));
const numberOrNull = (v: Scalar): number | null =>
  v === null || v === undefined ? null : Number(v);
const dateOrNull = (v: Scalar): Date | null =>
  v === null || v === undefined ? null : new Date(String(v));
const block = (v: Scalar): bigint => BigInt(String(v));

/** Maps one item row (and the edge it was reached by). */
export function toRecallItem(j: RecallItemJson, via: ViaJson | null): RecallItem {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    lotClass: j.lot_class,
    gtin: j.gtin,
    ownerMsp: j.owner_msp,
    ownerParty: j.owner_party,
    possessorParty: j.possessor_party,
    possessorMsp: j.possessor_msp,
    location: j.location,
    locationName: j.location_name,
    disposition: j.disposition,
    container: j.container,
    topContainer: j.top_container,
    inTransitToMsp: j.in_transit_to_msp,
    inTransitToParty: j.in_transit_to_party,
    inTransitToLocation: j.in_transit_to_location,
    lastEventId: j.last_event_id,
    lastEventTime: dateOrNull(j.last_event_time),
    txId: j.tx_id,
    blockNumber: j.block_number === null ? null : block(j.block_number),
    reachedVia:
      via === null
        ? null
        : {
            kind: via.kind,
            from: via.from,
            eventId: via.event_id,
            txId: via.tx_id,
            blockNumber: block(via.block_number),
          },
  };
}

/** Maps the summary part of the answer. */
export function toRecallSummary(j: SummaryJson): RecallSummary {
  return {
    byKind: (j.by_kind ?? [])
      .map((c) => ({ kind: c.key, count: c.count }))
      .sort((a, b) => a.kind.localeCompare(b.kind)),
    byStatus: (j.by_status ?? []).map((c) => ({ status: c.status, count: c.count })),
    byParty: (j.by_party ?? []).map((c) => ({
      ownerMsp: c.owner_msp,
      ownerParty: c.owner_party,
      count: c.count,
    })),
    byLocation: (j.by_location ?? []).map((c) => ({
      location: c.location,
      name: c.name,
      count: c.count,
    })),
    lots: (j.lots ?? []).map((l) => ({
      lotClass: text(l.lot_class),
      gtin: text(l.gtin),
      lotNumber: text(l.lot_number),
      ownerMsp: textOrNull(l.owner_msp),
      quantityProduced: Number(l.quantity_produced),
      quantityRemaining: Number(l.quantity_remaining),
      uom: textOrNull(l.uom),
      disposition: textOrNull(l.disposition),
      recallId: textOrNull(l.recall_id),
      heldBy: lotQuantities(l.held_by),
      shippedTo: lotQuantities(l.shipped_to),
      txId: text(l.tx_id),
      blockNumber: block(l.block_number),
    })),
    inTransit: (j.in_transit ?? []).map((s) => ({
      shipEventId: text(s.ship_event_id),
      identifier: text(s.identifier),
      shipTime: new Date(text(s.ship_time)),
      shippedByMsp: text(s.shipped_by_msp),
      sourceParty: textOrNull(s.source_party),
      sourceLocation: textOrNull(s.source_location),
      destinationParty: textOrNull(s.destination_party),
      destinationLocation: textOrNull(s.destination_location),
      affectedItems: Number(s.affected_items),
      txId: text(s.tx_id),
      blockNumber: block(s.block_number),
    })),
    excursions: (j.excursions ?? []).map((x) => ({
      eventId: text(x.event_id),
      readingIndex: Number(x.reading_index),
      bizStep: textOrNull(x.biz_step),
      eventTime: new Date(text(x.event_time)),
      type: text(x.type),
      exception: text(x.exception),
      temperatureMinC: numberOrNull(x.temperature_min_c),
      temperatureMaxC: numberOrNull(x.temperature_max_c),
      deviceId: textOrNull(x.device_id),
      location: textOrNull(x.location),
      affectedItems: Number(x.affected_items),
      txId: text(x.tx_id),
      blockNumber: block(x.block_number),
    })),
  };
}
