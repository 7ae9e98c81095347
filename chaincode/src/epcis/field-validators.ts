import { isIsoDate, parseOffset, toUtcIso } from '../util/time';
import {
  BIZ_TRANSACTION_TYPES,
  DISPOSITIONS,
  ERROR_REASONS,
  SOURCE_DESTINATION_TYPES,
  type CbvVocabulary,
} from './cbv-vocabulary';
import { isUri, normaliseCbv, normaliseIdentifier } from './value-normalisers';
import { checkExtensionKey, invalid, isRecord, report, type EventScope } from './validation-scope';

/**
 * Validators for EPCIS event fields. Each checks one field, reports problems under its path and
 * returns the normalised value (identifiers as URNs, CBV terms as short names, times in UTC), or
 * undefined when invalid. Extension members are copied unchanged.
 */
export type FieldValidator = (scope: EventScope, path: string, value: unknown) => unknown;

/** An ISO 8601 date-time with offset, normalised to UTC. */
export const time: FieldValidator = (scope, path, value) => {
  const utc = typeof value === 'string' ? toUtcIso(value) : undefined;
  if (utc === undefined)
    report(
      scope,
      path,
      'must be an ISO 8601 date-time with a time zone, e.g. 2024-05-01T10:00:00Z',
    );
  return utc;
};

/** An eventTimeZoneOffset, ±HH:MM within -14:00..+14:00. */
export const offset: FieldValidator = (scope, path, value) => {
  if (typeof value === 'string' && value !== 'Z' && parseOffset(value) !== undefined) return value;
  report(scope, path, 'must be a time zone offset ±HH:MM between -14:00 and +14:00');
  return undefined;
};

/** ADD, OBSERVE or DELETE. */
export const action: FieldValidator = (scope, path, value) => {
  if (value === 'ADD' || value === 'OBSERVE' || value === 'DELETE') return value;
  report(scope, path, 'must be ADD, OBSERVE or DELETE');
  return undefined;
};

/** Any absolute URI, kept as is. */
export const uri: FieldValidator = (scope, path, value) => {
  if (isUri(value)) return value;
  report(scope, path, 'must be a URI');
  return undefined;
};

/** A CBV term or custom URI of the given vocabulary. */
export function cbv(vocabulary: CbvVocabulary): FieldValidator {
  return (scope, path, value) => {
    const result = normaliseCbv(value, vocabulary);
    if ('value' in result) return result.value;
    report(scope, path, result.error);
    return undefined;
  };
}

/** An identifier, as an EPC URN when it is a GS1 key. */
export const identifier: FieldValidator = (scope, path, value) => {
  const result = normaliseIdentifier(value, scope.companyPrefixes);
  if ('value' in result) return result.value;
  report(scope, path, result.error);
  return undefined;
};

/**
 * A list of distinct identifiers. The schema forbids repeating a string; two spellings of one key
 * (a URN and its Digital Link) are one object after normalisation, so the list is deduplicated.
 */
export const identifierList: FieldValidator = (scope, path, value) => {
  if (!Array.isArray(value)) return invalid(scope, path, 'must be an array of identifiers');
  if (new Set(value).size !== value.length)
    return invalid(scope, path, 'lists an identifier twice');
  const items = value.map((item, i) => identifier(scope, `${path}[${i}]`, item));
  if (items.some((item) => item === undefined)) return undefined;
  return [...new Set(items)];
};

/** A quantityList: {epcClass, quantity?, uom?} elements, nothing else (schema: no extra members). */
export const quantityList: FieldValidator = (scope, path, value) => {
  if (!Array.isArray(value)) return invalid(scope, path, 'must be an array of quantity elements');
  const before = scope.issues.count;
  const items = value.map((element: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(element)) return invalid(scope, at, 'must be an object');
    const out: Record<string, unknown> = {
      epcClass: identifier(scope, `${at}.epcClass`, element.epcClass),
    };
    if (element.quantity !== undefined) {
      if (
        typeof element.quantity !== 'number' ||
        !Number.isFinite(element.quantity) ||
        element.quantity < 0
      ) {
        report(scope, `${at}.quantity`, 'must be a non-negative number');
      } else out.quantity = element.quantity;
    }
    if (element.uom !== undefined) {
      if (typeof element.uom !== 'string' || !/^[A-Z0-9]{2,3}$/.test(element.uom)) {
        report(scope, `${at}.uom`, 'must be a UN/CEFACT Rec 20 code (2-3 capitals or digits)');
      } else out.uom = element.uom;
    }
    for (const key of Object.keys(element)) {
      if (key !== 'epcClass' && key !== 'quantity' && key !== 'uom') {
        report(
          scope,
          `${at}.${key}`,
          'is not allowed in a quantity element (only epcClass, quantity, uom)',
        );
      }
    }
    return out;
  });
  return scope.issues.count === before ? items : undefined;
};

/** readPoint / bizLocation: {id} plus namespaced extensions. */
export const location: FieldValidator = (scope, path, value) => {
  if (!isRecord(value)) return invalid(scope, path, 'must be an object with an id');
  if (value.id === undefined) return invalid(scope, `${path}.id`, 'is required');
  return withExtensions(scope, path, value, { id: identifier(scope, `${path}.id`, value.id) }, [
    'id',
  ]);
};

/** bizTransactionList: [{type?, bizTransaction}]. */
export const bizTransactionList: FieldValidator = (scope, path, value) =>
  typedList(scope, path, value, 'bizTransaction', BIZ_TRANSACTION_TYPES, false);

/** sourceList: [{type, source}]. */
export const sourceList: FieldValidator = (scope, path, value) =>
  typedList(scope, path, value, 'source', SOURCE_DESTINATION_TYPES, true);

/** destinationList: [{type, destination}]. */
export const destinationList: FieldValidator = (scope, path, value) =>
  typedList(scope, path, value, 'destination', SOURCE_DESTINATION_TYPES, true);

/** persistentDisposition: {set?, unset?}, each a non-empty list of dispositions. */
export const persistentDisposition: FieldValidator = (scope, path, value) => {
  if (!isRecord(value) || (value.set === undefined && value.unset === undefined)) {
    return invalid(scope, path, 'must be an object with set and/or unset');
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const list = value[key];
    if (key !== 'set' && key !== 'unset')
      report(scope, `${path}.${key}`, 'is not allowed (only set, unset)');
    else if (!Array.isArray(list) || list.length === 0)
      report(scope, `${path}.${key}`, 'must be a non-empty array');
    else out[key] = list.map((item, i) => cbv(DISPOSITIONS)(scope, `${path}.${key}[${i}]`, item));
  }
  return out;
};

/** errorDeclaration: {declarationTime, reason?, correctiveEventIDs?} plus namespaced extensions. */
export const errorDeclaration: FieldValidator = (scope, path, value) => {
  if (!isRecord(value)) return invalid(scope, path, 'must be an object');
  const out: Record<string, unknown> = {};
  if (value.declarationTime === undefined) report(scope, `${path}.declarationTime`, 'is required');
  else out.declarationTime = time(scope, `${path}.declarationTime`, value.declarationTime);
  if (value.reason !== undefined)
    out.reason = cbv(ERROR_REASONS)(scope, `${path}.reason`, value.reason);
  if (value.correctiveEventIDs !== undefined) {
    const ids = value.correctiveEventIDs;
    if (!Array.isArray(ids))
      report(scope, `${path}.correctiveEventIDs`, 'must be an array of event ids');
    else
      out.correctiveEventIDs = ids.map((id, i) =>
        uri(scope, `${path}.correctiveEventIDs[${i}]`, id),
      );
  }
  return withExtensions(scope, path, value, out, [
    'declarationTime',
    'reason',
    'correctiveEventIDs',
  ]);
};

/** certificationInfo: a URI, a list of URIs, or a list of gs1:CertificationDetails wrappers. */
export const certificationInfo: FieldValidator = (scope, path, value) => {
  if (isUri(value)) return value;
  if (!Array.isArray(value)) return invalid(scope, path, 'must be a URI or an array');
  value.forEach((item: unknown, i) => {
    if (isUri(item)) return;
    if (!isRecord(item)) {
      report(scope, `${path}[${i}]`, 'must be a URI or a certification details object');
      return;
    }
    for (const [key, details] of Object.entries(item)) {
      if (!checkExtensionKey(scope, `${path}[${i}]`, key)) continue;
      checkCertificationDates(scope, `${path}[${i}].${key}`, details);
    }
  });
  return value as unknown[];
};

/** ilmd: an object whose members are all namespaced. */
export const ilmd: FieldValidator = (scope, path, value) => {
  if (!isRecord(value)) return invalid(scope, path, 'must be an object');
  return withExtensions(scope, path, value, {}, []);
};

function checkCertificationDates(scope: EventScope, path: string, details: unknown): void {
  if (!isRecord(details)) return;
  for (const [key, value] of Object.entries(details)) {
    // gs1:certificationAuditDate, …StartDate, …EndDate, initialCertificationDate are dates.
    if (
      /Date$/.test(key) &&
      (typeof value !== 'string' || (!isIsoDate(value) && toUtcIso(value) === undefined))
    ) {
      report(scope, `${path}.${key}`, 'must be an ISO 8601 date (YYYY-MM-DD) or date-time');
    }
  }
}

/**
 * Most entries in a sourceList, destinationList or bizTransactionList. Real events name a handful
 * (an owner, a possessor and a location on each side; a PO and a despatch advice). The API's query
 * cost counts 4 parties (sources and destinations together) and 4 business transactions per event:
 * with this bound it is off by 16× and 8× at most.
 */
export const MAX_TYPED_LIST = 32;

function typedList(
  scope: EventScope,
  path: string,
  value: unknown,
  valueKey: string,
  vocabulary: CbvVocabulary,
  typeRequired: boolean,
): unknown {
  if (!Array.isArray(value)) return invalid(scope, path, 'must be an array');
  if (value.length > MAX_TYPED_LIST)
    return invalid(
      scope,
      path,
      `must have at most ${MAX_TYPED_LIST} entries (has ${value.length})`,
    );
  return value.map((item, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(item)) return invalid(scope, at, 'must be an object');
    const out: Record<string, unknown> = {};
    if (item.type !== undefined) out.type = cbv(vocabulary)(scope, `${at}.type`, item.type);
    else if (typeRequired) report(scope, `${at}.type`, 'is required');
    if (item[valueKey] === undefined) report(scope, `${at}.${valueKey}`, 'is required');
    // Parties and locations are GS1 keys worth normalising; transaction ids are opaque URIs.
    else
      out[valueKey] = (valueKey === 'bizTransaction' ? uri : identifier)(
        scope,
        `${at}.${valueKey}`,
        item[valueKey],
      );
    for (const key of Object.keys(item)) {
      if (key !== 'type' && key !== valueKey)
        report(scope, `${at}.${key}`, `is not allowed (only type, ${valueKey})`);
    }
    return out;
  });
}

function withExtensions(
  scope: EventScope,
  path: string,
  value: Record<string, unknown>,
  out: Record<string, unknown>,
  known: readonly string[],
): Record<string, unknown> {
  for (const [key, member] of Object.entries(value)) {
    if (!known.includes(key) && checkExtensionKey(scope, path, key)) out[key] = member;
  }
  return out;
}
