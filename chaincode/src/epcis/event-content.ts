import type {
  EpcisEventRecord,
  EpcisEventType,
  QuantityElement,
  SensorReading,
  TypedReference,
} from '../payload';
import { isRecord } from './validation-scope';

/** The fields of an event record that come from the event itself. */
export type EventContent = Pick<
  EpcisEventRecord,
  | 'type'
  | 'eventTime'
  | 'eventTimeZoneOffset'
  | 'action'
  | 'bizStep'
  | 'disposition'
  | 'readPoint'
  | 'bizLocation'
  | 'epcList'
  | 'quantityList'
  | 'parentId'
  | 'childEpcs'
  | 'childQuantityList'
  | 'inputEpcList'
  | 'inputQuantityList'
  | 'outputEpcList'
  | 'outputQuantityList'
  | 'transformationId'
  | 'bizTransactions'
  | 'sources'
  | 'destinations'
  | 'sensorReadings'
  | 'ilmd'
  | 'persistentDisposition'
>;

/** An error declaration, normalised. */
export type ErrorDeclaration = NonNullable<EpcisEventRecord['errorDeclaration']>;

/** Maps a validated, normalised event to the record's flat fields. */
export function eventContentOf(event: Record<string, unknown>): EventContent {
  const persistent = isRecord(event.persistentDisposition)
    ? event.persistentDisposition
    : undefined;
  return {
    type: event.type as EpcisEventType,
    eventTime: str(event.eventTime) ?? '',
    eventTimeZoneOffset: str(event.eventTimeZoneOffset) ?? '',
    action: event.action as EpcisEventRecord['action'],
    bizStep: str(event.bizStep),
    disposition: str(event.disposition),
    readPoint: isRecord(event.readPoint) ? str(event.readPoint.id) : undefined,
    bizLocation: isRecord(event.bizLocation) ? str(event.bizLocation.id) : undefined,
    epcList: strings(event.epcList),
    quantityList: quantities(event.quantityList),
    parentId: str(event.parentID),
    childEpcs: strings(event.childEPCs),
    childQuantityList: quantities(event.childQuantityList),
    inputEpcList: strings(event.inputEPCList),
    inputQuantityList: quantities(event.inputQuantityList),
    outputEpcList: strings(event.outputEPCList),
    outputQuantityList: quantities(event.outputQuantityList),
    transformationId: str(event.transformationID),
    bizTransactions: references(event.bizTransactionList, 'bizTransaction'),
    sources: references(event.sourceList, 'source'),
    destinations: references(event.destinationList, 'destination'),
    sensorReadings: sensorReadings(event.sensorElementList),
    ilmd: isRecord(event.ilmd) ? event.ilmd : undefined,
    persistentDisposition: persistent
      ? { set: optionalStrings(persistent.set), unset: optionalStrings(persistent.unset) }
      : undefined,
  };
}

/** The normalised errorDeclaration of an event, if it has one. */
export function errorDeclarationOf(event: Record<string, unknown>): ErrorDeclaration | undefined {
  const declaration = event.errorDeclaration;
  if (!isRecord(declaration)) return undefined;
  return {
    declarationTime: str(declaration.declarationTime) ?? '',
    reason: str(declaration.reason),
    correctiveEventIds: optionalStrings(declaration.correctiveEventIDs),
  };
}

function sensorReadings(list: unknown): SensorReading[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).flatMap((element) => {
    const metadata = isRecord(element.sensorMetadata) ? element.sensorMetadata : {};
    const reports = Array.isArray(element.sensorReport)
      ? element.sensorReport.filter(isRecord)
      : [];
    return reports.map((report): SensorReading => ({
      type: str(report.type) ?? 'exception',
      value: num(report.value),
      minValue: num(report.minValue),
      maxValue: num(report.maxValue),
      uom: str(report.uom),
      // A report without its own time was taken at the element's time (or over its interval).
      time: str(report.time) ?? str(metadata.time) ?? str(metadata.endTime),
      deviceId: str(report.deviceID) ?? str(metadata.deviceID),
      exception: str(report.exception),
    }));
  });
}

function references(list: unknown, valueKey: string): TypedReference[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter(isRecord)
    .map((item) => ({ type: str(item.type), value: str(item[valueKey]) ?? '' }));
}

function quantities(list: unknown): QuantityElement[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).map((item) => ({
    epcClass: str(item.epcClass) ?? '',
    quantity: num(item.quantity),
    uom: str(item.uom),
  }));
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function optionalStrings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? strings(value) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
