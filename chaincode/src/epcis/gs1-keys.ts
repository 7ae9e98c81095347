/**
 * GS1 keys and their EPC URNs (GS1 Tag Data Standard): check digits, the schemes the contract
 * reasons about (sgtin, lgtin, sscc, sgln, pgln), and the mapping from an sgtin/lgtin back to its
 * GTIN-14, which is independent of where the company prefix ends.
 */

/** GS1 mod-10 check digit of a digit string that excludes the check digit. */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    // Weights alternate 3,1,3,… starting from the rightmost digit.
    const weight = (digits.length - i) % 2 === 1 ? 3 : 1;
    sum += Number(digits[i]) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when a full GS1 key (digits, check digit last) has a correct check digit. */
export function hasValidCheckDigit(key: string): boolean {
  return /^\d{2,}$/.test(key) && gs1CheckDigit(key.slice(0, -1)) === Number(key.slice(-1));
}

/** Pads a GTIN-8/12/13/14 to 14 digits; undefined if it is not one or its check digit is wrong. */
export function normaliseGtin(value: string): string | undefined {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(value)) return undefined;
  const gtin = value.padStart(14, '0');
  return hasValidCheckDigit(gtin) ? gtin : undefined;
}

// Characters that must be percent-escaped in the serial/lot part of an EPC URN (TDS §7).
const URN_ESCAPES: Record<string, string> = {
  '"': '%22',
  '%': '%25',
  '&': '%26',
  '/': '%2F',
  '<': '%3C',
  '>': '%3E',
  '?': '%3F',
};

/** Escapes a serial number or lot for use in an EPC URN. */
export function escapeUrnComponent(value: string): string {
  return value.replace(/["%&/<>?]/g, (char) => URN_ESCAPES[char] ?? char);
}

/** An EPC URN split into scheme and dot-separated parts. */
export interface EpcUrn {
  form: 'id' | 'class' | 'idpat';
  scheme: string;
  parts: string[];
}

/** Splits `urn:epc:{id|class|idpat}:{scheme}:{a.b.c}`; undefined for other strings. */
export function splitEpcUrn(value: string): EpcUrn | undefined {
  const match = /^urn:epc:(id|class|idpat):([a-z0-9]+):(.+)$/.exec(value);
  if (!match) return undefined;
  const [, form, scheme, body] = match;
  return { form: form as EpcUrn['form'], scheme: scheme ?? '', parts: (body ?? '').split('.') };
}

// Digit counts (company prefix + reference) per scheme; the prefix has 6-12 digits.
const KEY_DIGITS: Record<string, number> = { sgtin: 13, lgtin: 13, sscc: 17, sgln: 12, pgln: 12 };

/**
 * Checks the structure of the URN schemes the contract reasons about; other EPC schemes and other
 * URIs pass through as opaque identifiers. Returns a message when malformed.
 */
export function checkEpcUrn(value: string): string | undefined {
  const urn = splitEpcUrn(value);
  if (!urn) return value.startsWith('urn:epc:') ? 'is not a well-formed EPC URN' : undefined;
  const digits = KEY_DIGITS[urn.scheme];
  if (digits === undefined) return undefined;
  const [prefix = '', reference = ''] = urn.parts;
  // Serials and lots may themselves contain dots.
  const rest = urn.parts.length > 2 ? urn.parts.slice(2).join('.') : undefined;
  const expectedParts = urn.scheme === 'sscc' || urn.scheme === 'pgln' ? 2 : 3;
  const shapeOk =
    (expectedParts === 2 ? urn.parts.length === 2 : urn.parts.length >= 3) &&
    /^\d{6,12}$/.test(prefix) &&
    /^\d*$/.test(reference) &&
    prefix.length + reference.length === digits &&
    (expectedParts === 2 || (rest !== undefined && rest.length > 0));
  const formOk =
    (urn.scheme === 'lgtin' && urn.form === 'class') ||
    (urn.scheme === 'sgtin' && urn.form === 'idpat' && rest === '*') ||
    (urn.scheme !== 'lgtin' && urn.form === 'id');
  return shapeOk && formOk ? undefined : `is not a well-formed ${urn.scheme} URN`;
}

/** The GTIN-14 of an sgtin, lgtin or sgtin pattern URN; undefined for anything else. */
export function gtinOf(value: string): string | undefined {
  const urn = splitEpcUrn(value);
  if (!urn || (urn.scheme !== 'sgtin' && urn.scheme !== 'lgtin')) return undefined;
  const [prefix = '', reference = ''] = urn.parts;
  if (prefix.length + reference.length !== 13 || !/^\d+$/.test(prefix + reference))
    return undefined;
  // The item reference starts with the indicator digit, which leads the GTIN-14.
  const body = reference.slice(0, 1) + prefix + reference.slice(1);
  return body + String(gs1CheckDigit(body));
}

/** The company prefix of an EPC URN (digits before the first dot), if it has one. */
export function companyPrefixOf(value: string): string | undefined {
  const prefix = splitEpcUrn(value)?.parts[0];
  return prefix !== undefined && /^\d{6,12}$/.test(prefix) ? prefix : undefined;
}

/** The lgtin class URN for the lot of an sgtin (or sgtin pattern) URN. */
export function lotClassOf(sgtin: string, lotNumber: string): string | undefined {
  const urn = splitEpcUrn(sgtin);
  if (!urn || urn.scheme !== 'sgtin') return undefined;
  const [prefix = '', reference = ''] = urn.parts;
  return `urn:epc:class:lgtin:${prefix}.${reference}.${escapeUrnComponent(lotNumber)}`;
}

/** The lot number (unescaped as stored) of an lgtin class URN. */
export function lotNumberOf(lotClass: string): string | undefined {
  const urn = splitEpcUrn(lotClass);
  if (!urn || urn.scheme !== 'lgtin') return undefined;
  return urn.parts.slice(2).join('.');
}

/** True for an instance-level identifier URN (urn:epc:id:…), as opposed to a class. */
export function isInstanceUrn(value: string): boolean {
  return value.startsWith('urn:epc:id:');
}
