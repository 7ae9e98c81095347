/**
 * EPCIS event records → events, identifiers, business transactions, sensor readings, lineage edges
 * (with aggregation closes), shipments (with receipts) and custody transfers. Pure.
 */
import type {
  EpcisEventRecord,
  QuantityElement,
  TypedReference,
} from '../../chaincode/src/payload.js';
import { cbvShortName, isTemperature, toCelsius } from './cbv.js';
import type { RowSet } from './row-set.js';

/** Where a record sits in the ledger: its transaction and its position in that transaction's payload. */
export interface RecordPosition {
  tx_id: string;
  block_number: bigint;
  tx_index: number;
  record_index: number;
}

/** An identifier an event names: an instance, or a class with an optional quantity. */
interface Named {
  id: string;
  isClass: boolean;
  quantity: number | null;
  uom: string | null;
}

// The payload is parsed JSON: tolerate a missing list rather than crash on it.
const list = <T>(value: readonly T[] | undefined): readonly T[] =>
  Array.isArray(value) ? (value as readonly T[]) : [];
/** A boolean field of parsed JSON: only `true` is true (a missing field is false). */
export const flag = (value: unknown): boolean => value === true;
const instances = (ids: readonly string[] | undefined): Named[] =>
  list(ids).map((id) => ({ id, isClass: false, quantity: null, uom: null }));
const classes = (qs: readonly QuantityElement[] | undefined): Named[] =>
  list(qs).map((q) => ({
    id: q.epcClass,
    isClass: true,
    quantity: q.quantity ?? null,
    uom: q.uom ?? null,
  }));

/** What a shipping or receiving event moves: its parent if it has one, else its objects. */
function movedIdentifiers(e: EpcisEventRecord): Named[] {
  if (e.parentId !== undefined)
    return [{ id: e.parentId, isClass: false, quantity: null, uom: null }];
  return [...instances(e.epcList), ...classes(e.quantityList)];
}

function reference(refs: readonly TypedReference[] | undefined, type: string): string | null {
  return list(refs).find((r) => cbvShortName(r.type) === type)?.value ?? null;
}

/** Projects one event record into `out`. A record carrying an errorDeclaration only retracts. */
export function projectEvent(e: EpcisEventRecord, at: RecordPosition, out: RowSet): void {
  const provenance = { tx_id: at.tx_id, block_number: at.block_number, tx_index: at.tx_index };
  const declaration = e.errorDeclaration;
  const retracted = declaration !== undefined;
  const bizStep = cbvShortName(e.bizStep) ?? null;
  out.rows.events.push({
    event_id: e.eventId,
    event_type: e.type,
    event_time: e.eventTime,
    event_time_zone_offset: e.eventTimeZoneOffset,
    action: e.action ?? null,
    biz_step: bizStep,
    disposition: cbvShortName(e.disposition) ?? null,
    read_point: e.readPoint ?? null,
    biz_location: e.bizLocation ?? null,
    transformation_id: e.transformationId ?? null,
    parent_id: e.parentId ?? null,
    event_id_generated: flag(e.eventIdGenerated),
    ilmd: e.ilmd ?? null,
    unverified_identifiers: [...list(e.unverifiedIdentifiers)],
    captured_by_msp: e.capturedByMsp,
    document: e.document,
    content_hash: e.contentHash ?? null,
    affected_lots: [...list(e.affectedLots)],
    retracted,
    retraction_time: declaration?.declarationTime ?? null,
    retraction_reason: declaration?.reason ?? null,
    corrective_event_ids:
      declaration === undefined ? null : [...list(declaration.correctiveEventIds)],
    retracted_tx_id: retracted ? at.tx_id : null,
    retracted_block_number: retracted ? at.block_number : null,
    retracted_tx_index: retracted ? at.tx_index : null,
    record_index: at.record_index,
    ...provenance,
  });
  // A declared-erroneous event no longer counts: it contributes no lineage, custody or transit.
  if (retracted) return;

  // `contained` rows (objects inside a named container) are derived by the store from the
  // mirror's aggregation edges: see src/db/contained-identifiers.queries.ts.
  const roles: ['epc' | 'parent' | 'child' | 'input' | 'output', Named[]][] = [
    ['epc', [...instances(e.epcList), ...classes(e.quantityList)]],
    ['parent', e.parentId === undefined ? [] : instances([e.parentId])],
    ['child', [...instances(e.childEpcs), ...classes(e.childQuantityList)]],
    ['input', [...instances(e.inputEpcList), ...classes(e.inputQuantityList)]],
    ['output', [...instances(e.outputEpcList), ...classes(e.outputQuantityList)]],
  ];
  for (const [role, named] of roles) {
    for (const n of named) {
      out.rows.event_identifiers.push({
        event_id: e.eventId,
        role,
        identifier: n.id,
        is_class: n.isClass,
        quantity: n.quantity,
        uom: n.uom,
        event_time: e.eventTime,
        ...provenance,
      });
    }
  }
  for (const ref of list(e.bizTransactions)) {
    out.rows.biz_transactions.push({
      event_id: e.eventId,
      type: ref.type ?? '',
      value: ref.value,
      ...provenance,
    });
  }
  list(e.sensorReadings).forEach((s, i) => {
    const temperature = isTemperature(s.type);
    const low = temperature ? toCelsius(s.minValue ?? s.value, s.uom) : undefined;
    const high = temperature ? toCelsius(s.maxValue ?? s.value, s.uom) : undefined;
    out.rows.sensor_readings.push({
      event_id: e.eventId,
      reading_index: i,
      type: s.type,
      value: s.value ?? null,
      min_value: s.minValue ?? null,
      max_value: s.maxValue ?? null,
      uom: s.uom ?? null,
      reading_time: s.time ?? null,
      device_id: s.deviceId ?? null,
      exception: s.exception ?? null,
      temperature_min_c: low ?? null,
      temperature_max_c: high ?? null,
      event_time: e.eventTime,
      ...provenance,
    });
  });
  projectLineage(e, at, out, roles);
  projectMovement(e, bizStep, at, out);
}

type Roles = [string, Named[]][];
const named = (roles: Roles, role: string): Named[] => roles.find(([r]) => r === role)?.[1] ?? [];

function edge(
  from: Named,
  to: Named,
  kind: 'transformation' | 'aggregation',
  e: EpcisEventRecord,
  at: RecordPosition,
): RowSet['rows']['lineage_edge'][number] {
  return {
    from_id: from.id,
    to_id: to.id,
    kind,
    event_id: e.eventId,
    from_quantity: from.quantity,
    from_uom: from.uom,
    to_quantity: to.quantity,
    to_uom: to.uom,
    valid_from: e.eventTime,
    valid_to: null,
    valid_to_event_id: null,
    closed_tx_id: null,
    closed_block_number: null,
    closed_tx_index: null,
    // Filled in once the whole transaction is projected (projector.ts: tagEdgeLots).
    from_lot: null,
    ...at,
  };
}

function projectLineage(e: EpcisEventRecord, at: RecordPosition, out: RowSet, roles: Roles): void {
  const close = { event_id: e.eventId, event_time: e.eventTime, ...at };
  if (e.type === 'TransformationEvent') {
    const inputs = named(roles, 'input');
    const outputs = named(roles, 'output');
    if (inputs.length > 0 && outputs.length > 0) {
      for (const i of inputs)
        for (const o of outputs) out.rows.lineage_edge.push(edge(i, o, 'transformation', e, at));
    } else if (e.transformationId !== undefined) {
      // A transformation split over several events meets at its transformationID node.
      const node: Named = { id: e.transformationId, isClass: false, quantity: null, uom: null };
      for (const i of inputs) out.rows.lineage_edge.push(edge(i, node, 'transformation', e, at));
      for (const o of outputs) out.rows.lineage_edge.push(edge(node, o, 'transformation', e, at));
    }
    return;
  }
  if (e.type !== 'AggregationEvent' || e.parentId === undefined) return;
  const parent: Named = { id: e.parentId, isClass: false, quantity: null, uom: null };
  const children = named(roles, 'child');
  if (e.action === 'ADD') {
    for (const child of children) {
      // A serialised child packed elsewhere has left its previous parent; a lot class can sit in
      // many parents at once, so only instances move.
      if (!child.isClass)
        out.aggregationCloses.push({ child_id: child.id, parent_id: null, ...close });
      out.rows.lineage_edge.push(edge(child, parent, 'aggregation', e, at));
    }
  } else if (e.action === 'DELETE') {
    if (children.length === 0)
      out.aggregationCloses.push({ child_id: null, parent_id: parent.id, ...close });
    for (const child of children)
      out.aggregationCloses.push({ child_id: child.id, parent_id: parent.id, ...close });
  }
}

function projectMovement(
  e: EpcisEventRecord,
  bizStep: string | null,
  at: RecordPosition,
  out: RowSet,
): void {
  const provenance = { tx_id: at.tx_id, block_number: at.block_number, tx_index: at.tx_index };
  const moved = movedIdentifiers(e);
  if (bizStep === 'shipping') {
    for (const m of moved) {
      out.rows.shipments.push({
        ship_event_id: e.eventId,
        identifier: m.id,
        is_class: m.isClass,
        quantity: m.quantity,
        uom: m.uom,
        ship_time: e.eventTime,
        shipped_by_msp: e.capturedByMsp,
        source_party:
          reference(e.sources, 'owning_party') ?? reference(e.sources, 'possessing_party'),
        source_location: reference(e.sources, 'location'),
        destination_party:
          reference(e.destinations, 'owning_party') ??
          reference(e.destinations, 'possessing_party'),
        destination_location: reference(e.destinations, 'location'),
        receive_event_id: null,
        receive_time: null,
        received_by_msp: null,
        receive_tx_id: null,
        receive_block_number: null,
        receive_tx_index: null,
        ...at,
      });
    }
  } else if (bizStep === 'receiving') {
    for (const m of moved) {
      out.shipmentReceipts.push({
        identifier: m.id,
        event_id: e.eventId,
        event_time: e.eventTime,
        received_by_msp: e.capturedByMsp,
        ...at,
      });
    }
  }
  for (const [type, kind] of [
    ['owning_party', 'ownership'],
    ['possessing_party', 'possession'],
  ] as const) {
    const to = reference(e.destinations, type);
    const from = reference(e.sources, type);
    if (to === null || to === from) continue;
    for (const m of moved) {
      out.rows.custody_transfers.push({
        event_id: e.eventId,
        identifier: m.id,
        kind,
        from_party: from,
        to_party: to,
        biz_step: bizStep,
        event_time: e.eventTime,
        ...provenance,
      });
    }
  }
}
