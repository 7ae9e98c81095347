/**
 * Units of the quantities a footprint roll-up multiplies: EPCIS quantities carry UN/CEFACT codes
 * (KGM, LTR, …; none means a count), PACT footprints name their declared unit in words
 * (kilogram, liter, piece, …). Counts and masses convert through a product's unit mass.
 */

type Dimension = 'count' | 'mass' | 'volume' | 'energy';

// Factor to the dimension's base unit: 1 piece, 1 kg, 1 litre, 1 MJ.
const UNITS: Record<string, [Dimension, number]> = {
  '': ['count', 1],
  H87: ['count', 1],
  EA: ['count', 1],
  C62: ['count', 1],
  piece: ['count', 1],
  unit: ['count', 1],
  KGM: ['mass', 1],
  kilogram: ['mass', 1],
  kg: ['mass', 1],
  GRM: ['mass', 0.001],
  gram: ['mass', 0.001],
  TNE: ['mass', 1000],
  tonne: ['mass', 1000],
  'metric ton': ['mass', 1000],
  LTR: ['volume', 1],
  liter: ['volume', 1],
  litre: ['volume', 1],
  MTQ: ['volume', 1000],
  'cubic meter': ['volume', 1000],
  MJ: ['energy', 1],
  megajoule: ['energy', 1],
  KWH: ['energy', 3.6],
  'kilowatt hour': ['energy', 3.6],
};

/**
 * `quantity` in `from` expressed in `to`; null when the units are unknown or of different
 * dimensions (a count and a mass convert only when the product's unit mass is known).
 */
export function convertQuantity(
  quantity: number,
  from: string | null,
  to: string | null,
  unitMassKg: number | null,
): number | null {
  const source = UNITS[from ?? ''];
  const target = UNITS[to ?? ''];
  if (source === undefined || target === undefined) return null;
  const [fromDim, fromFactor] = source;
  const [toDim, toFactor] = target;
  if (fromDim === toDim) return (quantity * fromFactor) / toFactor;
  if (unitMassKg === null || unitMassKg <= 0) return null;
  if (fromDim === 'count' && toDim === 'mass')
    return (quantity * fromFactor * unitMassKg) / toFactor;
  if (fromDim === 'mass' && toDim === 'count')
    return (quantity * fromFactor) / unitMassKg / toFactor;
  return null;
}

/** Mass in kg of `quantity` in `uom`; null when it cannot be known. */
export function massKg(
  quantity: number,
  uom: string | null,
  unitMassKg: number | null,
): number | null {
  return convertQuantity(quantity, uom, 'KGM', unitMassKg);
}
