/**
 * Turns the catalogs into what the run needs: identifiers resolved once (SGLN, PGLN, GTIN, URN
 * prefixes, offsets), the master-data records to register, and the PACT footprints to submit.
 */
import { formatOffset } from './epcis-time.js';
import { glnFromUrn, gtinFromNdc, pglnUrn, sglnUrn, sgtinUrnPrefix } from './gs1-identifiers.js';
import {
  ORGANIZATIONS,
  SITES,
  organizationOf,
  type SimulatedMsp,
  type SiteSpec,
} from './parties.catalog.js';
import {
  DRUG_PRODUCTS,
  INGREDIENTS,
  type DrugProductSpec,
  type IngredientSpec,
} from './products.catalog.js';
import type { Prng } from './prng.js';
import type { SiteStamp } from './epcis-event.builder.js';
import type { FootprintSubmission, MasterData } from './simulation.types.js';
import { MANUFACTURER_MSP } from './parties.catalog.js';

/** A site with its identifiers resolved. */
export interface SiteRuntime extends SiteStamp {
  spec: SiteSpec;
  /** PGLN of the organisation owning the site. */
  party: string;
  /** GLN-13 of the site, for business transaction ids. */
  gln: string;
}

/** A drug product with its GTIN and SGTIN prefix resolved. */
export interface DrugRuntime {
  spec: DrugProductSpec;
  gtin: string;
  sgtinPrefix: string;
  bom: { spec: IngredientSpec; kgPerUnit: number }[];
}

/** Everything static about the simulated network. */
export interface World {
  sites: Map<string, SiteRuntime>;
  drugs: DrugRuntime[];
  /** Distribution centre key → pharmacies it serves. */
  pharmaciesByDc: Map<string, string[]>;
  dcKeys: string[];
}

/** The company prefix every GTIN-based URN of the simulator uses (all prefixes have 7 digits). */
export const COMPANY_PREFIX_LENGTH = 7;

/** Resolves identifiers of every site and product. */
export function buildWorld(): World {
  const sites = new Map<string, SiteRuntime>();
  for (const spec of SITES) {
    const org = organizationOf(spec.ownerMsp);
    const prefix = org.companyPrefixes[0] ?? '';
    const sgln = sglnUrn(prefix, spec.locationReference);
    sites.set(spec.key, {
      spec,
      sgln,
      offsetMinutes: spec.utcOffsetMinutes,
      offset: formatOffset(spec.utcOffsetMinutes),
      party: pglnUrn(prefix, org.partyReference),
      gln: glnFromUrn(sgln),
    });
  }
  const ingredients = new Map(INGREDIENTS.map((i) => [i.key, i]));
  const drugs = DRUG_PRODUCTS.map((spec) => {
    const gtin = gtinFromNdc(spec.ndc);
    const bom = spec.bom.map((line) => {
      const ingredient = ingredients.get(line.ingredient);
      if (!ingredient) throw new Error(`${spec.key}: unknown ingredient ${line.ingredient}`);
      return { spec: ingredient, kgPerUnit: line.kgPerUnit };
    });
    return { spec, gtin, sgtinPrefix: sgtinUrnPrefix(gtin, COMPANY_PREFIX_LENGTH), bom };
  });
  const dcKeys = SITES.filter((s) => s.kind === 'distribution-center').map((s) => s.key);
  const pharmaciesByDc = new Map(
    dcKeys.map((dc) => [dc, SITES.filter((s) => s.servedBy === dc).map((s) => s.key)]),
  );
  for (const [dc, pharmacies] of pharmaciesByDc) {
    if (pharmacies.length === 0) throw new Error(`distribution centre ${dc} serves no pharmacy`);
  }
  return { sites, drugs, pharmaciesByDc, dcKeys };
}

/** The site runtime of a key. */
export function siteOf(world: World, key: string): SiteRuntime {
  const site = world.sites.get(key);
  if (!site) throw new RangeError(`unknown site ${key}`);
  return site;
}

/** The organisation, location and product records to register, in that order. */
export function buildMasterData(world: World): MasterData {
  const organizations = ORGANIZATIONS.map((org) => ({
    mspId: org.mspId,
    name: org.name,
    role: org.role,
    partyIds: [pglnUrn(org.companyPrefixes[0] ?? '', org.partyReference)],
    companyPrefixes: [...org.companyPrefixes],
  }));
  const locations = [...world.sites.values()].map((site) => ({
    id: site.sgln,
    name: site.spec.name,
    address: site.spec.address,
    latitude: site.spec.latitude,
    longitude: site.spec.longitude,
    ownerMsp: site.spec.ownerMsp,
  }));
  const drugProducts = world.drugs.map((drug) => ({
    gtin: drug.gtin,
    ndc: drug.spec.ndc,
    name: drug.spec.name,
    dosageForm: drug.spec.dosageForm,
    strength: drug.spec.strength,
    unitMassKg: drug.spec.unitMassKg,
    ownerMsp: MANUFACTURER_MSP,
  }));
  // Bulk ingredients are traded by the kilogram, so one "unit" weighs one kilogram.
  const ingredientProducts = INGREDIENTS.map((spec) => ({
    gtin: gtinFromNdc(spec.ndc),
    ndc: spec.ndc,
    name: spec.name,
    dosageForm: spec.dosageForm,
    unitMassKg: 1,
    ownerMsp: MANUFACTURER_MSP,
  }));
  return { organizations, locations, products: [...drugProducts, ...ingredientProducts] };
}

/**
 * PACT v3 footprints: one per ingredient (per kilogram or per tonne, as its spec declares) and one
 * for each drug's own production per piece; values are the catalog's synthetic figures ±10 %.
 */
export function buildFootprints(prng: Prng): FootprintSubmission[] {
  const msp: SimulatedMsp = MANUFACTURER_MSP;
  const ingredientFootprints = INGREDIENTS.map((spec) => ({
    msp,
    role: 'ingredient' as const,
    footprint: {
      footprintId: prng.uuidUrn(),
      productIds: [`urn:gtin:${gtinFromNdc(spec.ndc)}`],
      declaredUnitOfMeasurement: 'kilogram',
      declaredUnitAmount: spec.declaredUnitAmount,
      pcfExcludingBiogenicUptake: roundTo(spec.syntheticPcf * prng.range(0.9, 1.1), 4),
      specVersion: '3.0.0',
    },
  }));
  const productionFootprints = DRUG_PRODUCTS.map((spec) => ({
    msp,
    role: 'own-production' as const,
    footprint: {
      footprintId: prng.uuidUrn(),
      productIds: [`urn:gtin:${gtinFromNdc(spec.ndc)}`],
      declaredUnitOfMeasurement: 'piece',
      declaredUnitAmount: 1,
      pcfExcludingBiogenicUptake: roundTo(spec.syntheticOwnProductionPcf * prng.range(0.9, 1.1), 4),
      specVersion: '3.0.0',
    },
  }));
  return [...ingredientFootprints, ...productionFootprints];
}

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
