/**
 * Master data reads: products, organisations, parties, locations. Lists page by keyset on their
 * natural key; the batch functions serve the per-request DataLoaders with one `= ANY($1)` statement.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import {
  anyOf,
  keysetPage,
  whereAny,
  type AnyOf,
  type Page,
  type PageQuery,
  type Provenanced,
} from './catalog-page.queries.js';
import type { Database, ProductsTable } from './database.js';

/** Provenance columns of a row, renamed. */
export const provenanceOf = (r: { tx_id: string; block_number: bigint }): Provenanced => ({
  txId: r.tx_id,
  blockNumber: r.block_number,
});

/** A numeric column's decimal string as a number (null stays null). */
export const num = (value: string | null): number | null => (value === null ? null : Number(value));

/** A product as the API returns it. */
export interface ProductRow extends Provenanced {
  gtin: string;
  ndc: string | null;
  name: string;
  dosageForm: string | null;
  strength: string | null;
  unitMassKg: number | null;
  ownerMsp: string;
}

/** Converts a products row. */
export function toProduct(r: Selectable<ProductsTable>): ProductRow {
  return {
    gtin: r.gtin,
    ndc: r.ndc,
    name: r.name,
    dosageForm: r.dosage_form,
    strength: r.strength,
    unitMassKg: num(r.unit_mass_kg),
    ownerMsp: r.owner_msp,
    ...provenanceOf(r),
  };
}

/** Product list conditions. */
export interface ProductQuery {
  gtin?: AnyOf;
  ndc?: AnyOf;
  ownerMsp?: AnyOf;
}

/** Products matching `f`, as a query to page or count. */
export function productsQuery(db: Kysely<Database>, f: ProductQuery) {
  let q = db.selectFrom('products').selectAll();
  q = whereAny(q, 'gtin', f.gtin);
  q = whereAny(q, 'ndc', f.ndc);
  return whereAny(q, 'owner_msp', f.ownerMsp);
}

/** A page of products by GTIN. */
export function findProducts(
  db: Kysely<Database>,
  f: ProductQuery,
  page: PageQuery,
): Promise<Page<ProductRow>> {
  return keysetPage(
    productsQuery(db, f),
    [{ column: 'gtin', type: 'text' }],
    page,
    toProduct,
    (r) => [r.gtin],
  );
}

/** Products by GTIN (batch). */
export async function productsByGtin(
  db: Kysely<Database>,
  gtins: readonly string[],
): Promise<ProductRow[]> {
  return (await db.selectFrom('products').selectAll().where(anyOf('gtin', gtins)).execute()).map(
    toProduct,
  );
}

/** An organisation as the API returns it. */
export interface OrganizationRow extends Provenanced {
  mspId: string;
  name: string;
  role: string;
  partyIds: string[];
  companyPrefixes: string[];
}

const organizationsBase = (db: Kysely<Database>) =>
  db
    .selectFrom('organizations')
    .select([
      'msp_id as mspId',
      'name',
      'role',
      'party_ids as partyIds',
      'company_prefixes as companyPrefixes',
      'tx_id as txId',
      'block_number as blockNumber',
    ]);

/** All organisations, as a query to page or count. */
export function organizationsQuery(db: Kysely<Database>) {
  return organizationsBase(db);
}

/** A page of organisations by MSP id. */
export function findOrganizations(
  db: Kysely<Database>,
  page: PageQuery,
): Promise<Page<OrganizationRow>> {
  return keysetPage(
    organizationsBase(db),
    [{ column: 'msp_id', type: 'text' }],
    page,
    (r) => r,
    (r) => [r.mspId],
  );
}

/** Organisations by MSP id (batch). */
export function organizationsByMsp(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<OrganizationRow[]> {
  return organizationsBase(db).where(anyOf('msp_id', ids)).execute();
}

/** A party as the API returns it. */
export interface PartyRow extends Provenanced {
  partyId: string;
  mspId: string;
}

const partiesBase = (db: Kysely<Database>) =>
  db
    .selectFrom('parties')
    .select([
      'party_id as partyId',
      'msp_id as mspId',
      'tx_id as txId',
      'block_number as blockNumber',
    ]);

/** Parties of the given organisations (all when absent), as a query to page or count. */
export function partiesQuery(db: Kysely<Database>, mspIds: AnyOf) {
  return whereAny(partiesBase(db), 'msp_id', mspIds);
}

/** A page of parties by PGLN. */
export function findParties(
  db: Kysely<Database>,
  mspIds: AnyOf,
  page: PageQuery,
): Promise<Page<PartyRow>> {
  return keysetPage(
    partiesQuery(db, mspIds),
    [{ column: 'party_id', type: 'text' }],
    page,
    (r) => r,
    (r) => [r.partyId],
  );
}

/** Parties by PGLN (batch). */
export function partiesById(db: Kysely<Database>, ids: readonly string[]): Promise<PartyRow[]> {
  return partiesBase(db).where(anyOf('party_id', ids)).execute();
}

/** Parties of organisations (batch, ordered by PGLN). */
export function partiesByMsp(db: Kysely<Database>, mspIds: readonly string[]): Promise<PartyRow[]> {
  return partiesBase(db).where(anyOf('msp_id', mspIds)).orderBy('party_id').execute();
}

/** A location as the API returns it. */
export interface LocationRow extends Provenanced {
  locationId: string;
  name: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  ownerMsp: string;
}

const locationsBase = (db: Kysely<Database>) =>
  db
    .selectFrom('locations')
    .select([
      'location_id as locationId',
      'name',
      'address',
      'latitude',
      'longitude',
      'owner_msp as ownerMsp',
      'tx_id as txId',
      'block_number as blockNumber',
    ]);

/** Location list conditions. */
export interface LocationQuery {
  ownerMsp?: AnyOf;
  hasCoordinates?: boolean | null;
}

/** Locations matching `f`, as a query to page or count. */
export function locationsQuery(db: Kysely<Database>, f: LocationQuery) {
  const q = whereAny(locationsBase(db), 'owner_msp', f.ownerMsp);
  if (f.hasCoordinates == null) return q;
  const located = sql<boolean>`(latitude IS NOT NULL AND longitude IS NOT NULL)`;
  return q.where(f.hasCoordinates ? located : sql<boolean>`NOT ${located}`);
}

/** A page of locations by SGLN. */
export function findLocations(
  db: Kysely<Database>,
  f: LocationQuery,
  page: PageQuery,
): Promise<Page<LocationRow>> {
  return keysetPage(
    locationsQuery(db, f),
    [{ column: 'location_id', type: 'text' }],
    page,
    (r) => r,
    (r) => [r.locationId],
  );
}

/** Locations by SGLN (batch). */
export function locationsById(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<LocationRow[]> {
  return locationsBase(db).where(anyOf('location_id', ids)).execute();
}

/** Locations of organisations (batch, ordered by SGLN). */
export function locationsByOwner(
  db: Kysely<Database>,
  mspIds: readonly string[],
): Promise<LocationRow[]> {
  return locationsBase(db).where(anyOf('owner_msp', mspIds)).orderBy('location_id').execute();
}
