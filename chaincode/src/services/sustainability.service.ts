import type { Caller } from '../contract/caller-identity';
import { Registry } from '../domain/registry';
import { gtinOf, isInstanceUrn, normaliseGtin } from '../epcis/gs1-keys';
import { normaliseIdentifier } from '../epcis/value-normalisers';
import { ContractError } from '../error-codes';
import { stateKeys } from '../ledger/state-keys';
import type { TxState } from '../ledger/tx-state';
import type { EmissionRecord, EpcisEventRecord, FootprintRecord } from '../payload';
import { canonicalJson } from '../util/canonical-json';
import { sha256Hex } from '../util/hash';
import { InputFields } from './input-fields';
import { assertOwner } from './master-data.service';

const MODES = ['road', 'rail', 'air', 'sea', 'inland_waterway', 'other'] as const;

/**
 * RecordEmission: a GLEC transport emission for a captured event, by the capturing organisation or
 * a party to the event. co2eKg = massKg / 1000 × distanceKm × factorValue, rounded to 1 mg.
 * @throws ContractError INVALID_ARGUMENT, NOT_FOUND, FORBIDDEN_NOT_PARTY, NOT_RECORD_OWNER
 */
export async function recordEmission(
  tx: TxState,
  caller: Caller,
  json: string,
): Promise<EmissionRecord> {
  const input: InputFields = InputFields.parse(json, 'RecordEmission');
  const fields = {
    eventId: input.string('eventId'),
    mode: input.oneOf('mode', MODES),
    distanceKm: input.number('distanceKm', { min: 0 }),
    massKg: input.number('massKg', { min: 0 }),
    factorId: input.string('factorId'),
    factorValue: input.number('factorValue', { min: 0 }),
    factorSource: input.string('factorSource'),
    factorVersion: input.string('factorVersion'),
    scope: input.oneOf('scope', ['WTW', 'TTW'] as const),
  };
  const event = await tx.read('event', stateKeys.event(fields.eventId));
  if (!event) throw new ContractError('NOT_FOUND', `event ${fields.eventId} does not exist`);
  if (event.errorDeclaration)
    input.fail('eventId', `names an event declared erroneous (${fields.eventId})`);
  if (!(await isPartyTo(event, caller, new Registry(tx)))) {
    throw new ContractError(
      'FORBIDDEN_NOT_PARTY',
      `${caller.mspId} neither captured ${fields.eventId} nor is a party to it`,
    );
  }
  const emissionId =
    input.optionalString('emissionId') ??
    `emission-${sha256Hex(canonicalJson(fields) + caller.mspId).slice(0, 24)}`;
  assertOwner(
    (await tx.read('emission', stateKeys.emission(emissionId)))?.recordedByMsp,
    caller,
    `emission ${emissionId}`,
  );
  const record: EmissionRecord = {
    emissionId,
    ...fields,
    co2eKg: Math.round((fields.massKg / 1000) * fields.distanceKm * fields.factorValue * 1e6) / 1e6,
    recordedByMsp: caller.mspId,
    updatedTx: tx.txId,
  };
  tx.write('emission', stateKeys.emission(emissionId), record);
  return record;
}

/**
 * SubmitProductFootprint: a PACT footprint, stored in v3 terms, by the products' owner. PACT v2
 * gave pcfExcludingBiogenic per ONE declared unit; v3 gives it per declaredUnitAmount units, so a
 * 2.x submission is multiplied by declaredUnitAmount (v2 names declaredUnit / unitaryProductAmount
 * / pCfExcludingBiogenic are accepted too) and marked convertedFromV2.
 * @throws ContractError INVALID_ARGUMENT, NOT_FOUND, NOT_PRODUCT_OWNER, NOT_RECORD_OWNER
 */
export async function submitProductFootprint(
  tx: TxState,
  caller: Caller,
  json: string,
): Promise<FootprintRecord> {
  const input: InputFields = InputFields.parse(json, 'SubmitProductFootprint');
  const specVersion = input.string('specVersion');
  const major = /^(\d+)(\.|$)/.exec(specVersion)?.[1];
  if (major !== '2' && major !== '3')
    input.fail('specVersion', 'must be a PACT 2.x or 3.x version');
  const v2 = major === '2';
  const alias = (v3Name: string, v2Name: string): string =>
    v2 && input.values[v3Name] === undefined ? v2Name : v3Name;
  const registry = new Registry(tx);
  const prefixes = await registry.companyPrefixes();
  const productIds = [
    ...new Set(
      input
        .strings('productIds')
        .map((value, i) => productId(input, `productIds[${i}]`, value, prefixes)),
    ),
  ];
  for (const id of productIds) {
    const gtin = id.startsWith('urn:gtin:') ? id.slice('urn:gtin:'.length) : gtinOf(id);
    const product = await registry.product(gtin);
    if (!product) throw new ContractError('NOT_FOUND', `product ${gtin ?? id} is not registered`);
    if (product.ownerMsp !== caller.mspId) {
      throw new ContractError(
        'NOT_PRODUCT_OWNER',
        `${id} belongs to ${product.ownerMsp}; ${caller.mspId} cannot submit its footprint`,
      );
    }
  }
  const declaredUnitOfMeasurement = input.string(
    alias('declaredUnitOfMeasurement', 'declaredUnit'),
  );
  const declaredUnitAmount = input.number(alias('declaredUnitAmount', 'unitaryProductAmount'), {
    min: 0,
    exclusiveMin: true,
  });
  const submitted = input.number(alias('pcfExcludingBiogenicUptake', 'pCfExcludingBiogenic'), {
    min: 0,
  });
  const pcf = v2 ? submitted * declaredUnitAmount : submitted;
  const content = {
    productIds,
    declaredUnitOfMeasurement,
    declaredUnitAmount,
    pcfExcludingBiogenicUptake: pcf,
    specVersion,
  };
  const footprintId =
    input.optionalString('footprintId') ??
    `pcf-${sha256Hex(canonicalJson(content) + caller.mspId).slice(0, 24)}`;
  assertOwner(
    (await tx.read('footprint', stateKeys.footprint(footprintId)))?.submittedByMsp,
    caller,
    `footprint ${footprintId}`,
  );
  const record: FootprintRecord = {
    footprintId,
    ...content,
    co2ePerUnitKg: pcf / declaredUnitAmount,
    convertedFromV2: v2,
    submittedByMsp: caller.mspId,
    updatedTx: tx.txId,
  };
  tx.write('footprint', stateKeys.footprint(footprintId), record);
  return record;
}

async function isPartyTo(
  event: EpcisEventRecord,
  caller: Caller,
  registry: Registry,
): Promise<boolean> {
  if (event.capturedByMsp === caller.mspId) return true;
  for (const { type, value } of [...event.sources, ...event.destinations]) {
    const msp =
      type === 'location'
        ? (await registry.location(value))?.ownerMsp
        : await registry.orgOfParty(value);
    if (msp === caller.mspId) return true;
  }
  return false;
}

// Product ids: urn:gtin:<GTIN-14> for a product, an lgtin URN for one lot.
function productId(
  input: InputFields,
  field: string,
  value: string,
  prefixes: readonly string[],
): string {
  const gtin = /^urn:gtin:(\d+)$/.exec(value)?.[1];
  if (gtin !== undefined) {
    const gtin14 = normaliseGtin(gtin);
    return gtin14 === undefined ? input.fail(field, 'has an invalid GTIN') : `urn:gtin:${gtin14}`;
  }
  const id = normaliseIdentifier(value, prefixes);
  if ('value' in id && !isInstanceUrn(id.value) && gtinOf(id.value) !== undefined) {
    return id.value.startsWith('urn:epc:idpat:sgtin:')
      ? `urn:gtin:${gtinOf(id.value) ?? ''}`
      : id.value;
  }
  return input.fail(field, 'must be urn:gtin:<GTIN>, an lgtin URN or a GS1 Digital Link /01/…');
}
