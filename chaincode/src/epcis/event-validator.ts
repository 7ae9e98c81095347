import type { EpcisEventType } from '../payload';
import { BIZ_STEPS, DISPOSITIONS } from './cbv-vocabulary';
import {
  action,
  bizTransactionList,
  cbv,
  certificationInfo,
  destinationList,
  errorDeclaration,
  identifier,
  identifierList,
  ilmd,
  location,
  offset,
  persistentDisposition,
  quantityList,
  sourceList,
  time,
  uri,
  type FieldValidator,
} from './field-validators';
import { sensorElementList } from './sensor-validator';
import { checkExtensionKey, isRecord, report, type EventScope } from './validation-scope';

const VALIDATORS: Record<string, FieldValidator> = {
  eventTime: time,
  recordTime: time,
  eventTimeZoneOffset: offset,
  eventID: uri,
  certificationInfo,
  errorDeclaration,
  action,
  bizStep: cbv(BIZ_STEPS),
  disposition: cbv(DISPOSITIONS),
  persistentDisposition,
  readPoint: location,
  bizLocation: location,
  bizTransactionList,
  sourceList,
  destinationList,
  sensorElementList,
  ilmd,
  epcList: identifierList,
  childEPCs: identifierList,
  inputEPCList: identifierList,
  outputEPCList: identifierList,
  quantityList,
  childQuantityList: quantityList,
  inputQuantityList: quantityList,
  outputQuantityList: quantityList,
  parentID: identifier,
  transformationID: uri,
};

const COMMON = [
  'eventTime',
  'recordTime',
  'eventTimeZoneOffset',
  'eventID',
  'certificationInfo',
  'errorDeclaration',
];
const WHAT_WHERE_WHY = [
  'bizStep',
  'disposition',
  'persistentDisposition',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'sensorElementList',
];

/** The EPCIS fields each event type allows (EPCIS 2.0 JSON schema), besides @context and type. */
export const FIELDS_BY_TYPE: Record<EpcisEventType, ReadonlySet<string>> = {
  ObjectEvent: new Set([...COMMON, ...WHAT_WHERE_WHY, 'action', 'epcList', 'quantityList', 'ilmd']),
  AggregationEvent: new Set([
    ...COMMON,
    ...WHAT_WHERE_WHY,
    'action',
    'parentID',
    'childEPCs',
    'childQuantityList',
  ]),
  TransactionEvent: new Set([
    ...COMMON,
    ...WHAT_WHERE_WHY,
    'action',
    'parentID',
    'epcList',
    'quantityList',
  ]),
  TransformationEvent: new Set([
    ...COMMON,
    ...WHAT_WHERE_WHY,
    'inputEPCList',
    'inputQuantityList',
    'outputEPCList',
    'outputQuantityList',
    'transformationID',
    'ilmd',
  ]),
  AssociationEvent: new Set([
    ...COMMON,
    ...WHAT_WHERE_WHY,
    'action',
    'parentID',
    'childEPCs',
    'childQuantityList',
  ]),
};

const REQUIRED: Record<EpcisEventType, readonly string[]> = {
  ObjectEvent: ['eventTime', 'eventTimeZoneOffset', 'action'],
  AggregationEvent: ['eventTime', 'eventTimeZoneOffset', 'action'],
  TransactionEvent: ['eventTime', 'eventTimeZoneOffset', 'action', 'bizTransactionList'],
  TransformationEvent: ['eventTime', 'eventTimeZoneOffset'],
  AssociationEvent: ['eventTime', 'eventTimeZoneOffset', 'action', 'parentID'],
};

const ALL_EPCIS_FIELDS = new Set(Object.values(FIELDS_BY_TYPE).flatMap((fields) => [...fields]));

/** True for one of the five EPCIS 2.0 event types. */
export function isEventType(value: unknown): value is EpcisEventType {
  return typeof value === 'string' && Object.hasOwn(FIELDS_BY_TYPE, value);
}

/**
 * Validates one event and returns its normalised copy (same shape as the EPCIS JSON, with URN
 * identifiers, CBV short names and UTC times; extensions unchanged), or undefined when invalid.
 */
export function validateEvent(
  scope: EventScope,
  raw: unknown,
): Record<string, unknown> | undefined {
  const before = scope.issues.count;
  if (!isRecord(raw)) {
    report(scope, '', 'must be an object');
    return undefined;
  }
  if (!isEventType(raw.type)) {
    report(
      scope,
      'type',
      'must be ObjectEvent, AggregationEvent, TransformationEvent, TransactionEvent or AssociationEvent',
    );
    return undefined;
  }
  const type = raw.type;
  const allowed = FIELDS_BY_TYPE[type];
  const out: Record<string, unknown> = { type };
  for (const [key, value] of Object.entries(raw)) {
    const validator = VALIDATORS[key];
    if (key === 'type') continue;
    if (key === '@context') out[key] = value;
    else if (validator !== undefined && allowed.has(key)) out[key] = validator(scope, key, value);
    else if (ALL_EPCIS_FIELDS.has(key)) report(scope, key, `is not allowed in ${article(type)}`);
    else if (checkExtensionKey(scope, '', key)) out[key] = value;
  }
  for (const field of REQUIRED[type]) {
    if (raw[field] === undefined) report(scope, field, `is required in ${article(type)}`);
  }
  checkStructure(scope, type, raw);
  return scope.issues.count === before ? out : undefined;
}

function checkStructure(
  scope: EventScope,
  type: EpcisEventType,
  raw: Record<string, unknown>,
): void {
  const has = (field: string): boolean =>
    Array.isArray(raw[field]) && (raw[field] as unknown[]).length > 0;
  const deleting = raw.action === 'DELETE';
  switch (type) {
    case 'ObjectEvent':
      // As the JSON schema: epcList present (even empty), a quantityList, or sensor data at a readPoint.
      if (
        !Array.isArray(raw.epcList) &&
        !has('quantityList') &&
        !(has('sensorElementList') && isRecord(raw.readPoint))
      ) {
        report(
          scope,
          'epcList',
          'is required: an ObjectEvent needs epcList or quantityList (or sensorElementList with readPoint)',
        );
      }
      if (raw.ilmd !== undefined && raw.action !== 'ADD')
        report(scope, 'ilmd', 'is only allowed when action is ADD');
      return;
    case 'AggregationEvent':
      if (raw.parentID === undefined && (raw.action === 'ADD' || deleting)) {
        report(scope, 'parentID', 'is required when action is ADD or DELETE');
      }
      if (!has('childEPCs') && !has('childQuantityList') && !deleting) {
        report(
          scope,
          'childEPCs',
          'is required: an AggregationEvent needs childEPCs or childQuantityList',
        );
      }
      return;
    case 'AssociationEvent':
      if (!has('childEPCs') && !has('childQuantityList') && !deleting) {
        report(
          scope,
          'childEPCs',
          'is required: an AssociationEvent needs childEPCs or childQuantityList',
        );
      }
      return;
    case 'TransactionEvent':
      if (Array.isArray(raw.bizTransactionList) && raw.bizTransactionList.length === 0) {
        report(scope, 'bizTransactionList', 'must not be empty');
      }
      if (!Array.isArray(raw.epcList) && !has('quantityList') && !deleting) {
        report(scope, 'epcList', 'is required: a TransactionEvent needs epcList or quantityList');
      }
      return;
    case 'TransformationEvent': {
      const inputs = has('inputEPCList') || has('inputQuantityList');
      const outputs = has('outputEPCList') || has('outputQuantityList');
      if (!(inputs && outputs) && !((inputs || outputs) && raw.transformationID !== undefined)) {
        report(
          scope,
          inputs ? 'outputEPCList' : 'inputEPCList',
          'is required: a TransformationEvent needs inputs and outputs (or one side and a transformationID)',
        );
      }
    }
  }
}

function article(type: EpcisEventType): string {
  return `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}`;
}
