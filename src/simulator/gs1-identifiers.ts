/**
 * GS1 keys and their EPC URNs (GS1 EPC Tag Data Standard, pure-identity and class forms), built
 * from a company prefix and references. Everything is a string of digits: GS1 keys are codes, not
 * numbers (leading zeros matter).
 */
import { mix32 } from './prng.js';

/** The GS1 mod-10 check digit of a key body (weights 3,1,3,… from the rightmost digit). */
export function gs1CheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new RangeError(`not a digit string: ${body}`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when a full GS1 key (GTIN, GLN, SSCC) ends in its correct check digit. */
export function hasValidCheckDigit(key: string): boolean {
  return /^\d{2,}$/.test(key) && gs1CheckDigit(key.slice(0, -1)) === Number(key.slice(-1));
}

/** A GTIN-14: indicator digit, company prefix, item reference, check digit. */
export function gtin14(indicator: string, companyPrefix: string, itemReference: string): string {
  const body = indicator + companyPrefix + itemReference;
  if (body.length !== 13) {
    throw new RangeError(`GTIN body must have 13 digits, got ${body.length} (${body})`);
  }
  return body + String(gs1CheckDigit(body));
}

/**
 * The GTIN-14 of a US drug's National Drug Code in the 10-digit 5-3-2 or 5-4-1 layout: indicator,
 * the "03" NDC prefix, the ten NDC digits and a check digit, so the company prefix is "03" plus
 * the five-digit labeler code.
 */
export function gtinFromNdc(ndc: string, indicator = '0'): string {
  const digits = ndc.replace(/-/g, '');
  if (!/^\d{10}$/.test(digits)) throw new RangeError(`NDC must have 10 digits: ${ndc}`);
  return gtin14(indicator, `03${digits.slice(0, 5)}`, digits.slice(5));
}

/** The EPC "company.indicator+item" part of a GTIN for a given company prefix length. */
function gtinEpcParts(gtin: string, companyPrefixLength: number): string {
  if (!/^\d{14}$/.test(gtin)) throw new RangeError(`GTIN must have 14 digits: ${gtin}`);
  const companyPrefix = gtin.slice(1, 1 + companyPrefixLength);
  const itemPart = gtin.charAt(0) + gtin.slice(1 + companyPrefixLength, 13);
  return `${companyPrefix}.${itemPart}`;
}

/** The SGTIN URN prefix of a GTIN, ready to take a serial: `urn:epc:id:sgtin:<cp>.<item>.`. */
export function sgtinUrnPrefix(gtin: string, companyPrefixLength: number): string {
  return `urn:epc:id:sgtin:${gtinEpcParts(gtin, companyPrefixLength)}.`;
}

/** The LGTIN class URN of a lot: `urn:epc:class:lgtin:<cp>.<item>.<lot>`. */
export function lgtinUrn(gtin: string, companyPrefixLength: number, lot: string): string {
  return `urn:epc:class:lgtin:${gtinEpcParts(gtin, companyPrefixLength)}.${lot}`;
}

/** The SSCC URN for a company prefix and an extension-digit-plus-serial counter. */
export function ssccUrn(companyPrefix: string, counter: number): string {
  const serialLength = 17 - companyPrefix.length;
  const serial = String(counter).padStart(serialLength, '0');
  if (serial.length !== serialLength) throw new RangeError(`SSCC counter overflow: ${counter}`);
  return `urn:epc:id:sscc:${companyPrefix}.${serial}`;
}

/** The 18-digit SSCC inside an SSCC URN, check digit included. */
export function ssccFromUrn(urn: string): string {
  const [companyPrefix = '', serial = ''] = urn.slice('urn:epc:id:sscc:'.length).split('.');
  const body = serial.charAt(0) + companyPrefix + serial.slice(1);
  return body + String(gs1CheckDigit(body));
}

/** The SGLN URN of a location: `urn:epc:id:sgln:<cp>.<locationRef>.<extension>`. */
export function sglnUrn(companyPrefix: string, locationReference: string, extension = '0'): string {
  return `urn:epc:id:sgln:${companyPrefix}.${locationReference}.${extension}`;
}

/** The PGLN URN of a party: `urn:epc:id:pgln:<cp>.<partyRef>`. */
export function pglnUrn(companyPrefix: string, partyReference: string): string {
  return `urn:epc:id:pgln:${companyPrefix}.${partyReference}`;
}

/** The 13-digit GLN inside an SGLN or PGLN URN, check digit included. */
export function glnFromUrn(urn: string): string {
  const parts = urn.split(':').pop()?.split('.') ?? [];
  const body = (parts[0] ?? '') + (parts[1] ?? '');
  if (body.length !== 12) throw new RangeError(`not a GLN-based URN: ${urn}`);
  return body + String(gs1CheckDigit(body));
}

/** The GIAI URN of an asset (here: temperature data loggers). */
export function giaiUrn(companyPrefix: string, assetReference: string): string {
  return `urn:epc:id:giai:${companyPrefix}.${assetReference}`;
}

/**
 * A unique, random-looking ten-digit serial for the n-th unit of a GTIN: DSCSA serials are
 * randomised so they cannot be guessed, and a keyed bijection gives that without remembering
 * which serials were already used.
 */
export function scrambledSerial(counter: number, key: number): string {
  if (counter < 0 || counter > 0xffffffff)
    throw new RangeError(`serial counter out of range: ${counter}`);
  return String(mix32((counter ^ key) >>> 0)).padStart(10, '0');
}
