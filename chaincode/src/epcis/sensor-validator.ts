import { SENSOR_ALERT_TYPES, SENSOR_COMPONENTS } from './cbv-vocabulary';
import { time, uri, type FieldValidator } from './field-validators';
import { isUri, normaliseMeasurementType } from './value-normalisers';
import { checkExtensionKey, invalid, isRecord, report, type EventScope } from './validation-scope';

type Kind =
  'time' | 'uri' | 'number' | 'string' | 'boolean' | 'hex' | 'type' | 'exception' | 'component';

const METADATA_FIELDS: Record<string, Kind> = {
  time: 'time',
  startTime: 'time',
  endTime: 'time',
  deviceID: 'uri',
  deviceMetadata: 'uri',
  rawData: 'uri',
  dataProcessingMethod: 'uri',
  bizRules: 'uri',
};

const REPORT_FIELDS: Record<string, Kind> = {
  ...METADATA_FIELDS,
  type: 'type',
  exception: 'exception',
  microorganism: 'uri',
  chemicalSubstance: 'uri',
  coordinateReferenceSystem: 'uri',
  uriValue: 'uri',
  value: 'number',
  minValue: 'number',
  maxValue: 'number',
  meanValue: 'number',
  sDev: 'number',
  percRank: 'number',
  percValue: 'number',
  stringValue: 'string',
  uom: 'string',
  booleanValue: 'boolean',
  hexBinaryValue: 'hex',
  component: 'component',
};

/**
 * sensorElementList: [{sensorMetadata?, sensorReport: [...]}] with namespaced extensions at each
 * level. Accepted deviation from the JSON schema: a sensorReport without `type` is allowed when it
 * carries an `exception` (an alert-only report, as in SensorData_with_combined_events).
 */
export const sensorElementList: FieldValidator = (scope, path, value) => {
  if (!Array.isArray(value)) {
    report(scope, path, 'must be an array of sensor elements');
    return undefined;
  }
  return value.map((element, i) => sensorElement(scope, `${path}[${i}]`, element));
};

function sensorElement(scope: EventScope, path: string, element: unknown): unknown {
  if (!isRecord(element)) return invalid(scope, path, 'must be an object');
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(element)) {
    if (key === 'sensorMetadata') {
      out[key] = isRecord(member)
        ? members(scope, `${path}.${key}`, member, METADATA_FIELDS)
        : invalid(scope, `${path}.${key}`, 'must be an object');
    } else if (key === 'sensorReport') {
      if (!Array.isArray(member) || member.length === 0) {
        report(scope, `${path}.${key}`, 'must be a non-empty array of sensor reports');
      } else out[key] = member.map((item, i) => sensorReport(scope, `${path}.${key}[${i}]`, item));
    } else if (checkExtensionKey(scope, path, key)) out[key] = member;
  }
  if (element.sensorReport === undefined) report(scope, `${path}.sensorReport`, 'is required');
  return out;
}

function sensorReport(scope: EventScope, path: string, item: unknown): unknown {
  if (!isRecord(item)) return invalid(scope, path, 'must be an object');
  if (item.type === undefined && item.exception === undefined) {
    report(scope, `${path}.type`, 'is required (or an exception, for an alert-only report)');
  }
  return members(scope, path, item, REPORT_FIELDS);
}

function members(
  scope: EventScope,
  path: string,
  value: Record<string, unknown>,
  fields: Record<string, Kind>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const kind = fields[key];
    if (kind !== undefined) out[key] = checkMember(scope, `${path}.${key}`, member, kind);
    else if (checkExtensionKey(scope, path, key)) out[key] = member;
  }
  return out;
}

function checkMember(scope: EventScope, path: string, value: unknown, kind: Kind): unknown {
  switch (kind) {
    case 'time':
      return time(scope, path, value);
    case 'uri':
      return uri(scope, path, value);
    case 'type': {
      const result = normaliseMeasurementType(value);
      return 'value' in result ? result.value : invalid(scope, path, result.error);
    }
    case 'exception':
      return vocabularyOrUri(
        scope,
        path,
        value,
        SENSOR_ALERT_TYPES,
        'gs1:',
        'ALARM_CONDITION, ERROR_CONDITION',
      );
    case 'component':
      return vocabularyOrUri(scope, path, value, SENSOR_COMPONENTS, 'cbv:Comp-', 'a CBV component');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? value
        : invalid(scope, path, 'must be a number');
    case 'string':
      return typeof value === 'string' ? value : invalid(scope, path, 'must be a string');
    case 'boolean':
      return typeof value === 'boolean' ? value : invalid(scope, path, 'must be true or false');
    case 'hex':
      return typeof value === 'string' && /^[A-Fa-f0-9]+$/.test(value)
        ? value
        : invalid(scope, path, 'must be hexadecimal');
  }
}

function vocabularyOrUri(
  scope: EventScope,
  path: string,
  value: unknown,
  terms: ReadonlySet<string>,
  curiePrefix: string,
  expected: string,
): unknown {
  if (typeof value === 'string') {
    const term = value.startsWith(curiePrefix) ? value.slice(curiePrefix.length) : value;
    if (terms.has(term)) return term;
    if (isUri(value)) return value;
  }
  return invalid(scope, path, `must be ${expected} or a URI`);
}
