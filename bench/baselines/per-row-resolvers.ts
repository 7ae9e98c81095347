/**
 * The baseline the nested-field benchmark compares against: a page of lots with each lot's product
 * and owner resolved the naive way, one statement per row and field (what a resolver without
 * DataLoaders issues): 1 + 2N statements for N lots. `lotsPageBatched` resolves the same page
 * the way the API does, through the per-request loaders: 3 statements whatever N is.
 * Both return the same rows, so the benchmark can check it compares like with like.
 */
import type { Kysely } from 'kysely';
import { findLots, type LotRow } from '../../src/db/catalog-state.queries.js';
import {
  organizationsByMsp,
  productsByGtin,
  type OrganizationRow,
  type ProductRow,
} from '../../src/db/catalog.queries.js';
import type { Database } from '../../src/db/database.js';
import { createLoaders } from '../../src/server/loaders.js';

/** A lot with its nested product and owner, as `lots { nodes { product owner } }` returns it. */
export interface LotWithNested extends LotRow {
  product: ProductRow | null;
  owner: OrganizationRow | null;
}

/** The first `first` lots with product and owner, one statement per lot and nested field. */
export async function lotsPagePerRow(
  db: Kysely<Database>,
  first: number,
): Promise<LotWithNested[]> {
  const page = await findLots(db, {}, { first, after: undefined });
  const lots: LotWithNested[] = [];
  for (const lot of page.rows) {
    const [product] = await productsByGtin(db, [lot.gtin]);
    const [owner] = lot.ownerMsp === null ? [] : await organizationsByMsp(db, [lot.ownerMsp]);
    lots.push({ ...lot, product: product ?? null, owner: owner ?? null });
  }
  return lots;
}

/** The same page through the API's DataLoaders: one statement per nested field for all rows. */
export async function lotsPageBatched(
  db: Kysely<Database>,
  first: number,
): Promise<LotWithNested[]> {
  const loaders = createLoaders(db);
  const page = await findLots(db, {}, { first, after: undefined });
  return Promise.all(
    page.rows.map(async (lot) => ({
      ...lot,
      product: await loaders.product.load(lot.gtin),
      owner: lot.ownerMsp === null ? null : await loaders.organization.load(lot.ownerMsp),
    })),
  );
}
