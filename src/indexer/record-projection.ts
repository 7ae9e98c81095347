/** Master-data and state records → rows. Pure. */
import type {
  EmissionRecord,
  FootprintRecord,
  IdentifierStateRecord,
  LocationRecord,
  LotStateRecord,
  OrganizationRecord,
  ProductRecord,
  RecallRecord,
} from '../../chaincode/src/payload.js';
import { flag, type RecordPosition } from './event-projection.js';
import type { RowSet } from './row-set.js';

type Provenance = { tx_id: string; block_number: bigint; tx_index: number };
const provenanceOf = (at: RecordPosition): Provenance => ({
  tx_id: at.tx_id,
  block_number: at.block_number,
  tx_index: at.tx_index,
});
const strings = (value: readonly string[] | undefined): string[] =>
  Array.isArray(value) ? [...(value as readonly string[])] : [];

/** An organisation and one party row per PGLN it holds. */
export function projectOrganization(o: OrganizationRecord, at: RecordPosition, out: RowSet): void {
  const p = provenanceOf(at);
  out.rows.organizations.push({
    msp_id: o.mspId,
    name: o.name,
    role: o.role,
    party_ids: strings(o.partyIds),
    company_prefixes: strings(o.companyPrefixes),
    ...p,
  });
  for (const partyId of strings(o.partyIds))
    out.rows.parties.push({ party_id: partyId, msp_id: o.mspId, ...p });
}

/** A location. */
export function projectLocation(l: LocationRecord, at: RecordPosition, out: RowSet): void {
  out.rows.locations.push({
    location_id: l.id,
    name: l.name,
    address: l.address ?? null,
    latitude: l.latitude ?? null,
    longitude: l.longitude ?? null,
    owner_msp: l.ownerMsp,
    ...provenanceOf(at),
  });
}

/** A product. */
export function projectProduct(p: ProductRecord, at: RecordPosition, out: RowSet): void {
  out.rows.products.push({
    gtin: p.gtin,
    ndc: p.ndc ?? null,
    name: p.name,
    dosage_form: p.dosageForm ?? null,
    strength: p.strength ?? null,
    unit_mass_kg: p.unitMassKg ?? null,
    owner_msp: p.ownerMsp,
    ...provenanceOf(at),
  });
}

/** An identifier's state, and its lot membership edge when the record names its lot. */
export function projectIdentifier(s: IdentifierStateRecord, at: RecordPosition, out: RowSet): void {
  out.rows.identifier_state.push({
    epc: s.epc,
    scheme: s.scheme,
    lot_class: s.lotClass ?? null,
    gtin: s.gtin ?? null,
    owner_msp: s.ownerMsp ?? null,
    owner_party: s.ownerParty ?? null,
    possessor_party: s.possessorParty ?? null,
    location: s.location ?? null,
    disposition: s.disposition ?? null,
    parent: s.parent ?? null,
    in_transit_to_msp: s.inTransitTo?.msp ?? null,
    in_transit_to_party: s.inTransitTo?.party ?? null,
    in_transit_to_location: s.inTransitTo?.location ?? null,
    unverified_origin: flag(s.unverifiedOrigin),
    last_event_id: s.lastEventId,
    last_event_time: s.lastEventTime,
    ...provenanceOf(at),
  });
  if (s.lotClass === undefined) return;
  out.rows.lineage_edge.push({
    from_id: s.lotClass,
    to_id: s.epc,
    kind: 'lot_membership',
    event_id: s.lastEventId,
    from_quantity: null,
    from_uom: null,
    to_quantity: null,
    to_uom: null,
    valid_from: s.lastEventTime,
    valid_to: null,
    valid_to_event_id: null,
    closed_tx_id: null,
    closed_block_number: null,
    closed_tx_index: null,
    from_lot: null,
    ...at,
  });
}

/**
 * Sets from_lot on the transformation and aggregation edges a transaction produced (rows from
 * `edgeStart` on): the lot in the same transaction's record of the edge's source, if any. The
 * contract writes a record for every object an event names, so a packed unit's edge gets the lot
 * the unit belongs to when it is packed. See migration 570 for what reads it.
 */
export function tagEdgeLots(out: RowSet, edgeStart: number, stateStart: number): void {
  const edges = out.rows.lineage_edge;
  if (edges.length === edgeStart) return;
  const lots = new Map<string, string | null | undefined>();
  for (const state of out.rows.identifier_state.slice(stateStart)) {
    lots.set(state.epc, state.lot_class);
  }
  for (const edge of edges.slice(edgeStart)) {
    if (edge.kind !== 'lot_membership') edge.from_lot = lots.get(edge.from_id) ?? null;
  }
}

/** A lot. */
export function projectLot(l: LotStateRecord, at: RecordPosition, out: RowSet): void {
  out.rows.lots.push({
    lot_class: l.lotClass,
    gtin: l.gtin,
    lot_number: l.lotNumber,
    expiry: l.expiry ?? null,
    owner_msp: l.ownerMsp ?? null,
    quantity_produced: l.quantityProduced,
    quantity_remaining: l.quantityRemaining,
    uom: l.uom ?? null,
    unverified_origin: flag(l.unverifiedOrigin),
    recall_id: l.recallId ?? null,
    disposition: l.disposition ?? null,
    serial_count: l.serialCount ?? null,
    held_by: l.heldBy ?? null,
    shipped_to: l.shippedTo ?? null,
    last_event_id: l.lastEventId,
    ...provenanceOf(at),
  });
}

/** A recall and one row per lot it covers. */
export function projectRecall(r: RecallRecord, at: RecordPosition, out: RowSet): void {
  const p = provenanceOf(at);
  out.rows.recalls.push({
    recall_id: r.recallId,
    classification: r.classification,
    reason: r.reason,
    status: r.status,
    initiated_by_msp: r.initiatedByMsp,
    initiated_at: r.initiatedAt,
    closed_at: r.closedAt ?? null,
    ...p,
  });
  for (const lot of strings(r.lotClasses))
    out.rows.recall_lots.push({ recall_id: r.recallId, lot_class: lot, ...p });
}

/** A transport emission. */
export function projectEmission(m: EmissionRecord, at: RecordPosition, out: RowSet): void {
  out.rows.emissions.push({
    emission_id: m.emissionId,
    event_id: m.eventId,
    mode: m.mode,
    distance_km: m.distanceKm,
    mass_kg: m.massKg,
    factor_id: m.factorId,
    factor_value: m.factorValue,
    factor_source: m.factorSource,
    factor_version: m.factorVersion,
    scope: m.scope,
    co2e_kg: m.co2eKg,
    recorded_by_msp: m.recordedByMsp,
    ...provenanceOf(at),
  });
}

/** A product footprint. */
export function projectFootprint(f: FootprintRecord, at: RecordPosition, out: RowSet): void {
  out.rows.footprints.push({
    footprint_id: f.footprintId,
    product_ids: strings(f.productIds),
    declared_unit_of_measurement: f.declaredUnitOfMeasurement,
    declared_unit_amount: f.declaredUnitAmount,
    pcf_excluding_biogenic_uptake: f.pcfExcludingBiogenicUptake,
    co2e_per_unit_kg: f.co2ePerUnitKg,
    spec_version: f.specVersion,
    converted_from_v2: flag(f.convertedFromV2),
    submitted_by_msp: f.submittedByMsp,
    ...provenanceOf(at),
  });
}
