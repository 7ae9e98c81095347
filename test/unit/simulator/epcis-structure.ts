/**
 * A structural check of EPCIS 2.0 capture documents, written for the simulator tests independently
 * of the contract's validator: document header, mandatory fields per event type, CBV vocabulary,
 * URN syntax and GS1 check digits. Returns every problem found, as text.
 */
import { gs1CheckDigit } from '../../../src/simulator/gs1-identifiers.js';

/** CBV 2.0 business steps. */
export const CBV_BIZ_STEPS = new Set([
  'accepting',
  'arriving',
  'assembling',
  'collecting',
  'commissioning',
  'consigning',
  'creating_class_instance',
  'cycle_counting',
  'decommissioning',
  'departing',
  'destroying',
  'disassembling',
  'dispensing',
  'encoding',
  'entering_exiting',
  'holding',
  'inspecting',
  'installing',
  'killing',
  'loading',
  'other',
  'packing',
  'picking',
  'receiving',
  'removing',
  'repackaging',
  'repairing',
  'replacing',
  'reserving',
  'retail_selling',
  'sampling',
  'sensor_reporting',
  'shipping',
  'staging_outbound',
  'stock_taking',
  'stocking',
  'storing',
  'transporting',
  'unloading',
  'unpacking',
  'void_shipping',
]);

/** CBV 2.0 dispositions. */
export const CBV_DISPOSITIONS = new Set([
  'active',
  'available',
  'completeness_inferred',
  'completeness_verified',
  'conformant',
  'container_closed',
  'container_open',
  'damaged',
  'destroyed',
  'dispensed',
  'disposed',
  'encoded',
  'expired',
  'in_progress',
  'in_transit',
  'inactive',
  'mismatch_across_batch',
  'mismatch_across_class',
  'mismatch_instance',
  'needs_replacement',
  'no_pedigree_match',
  'non_conformant',
  'non_sellable_other',
  'partially_dispensed',
  'recalled',
  'reserved',
  'retail_sold',
  'returned',
  'sellable_accessible',
  'sellable_not_accessible',
  'stolen',
  'unavailable',
  'unknown',
]);

const COMMON_FIELDS = [
  'type',
  'eventID',
  'eventTime',
  'eventTimeZoneOffset',
  'action',
  'bizStep',
  'disposition',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'sensorElementList',
];
const FIELDS_OF: Record<string, Set<string>> = {
  ObjectEvent: new Set([...COMMON_FIELDS, 'epcList', 'quantityList', 'ilmd']),
  AggregationEvent: new Set([...COMMON_FIELDS, 'parentID', 'childEPCs', 'childQuantityList']),
  TransformationEvent: new Set([
    ...COMMON_FIELDS.filter((f) => f !== 'action'),
    'inputEPCList',
    'inputQuantityList',
    'outputEPCList',
    'outputQuantityList',
    'transformationID',
    'ilmd',
  ]),
};

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}([+-]\d{2}:\d{2})$/;
const OFFSET = /^[+-]((0\d|1[0-3]):[0-5]\d|14:00)$/;
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SGTIN = /^urn:epc:id:sgtin:(\d{6,12})\.(\d{1,7})\.([!%-?A-Z_a-z\x22]{1,20})$/;
const SSCC = /^urn:epc:id:sscc:(\d{6,12})\.(\d{5,11})$/;
const LGTIN = /^urn:epc:class:lgtin:(\d{6,12})\.(\d{1,7})\.([!%-?A-Z_a-z\x22]{1,20})$/;
const SGLN = /^urn:epc:id:sgln:(\d{6,12})\.(\d{0,6})\.[!%-?A-Z_a-z\x22]{1,20}$/;
const PGLN = /^urn:epc:id:pgln:(\d{6,12})\.(\d{0,6})$/;
const BIZ_TRANSACTION = /^urn:epcglobal:cbv:bt:(\d{13}):[A-Za-z0-9]+$/;
const GIAI = /^urn:epc:id:giai:\d{6,12}\.[!%-?A-Z_a-z\x22]{1,24}$/;

/** The GTIN-14 an SGTIN or LGTIN names, if its company prefix and item reference add up. */
export function gtinOfEpc(urn: string): string | undefined {
  const match = SGTIN.exec(urn) ?? LGTIN.exec(urn);
  if (!match) return undefined;
  const [, prefix = '', item = ''] = match;
  if (prefix.length + item.length !== 13) return undefined;
  const body = item.charAt(0) + prefix + item.slice(1);
  return body + String(gs1CheckDigit(body));
}

/** Every structural problem of a capture document (empty when it is well formed). */
export function epcisDocumentProblems(document: any, maxEvents = 100): string[] {
  const problems: string[] = [];
  const add = (where: string, message: string): void => void problems.push(`${where}: ${message}`);
  if (document?.type !== 'EPCISDocument') add('document', 'type must be EPCISDocument');
  if (document?.schemaVersion !== '2.0') add('document', 'schemaVersion must be "2.0"');
  const context = document?.['@context'];
  if (
    !Array.isArray(context) ||
    !context.includes('https://ref.gs1.org/standards/epcis/epcis-context.jsonld')
  )
    add('document', '@context must include the EPCIS 2.0 context');
  if (typeof document?.creationDate !== 'string' || Number.isNaN(Date.parse(document.creationDate)))
    add('document', 'creationDate must be an ISO 8601 date-time');
  const events = document?.epcisBody?.eventList;
  if (!Array.isArray(events) || events.length === 0 || events.length > maxEvents) {
    add('document', `eventList must hold 1–${maxEvents} events`);
    return problems;
  }
  events.forEach((event: any, i: number) => eventProblems(event, (m) => add(`event ${i}`, m)));
  return problems;
}

function eventProblems(event: any, add: (message: string) => void): void {
  const fields = FIELDS_OF[event?.type];
  if (!fields) {
    add(`unexpected type ${String(event?.type)}`);
    return;
  }
  for (const key of Object.keys(event)) if (!fields.has(key)) add(`unexpected field ${key}`);
  if (!UUID_URN.test(event.eventID)) add(`eventID ${event.eventID} is not a UUID URN`);
  const time = TIME.exec(event.eventTime);
  if (!time || Number.isNaN(Date.parse(event.eventTime)))
    add(`eventTime ${event.eventTime} malformed`);
  if (!OFFSET.test(event.eventTimeZoneOffset) || time?.[1] !== event.eventTimeZoneOffset)
    add('eventTimeZoneOffset must match the offset of eventTime');
  if (!CBV_BIZ_STEPS.has(event.bizStep)) add(`bizStep ${event.bizStep} is not a CBV step`);
  if (!CBV_DISPOSITIONS.has(event.disposition))
    add(`disposition ${event.disposition} is not a CBV disposition`);
  if (!SGLN.test(event.readPoint?.id)) add('readPoint.id must be an SGLN');
  if (event.bizLocation !== undefined && !SGLN.test(event.bizLocation.id))
    add('bizLocation.id must be an SGLN');

  if (event.type === 'ObjectEvent') {
    if (!['ADD', 'OBSERVE', 'DELETE'].includes(event.action))
      add('action must be ADD, OBSERVE or DELETE');
    if (!nonEmpty(event.epcList) && !nonEmpty(event.quantityList))
      add('needs epcList or quantityList');
    if (event.ilmd !== undefined && event.action !== 'ADD') add('ilmd only with action ADD');
  }
  if (event.type === 'AggregationEvent') {
    if (!['ADD', 'OBSERVE', 'DELETE'].includes(event.action))
      add('action must be ADD, OBSERVE or DELETE');
    if (!SSCC.test(event.parentID)) add('parentID must be an SSCC');
    if (event.action === 'ADD' && !nonEmpty(event.childEPCs)) add('ADD needs childEPCs');
  }
  if (event.type === 'TransformationEvent') {
    if (!nonEmpty(event.inputEPCList) && !nonEmpty(event.inputQuantityList)) add('needs inputs');
    if (!nonEmpty(event.outputEPCList) && !nonEmpty(event.outputQuantityList)) add('needs outputs');
  }
  for (const key of ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList']) {
    for (const epc of event[key] ?? []) instanceProblems(epc, (m) => add(`${key}: ${m}`));
  }
  if (event.parentID !== undefined) instanceProblems(event.parentID, (m) => add(`parentID: ${m}`));
  for (const key of [
    'quantityList',
    'childQuantityList',
    'inputQuantityList',
    'outputQuantityList',
  ]) {
    for (const q of event[key] ?? []) quantityProblems(q, (m) => add(`${key}: ${m}`));
  }
  for (const bt of event.bizTransactionList ?? []) {
    const match = BIZ_TRANSACTION.exec(bt.bizTransaction);
    if (!['po', 'desadv'].includes(bt.type) || !match || !checkDigitOk(match[1] ?? ''))
      add(`bizTransaction ${bt.type} ${bt.bizTransaction} malformed`);
  }
  for (const [list, key] of [
    ['sourceList', 'source'],
    ['destinationList', 'destination'],
  ] as const) {
    for (const ref of event[list] ?? []) {
      const pattern =
        ref.type === 'location' ? SGLN : ref.type === 'owning_party' ? PGLN : undefined;
      if (!pattern?.test(ref[key])) add(`${list} ${ref.type} ${ref[key]} malformed`);
    }
  }
  for (const element of event.sensorElementList ?? []) {
    if (!TIME.test(element.sensorMetadata?.time) || !GIAI.test(element.sensorMetadata?.deviceID))
      add('sensorMetadata needs time and a GIAI deviceID');
    if (!nonEmpty(element.sensorReport)) add('sensorReport must not be empty');
    for (const report of element.sensorReport ?? []) {
      if (report.type !== 'Temperature' || report.uom !== 'CEL' || typeof report.value !== 'number')
        add('sensor reports must be Temperature values in CEL');
      if (report.exception !== undefined && report.exception !== 'ALARM_CONDITION')
        add('unknown exception');
    }
  }
  if (event.ilmd !== undefined) {
    for (const key of Object.keys(event.ilmd))
      if (!/^cbvmda:[A-Za-z]+$/.test(key)) add(`ilmd key ${key} not namespaced`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(event.ilmd['cbvmda:itemExpirationDate']))
      add('ilmd expiry must be a date');
  }
}

function instanceProblems(epc: unknown, add: (message: string) => void): void {
  if (typeof epc !== 'string') {
    add('not a string');
    return;
  }
  if (SGTIN.test(epc)) {
    const gtin = gtinOfEpc(epc);
    if (!gtin) add(`${epc}: company prefix + item reference must have 13 digits`);
  } else if (SSCC.test(epc)) {
    const [, prefix = '', serial = ''] = SSCC.exec(epc) ?? [];
    if (prefix.length + serial.length !== 17)
      add(`${epc}: SSCC must have 17 digits before the check digit`);
  } else add(`${epc} is neither an SGTIN nor an SSCC URN`);
}

function quantityProblems(q: any, add: (message: string) => void): void {
  if (!LGTIN.test(q?.epcClass) || !gtinOfEpc(q.epcClass))
    add(`${String(q?.epcClass)} is not an LGTIN class`);
  if (!(typeof q?.quantity === 'number' && q.quantity > 0)) add('quantity must be positive');
  if (q?.uom === undefined && !Number.isInteger(q?.quantity))
    add('a count (no uom) must be an integer');
  if (q?.uom !== undefined && !/^[A-Z0-9]{2,3}$/.test(q.uom))
    add(`uom ${q.uom} is not a UN/CEFACT code`);
}

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function checkDigitOk(key: string): boolean {
  return gs1CheckDigit(key.slice(0, -1)) === Number(key.slice(-1));
}
