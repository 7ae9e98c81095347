import { escapeUrnComponent, hasValidCheckDigit } from './gs1-keys';

/**
 * GS1 Digital Link URI → EPC URN. A Digital Link does not say where the GS1 company prefix ends,
 * but the URN needs it: the contract uses the longest company prefix registered by an organisation
 * that the key starts with, and otherwise DEFAULT_COMPANY_PREFIX_LENGTH digits. Keys we do not
 * convert (and non-GS1 URLs) stay as given: identifiers are opaque strings to the ledger. Malformed
 * trade item, logistic unit, location and party keys are errors; other malformed keys stay opaque.
 */

/** Company prefix length assumed when no registered prefix matches (documented in the README). */
export const DEFAULT_COMPANY_PREFIX_LENGTH = 7;

/** Result of a conversion: a URN, an error message, or "not a Digital Link we convert". */
export type DigitalLinkResult = { urn: string } | { error: string } | undefined;

const PRIMARY_KEYS = new Set(['01', '00', '414', '417', '8003', '8004', '253']);

/** Converts a Digital Link URI to an EPC URN using the registered company prefixes. */
export function digitalLinkToUrn(
  uri: string,
  companyPrefixes: readonly string[],
): DigitalLinkResult {
  const match = /^https?:\/\/[^/?#]+(\/[^?#]*)?/.exec(uri);
  if (!match) return undefined;
  const segments = (match[1] ?? '').split('/').filter((segment) => segment.length > 0);
  // A Digital Link may have a path prefix before its primary key (e.g. /some/path/01/…).
  const start = segments.findIndex(
    (segment, i) =>
      PRIMARY_KEYS.has(segment) && segments.length - i >= 2 && (segments.length - i) % 2 === 0,
  );
  if (start < 0) return undefined;
  const pairs = new Map<string, string>();
  for (let i = start; i + 1 < segments.length; i += 2) {
    const value = decodeSegment(segments[i + 1] ?? '');
    if (value === undefined) return { error: `has an undecodable value after /${segments[i]}/` };
    pairs.set(segments[i] ?? '', value);
  }
  const primary = segments[start] ?? '';
  const key = pairs.get(primary) ?? '';
  const prefixLength = (body: string): number => choosePrefixLength(body, companyPrefixes);
  switch (primary) {
    case '01':
      return gtinUrn(key, pairs, prefixLength);
    case '00':
      return ssccUrn(key, prefixLength);
    case '414':
      return glnUrn('sgln', key, pairs.get('254') ?? '0', prefixLength);
    case '417':
      return glnUrn('pgln', key, undefined, prefixLength);
    case '8003':
      return opaqueIfInvalid(graiUrn(key, prefixLength));
    case '8004':
      return opaqueIfInvalid(giaiUrn(key, prefixLength));
    default:
      return opaqueIfInvalid(gdtiUrn(key, prefixLength));
  }
}

// Asset and document keys never drive custody rules, and real documents carry malformed ones
// (two fixtures have GRAIs with wrong check digits): keep those links as opaque identifiers.
function opaqueIfInvalid(result: DigitalLinkResult): DigitalLinkResult {
  return result !== undefined && 'error' in result ? undefined : result;
}

/** Longest registered prefix the key body starts with, else the documented default length. */
export function choosePrefixLength(body: string, companyPrefixes: readonly string[]): number {
  let best = 0;
  for (const prefix of companyPrefixes) {
    if (prefix.length > best && prefix.length < body.length && body.startsWith(prefix)) {
      best = prefix.length;
    }
  }
  return best > 0 ? best : DEFAULT_COMPANY_PREFIX_LENGTH;
}

type PrefixLength = (body: string) => number;

function gtinUrn(
  gtin: string,
  pairs: Map<string, string>,
  prefixLength: PrefixLength,
): DigitalLinkResult {
  if (!/^\d{14}$/.test(gtin) || !hasValidCheckDigit(gtin))
    return { error: 'has an invalid GTIN (AI 01)' };
  const body = gtin.slice(1, 13);
  const length = prefixLength(body);
  const prefix = body.slice(0, length);
  const reference = gtin.slice(0, 1) + body.slice(length);
  const serial = pairs.get('21');
  if (serial !== undefined)
    return { urn: `urn:epc:id:sgtin:${prefix}.${reference}.${escapeUrnComponent(serial)}` };
  const lot = pairs.get('10');
  if (lot !== undefined)
    return { urn: `urn:epc:class:lgtin:${prefix}.${reference}.${escapeUrnComponent(lot)}` };
  // A bare GTIN is the product class: every serial of it.
  return { urn: `urn:epc:idpat:sgtin:${prefix}.${reference}.*` };
}

function ssccUrn(sscc: string, prefixLength: PrefixLength): DigitalLinkResult {
  if (!/^\d{18}$/.test(sscc) || !hasValidCheckDigit(sscc))
    return { error: 'has an invalid SSCC (AI 00)' };
  const body = sscc.slice(1, 17);
  const length = prefixLength(body);
  // The extension digit leads the serial reference in the URN.
  return {
    urn: `urn:epc:id:sscc:${body.slice(0, length)}.${sscc.slice(0, 1)}${body.slice(length)}`,
  };
}

function glnUrn(
  scheme: 'sgln' | 'pgln',
  gln: string,
  extension: string | undefined,
  prefixLength: PrefixLength,
): DigitalLinkResult {
  if (!/^\d{13}$/.test(gln) || !hasValidCheckDigit(gln)) return { error: 'has an invalid GLN' };
  const body = gln.slice(0, 12);
  const length = prefixLength(body);
  const base = `urn:epc:id:${scheme}:${body.slice(0, length)}.${body.slice(length)}`;
  return { urn: extension === undefined ? base : `${base}.${escapeUrnComponent(extension)}` };
}

function graiUrn(grai: string, prefixLength: PrefixLength): DigitalLinkResult {
  // AI 8003 = '0' + GTIN-13-like asset type (12 digits + check) + optional serial.
  if (!/^0\d{13}/.test(grai) || !hasValidCheckDigit(grai.slice(1, 14)))
    return { error: 'has an invalid GRAI (AI 8003)' };
  const body = grai.slice(1, 13);
  const length = prefixLength(body);
  const serial = grai.slice(14);
  const head = `${body.slice(0, length)}.${body.slice(length)}`;
  return {
    urn: serial
      ? `urn:epc:id:grai:${head}.${escapeUrnComponent(serial)}`
      : `urn:epc:idpat:grai:${head}.*`,
  };
}

function giaiUrn(giai: string, prefixLength: PrefixLength): DigitalLinkResult {
  const length = prefixLength(giai);
  if (!/^\d+$/.test(giai.slice(0, length)) || giai.length <= length)
    return { error: 'has an invalid GIAI (AI 8004)' };
  return {
    urn: `urn:epc:id:giai:${giai.slice(0, length)}.${escapeUrnComponent(giai.slice(length))}`,
  };
}

function gdtiUrn(gdti: string, prefixLength: PrefixLength): DigitalLinkResult {
  if (!/^\d{13}/.test(gdti) || !hasValidCheckDigit(gdti.slice(0, 13)))
    return { error: 'has an invalid GDTI (AI 253)' };
  const body = gdti.slice(0, 12);
  const length = prefixLength(body);
  const serial = gdti.slice(13);
  const head = `${body.slice(0, length)}.${body.slice(length)}`;
  return {
    urn: serial
      ? `urn:epc:id:gdti:${head}.${escapeUrnComponent(serial)}`
      : `urn:epc:idpat:gdti:${head}.*`,
  };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
