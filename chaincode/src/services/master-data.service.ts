import type { Caller } from '../contract/caller-identity';
import { Registry } from '../domain/registry';
import { normaliseGtin, splitEpcUrn } from '../epcis/gs1-keys';
import { normaliseIdentifier } from '../epcis/value-normalisers';
import { ContractError } from '../error-codes';
import { stateKeys } from '../ledger/state-keys';
import type { TxState } from '../ledger/tx-state';
import type { LocationRecord, OrganizationRecord, ProductRecord } from '../payload';
import { InputFields } from './input-fields';

const ROLES = ['manufacturer', 'distributor', 'pharmacy', 'other'] as const;

/**
 * RegisterOrganization: binds an MSP to its party ids and company prefixes. Only an admin of that
 * MSP may (re-)register it, and no party id or prefix may overlap another organisation's, because
 * custody and Digital Link conversion trust these bindings.
 * @throws ContractError INVALID_ARGUMENT, FORBIDDEN_WRONG_MSP, FORBIDDEN_NOT_ADMIN, IDENTIFIER_CLAIMED
 */
export async function registerOrganization(
  tx: TxState,
  caller: Caller,
  json: string,
): Promise<OrganizationRecord> {
  const input: InputFields = InputFields.parse(json, 'RegisterOrganization');
  const mspId = input.string('mspId');
  const record: OrganizationRecord = {
    mspId,
    name: input.string('name'),
    role: input.oneOf('role', ROLES),
    partyIds: [
      ...new Set(
        input.strings('partyIds', true).map((id, i) => partyId(input, `partyIds[${i}]`, id)),
      ),
    ],
    companyPrefixes: [...new Set(input.strings('companyPrefixes', true))],
    updatedTx: tx.txId,
  };
  record.companyPrefixes.forEach((prefix, i) => {
    if (!/^\d{6,12}$/.test(prefix))
      input.fail(`companyPrefixes[${i}]`, 'must be a GS1 company prefix (6-12 digits)');
  });
  if (caller.mspId !== mspId) {
    throw new ContractError(
      'FORBIDDEN_WRONG_MSP',
      `${caller.mspId} cannot register organisation ${mspId}`,
    );
  }
  if (!caller.isAdmin) {
    throw new ContractError(
      'FORBIDDEN_NOT_ADMIN',
      `registering ${mspId} needs an admin identity (OU=admin), not ${caller.id}`,
    );
  }
  for (const other of await new Registry(tx).allOrganizations()) {
    if (other.mspId === mspId) continue;
    const party = record.partyIds.find((id) => other.partyIds.includes(id));
    if (party !== undefined)
      throw new ContractError('IDENTIFIER_CLAIMED', `party ${party} is bound to ${other.mspId}`);
    const prefix = record.companyPrefixes.find((mine) =>
      other.companyPrefixes.some((theirs) => mine.startsWith(theirs) || theirs.startsWith(mine)),
    );
    if (prefix !== undefined)
      throw new ContractError(
        'IDENTIFIER_CLAIMED',
        `company prefix ${prefix} overlaps one bound to ${other.mspId}`,
      );
  }
  tx.write('organization', stateKeys.organization(mspId), record);
  return record;
}

/**
 * RegisterLocation: an SGLN owned by the caller's (registered) organisation.
 * @throws ContractError INVALID_ARGUMENT, FORBIDDEN_WRONG_MSP, NOT_FOUND, NOT_RECORD_OWNER
 */
export async function registerLocation(
  tx: TxState,
  caller: Caller,
  json: string,
): Promise<LocationRecord> {
  const input: InputFields = InputFields.parse(json, 'RegisterLocation');
  const registry = new Registry(tx);
  const id = normaliseIdentifier(input.string('id'), await registry.companyPrefixes());
  if (!('value' in id) || splitEpcUrn(id.value)?.scheme !== 'sgln')
    input.fail('id', 'must be an SGLN (urn:epc:id:sgln:… or a Digital Link /414/…)');
  const record: LocationRecord = {
    id: id.value,
    name: input.string('name'),
    address: input.optionalString('address'),
    latitude: input.optionalNumber('latitude', { min: -90, max: 90 }),
    longitude: input.optionalNumber('longitude', { min: -180, max: 180 }),
    ownerMsp: await ownerOf(input, caller, registry),
    updatedTx: tx.txId,
  };
  const existing = await registry.location(record.id);
  assertOwner(existing?.ownerMsp, caller, `location ${record.id}`);
  tx.write('location', stateKeys.location(record.id), record);
  return record;
}

/**
 * RegisterProduct: a GTIN owned by the caller's (registered) organisation.
 * @throws ContractError INVALID_ARGUMENT, FORBIDDEN_WRONG_MSP, NOT_FOUND, NOT_RECORD_OWNER
 */
export async function registerProduct(
  tx: TxState,
  caller: Caller,
  json: string,
): Promise<ProductRecord> {
  const input: InputFields = InputFields.parse(json, 'RegisterProduct');
  const registry = new Registry(tx);
  const gtin = normaliseGtin(input.string('gtin'));
  if (gtin === undefined) input.fail('gtin', 'must be a GTIN-8/12/13/14 with a valid check digit');
  const record: ProductRecord = {
    gtin,
    ndc: input.optionalString('ndc'),
    name: input.string('name'),
    dosageForm: input.optionalString('dosageForm'),
    strength: input.optionalString('strength'),
    unitMassKg: input.optionalNumber('unitMassKg', { min: 0, exclusiveMin: true }),
    ownerMsp: await ownerOf(input, caller, registry),
    updatedTx: tx.txId,
  };
  assertOwner((await registry.product(gtin))?.ownerMsp, caller, `product ${gtin}`);
  tx.write('product', stateKeys.product(gtin), record);
  return record;
}

/** Throws NOT_RECORD_OWNER when an existing record belongs to another organisation. */
export function assertOwner(ownerMsp: string | undefined, caller: Caller, what: string): void {
  if (ownerMsp !== undefined && ownerMsp !== caller.mspId) {
    throw new ContractError(
      'NOT_RECORD_OWNER',
      `${what} belongs to ${ownerMsp}; ${caller.mspId} cannot change it`,
    );
  }
}

async function ownerOf(input: InputFields, caller: Caller, registry: Registry): Promise<string> {
  const ownerMsp = input.optionalString('ownerMsp') ?? caller.mspId;
  if (ownerMsp !== caller.mspId) {
    throw new ContractError(
      'FORBIDDEN_WRONG_MSP',
      `${caller.mspId} cannot register a record owned by ${ownerMsp}`,
    );
  }
  if (!(await registry.organization(ownerMsp))) {
    throw new ContractError(
      'NOT_FOUND',
      `organisation ${ownerMsp} is not registered; register it first`,
    );
  }
  return ownerMsp;
}

function partyId(input: InputFields, field: string, value: string): string {
  const id = normaliseIdentifier(value, []);
  if (!('value' in id) || splitEpcUrn(id.value)?.scheme !== 'pgln') {
    input.fail(field, 'must be a PGLN (urn:epc:id:pgln:… or a Digital Link /417/…)');
  }
  return id.value;
}
