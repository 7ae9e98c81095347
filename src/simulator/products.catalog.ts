/**
 * The simulated products: five finished drugs (three ambient solid doses, two cold-chain
 * biologics) and the bulk ingredients they are made of, with per-unit bills of materials. The
 * drug names are real generic names; NDC labeler codes (99001, 99002) and every footprint value
 * are synthetic. Footprints are order-of-magnitude placeholders, not measured or sourced data.
 */

/** A bulk ingredient (API or excipient), traded and consumed by the kilogram. */
export interface IngredientSpec {
  key: string;
  name: string;
  ndc: string;
  kind: 'api' | 'excipient';
  dosageForm: string;
  /** Letters that start this ingredient's lot numbers. */
  lotCode: string;
  shelfLifeMonths: number;
  /** Synthetic PACT figure: kg CO2e per `declaredUnitAmount` kilograms. */
  syntheticPcf: number;
  declaredUnitAmount: number;
}

/** One line of a bill of materials: kilograms of an ingredient per finished saleable unit. */
export interface BomLine {
  ingredient: string;
  kgPerUnit: number;
}

/** A finished, serialised drug product and how it is packed and shipped. */
export interface DrugProductSpec {
  key: string;
  name: string;
  ndc: string;
  dosageForm: string;
  strength: string;
  /** Mass of one saleable unit (pack) in kilograms, packaging of the unit included. */
  unitMassKg: number;
  /** Stored and shipped at 2–8 °C; otherwise at controlled room temperature (15–25 °C). */
  coldChain: boolean;
  plantKey: string;
  lotCode: string;
  shelfLifeMonths: number;
  caseSize: number;
  casesPerPallet: number;
  /** Empty case mass in kilograms (corrugate, or an insulated shipper with gel packs). */
  caseTareKg: number;
  /** Units per distributor tote, inclusive range. */
  toteSize: readonly [number, number];
  bom: readonly BomLine[];
  /** Synthetic kg CO2e of the manufacturer's own production per unit (inputs excluded). */
  syntheticOwnProductionPcf: number;
}

/** The bulk ingredients. */
export const INGREDIENTS: readonly IngredientSpec[] = [
  api('atorvastatin-calcium', 'Atorvastatin Calcium Trihydrate USP', '99002-001-01', 'ATC', 120),
  api('metformin-hcl', 'Metformin Hydrochloride USP', '99002-002-01', 'MET', 15),
  api('amoxicillin-trihydrate', 'Amoxicillin Trihydrate USP', '99002-003-01', 'AMX', 40),
  api('insulin-glargine-ds', 'Insulin Glargine Drug Substance', '99002-004-01', 'IGL', 9000),
  api('adalimumab-ds', 'Adalimumab Drug Substance', '99002-005-01', 'ADA', 25000, 'SOLUTION'),
  excipient('mcc', 'Microcrystalline Cellulose NF', '99002-010-01', 'MCC', 1500),
  excipient('lactose', 'Lactose Monohydrate NF', '99002-011-01', 'LAC', 1200),
  excipient('hypromellose', 'Hypromellose NF', '99002-012-01', 'HPM', 3000),
  excipient('mg-stearate', 'Magnesium Stearate NF', '99002-013-01', 'MGS', 2500),
  excipient('glycerin', 'Glycerin USP', '99002-014-01', 'GLY', 2000, 'LIQUID'),
];

/** The finished drug products. */
export const DRUG_PRODUCTS: readonly DrugProductSpec[] = [
  {
    key: 'atorvastatin-20',
    name: 'Atorvastatin Calcium Tablets USP, 20 mg, bottle of 90',
    ndc: '99001-101-90',
    dosageForm: 'TABLET, FILM COATED',
    strength: '20 mg',
    unitMassKg: 0.045,
    coldChain: false,
    plantKey: 'mfr-rtp',
    lotCode: 'AT',
    shelfLifeMonths: 36,
    caseSize: 48,
    casesPerPallet: 40,
    caseTareKg: 0.45,
    toteSize: [8, 24],
    // 90 tablets: 21.7 mg salt (20 mg base), ~110 mg cellulose, 60 mg lactose, 2 mg stearate each.
    bom: [
      { ingredient: 'atorvastatin-calcium', kgPerUnit: 0.001953 },
      { ingredient: 'mcc', kgPerUnit: 0.0099 },
      { ingredient: 'lactose', kgPerUnit: 0.0054 },
      { ingredient: 'mg-stearate', kgPerUnit: 0.00018 },
    ],
    syntheticOwnProductionPcf: 0.05,
  },
  {
    key: 'metformin-er-500',
    name: 'Metformin Hydrochloride Extended-Release Tablets USP, 500 mg, bottle of 100',
    ndc: '99001-102-01',
    dosageForm: 'TABLET, EXTENDED RELEASE',
    strength: '500 mg',
    unitMassKg: 0.105,
    coldChain: false,
    plantKey: 'mfr-rtp',
    lotCode: 'MF',
    shelfLifeMonths: 24,
    caseSize: 24,
    casesPerPallet: 48,
    caseTareKg: 0.4,
    toteSize: [6, 18],
    bom: [
      { ingredient: 'metformin-hcl', kgPerUnit: 0.05 },
      { ingredient: 'hypromellose', kgPerUnit: 0.02 },
      { ingredient: 'mg-stearate', kgPerUnit: 0.0005 },
    ],
    syntheticOwnProductionPcf: 0.08,
  },
  {
    key: 'amoxicillin-500',
    name: 'Amoxicillin Capsules USP, 500 mg, bottle of 30',
    ndc: '99001-103-30',
    dosageForm: 'CAPSULE',
    strength: '500 mg',
    unitMassKg: 0.035,
    coldChain: false,
    plantKey: 'mfr-rtp',
    lotCode: 'AX',
    shelfLifeMonths: 24,
    caseSize: 48,
    casesPerPallet: 40,
    caseTareKg: 0.35,
    toteSize: [8, 24],
    bom: [
      { ingredient: 'amoxicillin-trihydrate', kgPerUnit: 0.01722 },
      { ingredient: 'mcc', kgPerUnit: 0.0006 },
      { ingredient: 'mg-stearate', kgPerUnit: 0.00015 },
    ],
    syntheticOwnProductionPcf: 0.04,
  },
  {
    key: 'insulin-glargine-100',
    name: 'Insulin Glargine Injection, 100 units/mL, 10 mL multiple-dose vial',
    ndc: '99001-201-10',
    dosageForm: 'INJECTION, SOLUTION',
    strength: '100 units/mL',
    unitMassKg: 0.03,
    coldChain: true,
    plantKey: 'mfr-thousand-oaks',
    lotCode: 'IG',
    shelfLifeMonths: 30,
    caseSize: 25,
    casesPerPallet: 20,
    caseTareKg: 2.5,
    toteSize: [4, 12],
    bom: [
      { ingredient: 'insulin-glargine-ds', kgPerUnit: 0.0000364 },
      { ingredient: 'glycerin', kgPerUnit: 0.0002 },
    ],
    syntheticOwnProductionPcf: 0.3,
  },
  {
    key: 'adalimumab-40',
    name: 'Adalimumab Injection, 40 mg/0.4 mL prefilled syringe, carton of 2',
    ndc: '99001-202-02',
    dosageForm: 'INJECTION, SOLUTION',
    strength: '40 mg/0.4 mL',
    unitMassKg: 0.06,
    coldChain: true,
    plantKey: 'mfr-thousand-oaks',
    lotCode: 'AD',
    shelfLifeMonths: 24,
    caseSize: 12,
    casesPerPallet: 20,
    caseTareKg: 2.5,
    toteSize: [2, 8],
    bom: [{ ingredient: 'adalimumab-ds', kgPerUnit: 0.00008 }],
    syntheticOwnProductionPcf: 0.5,
  },
];

/** Empty pallet mass in kilograms (a wooden pallet with stretch wrap); an assumption. */
export const PALLET_TARE_KG = 25;
/** Empty distributor tote mass in kilograms, insulated for cold-chain products; assumptions. */
export const TOTE_TARE_KG = { ambient: 1.2, coldChain: 2 } as const;

function api(
  key: string,
  name: string,
  ndc: string,
  lotCode: string,
  pcf: number,
  form = 'POWDER',
): IngredientSpec {
  const base = { key, name, ndc, kind: 'api' as const, lotCode, shelfLifeMonths: 36 };
  return { ...base, dosageForm: form, syntheticPcf: pcf, declaredUnitAmount: 1 };
}

// Excipients declare their footprint per tonne, so the roll-up exercises PACT's
// "per declaredUnitAmount" meaning instead of always dividing by one.
function excipient(
  key: string,
  name: string,
  ndc: string,
  lotCode: string,
  pcfPerTonne: number,
  form = 'POWDER',
): IngredientSpec {
  const base = { key, name, ndc, kind: 'excipient' as const, lotCode, shelfLifeMonths: 60 };
  return { ...base, dosageForm: form, syntheticPcf: pcfPerTonne, declaredUnitAmount: 1000 };
}

/** The ingredient spec with the given key. */
export function ingredientByKey(key: string): IngredientSpec {
  const found = INGREDIENTS.find((i) => i.key === key);
  if (!found) throw new RangeError(`unknown ingredient ${key}`);
  return found;
}
