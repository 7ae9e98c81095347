/** Small normalisations of GS1 CBV vocabulary the projector relies on. */

// urn:epcglobal:cbv:bizstep:shipping, https://ref.gs1.org/cbv/BizStep-shipping, cbv:BizStep-shipping
const CBV_PREFIX =
  /^(?:urn:epcglobal:cbv:[a-z]+:|https?:\/\/ref\.gs1\.org\/cbv\/[A-Za-z]+-|cbv:[A-Za-z]+-)(.+)$/;

/**
 * The CBV short name of a standard vocabulary value given in any of its spellings; other values
 * unchanged. The contract already normalises, this keeps the indexer correct if it did not.
 */
export function cbvShortName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return CBV_PREFIX.exec(value)?.[1] ?? value;
}

/** True for the EPCIS sensor type Temperature in any spelling (Temperature, gs1:Temperature, URI). */
export function isTemperature(type: string): boolean {
  return /(^|[:/])Temperature$/.test(type);
}

/**
 * Converts a temperature to degrees Celsius from a UN/CEFACT unit code (CEL, FAH, KEL), rounded to
 * 1e-6 so binary floating point noise does not end up in numeric columns; undefined otherwise.
 */
export function toCelsius(value: number | undefined, uom: string | undefined): number | undefined {
  if (value === undefined || typeof value !== 'number') return undefined;
  let celsius: number;
  if (uom === 'CEL') celsius = value;
  else if (uom === 'FAH') celsius = ((value - 32) * 5) / 9;
  else if (uom === 'KEL') celsius = value - 273.15;
  else return undefined;
  return Math.round(celsius * 1e6) / 1e6;
}
