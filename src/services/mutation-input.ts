/**
 * Turns each mutation's input into the contract call it makes, after checking the fields the
 * contract would refuse (see chaincode/src/services/*.ts for the rules it enforces). Pure.
 */
import { BadUserInputError } from '../errors.js';
import {
  compact,
  isGtin,
  isJsonObject,
  optionalNumber,
  optionalText,
  requireNumber,
  requireOneOf,
  requireText,
  requireTextList,
} from './input-checks.js';
import type { ContractCall } from './ledger-port.js';

/** A validated mutation: what to hash for idempotency and what to call. */
export interface PreparedMutation {
  /** The GraphQL mutation name. */
  operation: string;
  /** The normalised input, hashed to recognise a retry. */
  input: unknown;
  call: ContractCall;
}

/** registerProduct's input. */
export interface ProductInput {
  gtin: string;
  name: string;
  ndc?: string | null;
  dosageForm?: string | null;
  strength?: string | null;
  unitMassKg?: number | null;
}

/** registerLocation's input. */
export interface LocationInput {
  id: string;
  name: string;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

/** initiateRecall's input. */
export interface RecallInput {
  recallId?: string | null;
  lotClasses: string[];
  classification: string;
  reason: string;
}

/** recordEmission's input (GLEC). */
export interface EmissionInput {
  emissionId?: string | null;
  eventId: string;
  mode: string;
  distanceKm: number;
  massKg: number;
  factorId: string;
  factorValue: number;
  factorSource: string;
  factorVersion: string;
  scope: string;
}

/** submitProductFootprint's input (PACT, v3 field names). */
export interface FootprintInput {
  footprintId?: string | null;
  productIds: string[];
  declaredUnitOfMeasurement: string;
  declaredUnitAmount: number;
  pcfExcludingBiogenicUptake: number;
  specVersion: string;
}

const EVENT_TYPES = [
  'ObjectEvent',
  'AggregationEvent',
  'TransformationEvent',
  'TransactionEvent',
  'AssociationEvent',
];
const MODES = ['road', 'rail', 'air', 'sea', 'inland_waterway', 'other'] as const;

function prepared(operation: string, fn: string, input: unknown, arg: string): PreparedMutation {
  return { operation, input, call: { fn, args: [arg] } };
}

function json(operation: string, fn: string, input: Record<string, unknown>): PreparedMutation {
  const fields = compact(input);
  return prepared(operation, fn, fields, JSON.stringify(fields));
}

function eventListOf(document: Record<string, unknown>): [unknown, string] {
  const body = isJsonObject(document.epcisBody) ? document.epcisBody : {};
  if (document.type !== 'EPCISQueryDocument')
    return [body.eventList, 'document.epcisBody.eventList'];
  const results = isJsonObject(body.queryResults) ? body.queryResults : {};
  const resultsBody = isJsonObject(results.resultsBody) ? results.resultsBody : {};
  return [resultsBody.eventList, 'document.epcisBody.queryResults.resultsBody.eventList'];
}

/** captureEvents: an EPCIS 2.0 capture document, shape-checked. */
export function prepareCapture(document: unknown): PreparedMutation {
  if (!isJsonObject(document)) {
    throw new BadUserInputError(
      'document must be an EPCIS 2.0 document (a JSON object)',
      'document',
    );
  }
  requireOneOf(document.type, 'document.type', ['EPCISDocument', 'EPCISQueryDocument']);
  const [events, field] = eventListOf(document);
  if (!Array.isArray(events) || events.length === 0) {
    throw new BadUserInputError(`${field} must be a non-empty list of events`, field);
  }
  events.forEach((event, i) => {
    if (!isJsonObject(event)) {
      throw new BadUserInputError(`${field}[${i}] must be an event object`, `${field}[${i}]`);
    }
    requireOneOf(event.type, `${field}[${i}].type`, EVENT_TYPES);
  });
  return prepared('captureEvents', 'CaptureEvents', document, JSON.stringify(document));
}

/** registerProduct. */
export function prepareProduct(input: ProductInput): PreparedMutation {
  const gtin = requireText(input.gtin, 'input.gtin').trim();
  if (!isGtin(gtin)) {
    throw new BadUserInputError(
      'input.gtin must be a GTIN-8/12/13/14 with a valid check digit',
      'input.gtin',
    );
  }
  return json('registerProduct', 'RegisterProduct', {
    gtin,
    name: requireText(input.name, 'input.name'),
    ndc: optionalText(input.ndc, 'input.ndc'),
    dosageForm: optionalText(input.dosageForm, 'input.dosageForm'),
    strength: optionalText(input.strength, 'input.strength'),
    unitMassKg: optionalNumber(input.unitMassKg, 'input.unitMassKg', {
      min: 0,
      exclusiveMin: true,
    }),
  });
}

/** registerLocation. */
export function prepareLocation(input: LocationInput): PreparedMutation {
  const id = requireText(input.id, 'input.id').trim();
  if (!id.startsWith('urn:epc:id:sgln:') && !id.includes('/414/')) {
    throw new BadUserInputError(
      'input.id must be an SGLN (urn:epc:id:sgln:… or a GS1 Digital Link with /414/)',
      'input.id',
    );
  }
  return json('registerLocation', 'RegisterLocation', {
    id,
    name: requireText(input.name, 'input.name'),
    address: optionalText(input.address, 'input.address'),
    latitude: optionalNumber(input.latitude, 'input.latitude', { min: -90, max: 90 }),
    longitude: optionalNumber(input.longitude, 'input.longitude', { min: -180, max: 180 }),
  });
}

/** initiateRecall. */
export function prepareRecall(input: RecallInput): PreparedMutation {
  const lotClasses = requireTextList(input.lotClasses, 'input.lotClasses');
  lotClasses.forEach((lot, i) => {
    if (
      !lot.startsWith('urn:epc:class:lgtin:') &&
      !(lot.includes('/01/') && lot.includes('/10/'))
    ) {
      throw new BadUserInputError(
        `input.lotClasses[${i}] must be an lgtin class URN or a Digital Link with /01/…/10/…`,
        `input.lotClasses[${i}]`,
      );
    }
  });
  return json('initiateRecall', 'InitiateRecall', {
    recallId: optionalText(input.recallId, 'input.recallId'),
    lotClasses,
    classification: requireOneOf(input.classification, 'input.classification', ['I', 'II', 'III']),
    reason: requireText(input.reason, 'input.reason'),
  });
}

/** closeRecall: the contract takes the bare id, not JSON. */
export function prepareCloseRecall(recallId: string): PreparedMutation {
  const id = requireText(recallId, 'recallId');
  return prepared('closeRecall', 'CloseRecall', { recallId: id }, id);
}

/** recordEmission. */
export function prepareEmission(input: EmissionInput): PreparedMutation {
  return json('recordEmission', 'RecordEmission', {
    emissionId: optionalText(input.emissionId, 'input.emissionId'),
    eventId: requireText(input.eventId, 'input.eventId'),
    mode: requireOneOf(input.mode, 'input.mode', MODES),
    distanceKm: requireNumber(input.distanceKm, 'input.distanceKm', { min: 0 }),
    massKg: requireNumber(input.massKg, 'input.massKg', { min: 0 }),
    factorId: requireText(input.factorId, 'input.factorId'),
    factorValue: requireNumber(input.factorValue, 'input.factorValue', { min: 0 }),
    factorSource: requireText(input.factorSource, 'input.factorSource'),
    factorVersion: requireText(input.factorVersion, 'input.factorVersion'),
    scope: requireOneOf(input.scope, 'input.scope', ['WTW', 'TTW']),
  });
}

/** submitProductFootprint. */
export function prepareFootprint(input: FootprintInput): PreparedMutation {
  const specVersion = requireText(input.specVersion, 'input.specVersion');
  if (!/^[23](\.|$)/.test(specVersion)) {
    throw new BadUserInputError(
      'input.specVersion must be a PACT 2.x or 3.x version',
      'input.specVersion',
    );
  }
  return json('submitProductFootprint', 'SubmitProductFootprint', {
    footprintId: optionalText(input.footprintId, 'input.footprintId'),
    productIds: requireTextList(input.productIds, 'input.productIds'),
    declaredUnitOfMeasurement: requireText(
      input.declaredUnitOfMeasurement,
      'input.declaredUnitOfMeasurement',
    ),
    declaredUnitAmount: requireNumber(input.declaredUnitAmount, 'input.declaredUnitAmount', {
      min: 0,
      exclusiveMin: true,
    }),
    pcfExcludingBiogenicUptake: requireNumber(
      input.pcfExcludingBiogenicUptake,
      'input.pcfExcludingBiogenicUptake',
      { min: 0 },
    ),
    specVersion,
  });
}
