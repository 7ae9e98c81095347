/**
 * Decides whether a ledger identity's certificate chains to a CA the auditor trusts for the MSP it
 * claims, was valid at the time that matters and carries the expected NodeOU role. Uses
 * node:crypto's synchronous X509Certificate so verification stays a pure function.
 */
import { X509Certificate } from 'node:crypto';
import { certificateOf } from '../ledger/ecdsa-signature.js';
import type { ProofIdentity, ProofTrust } from './proof-bundle.js';

/** Trusted CAs, by MSP id or as one flat list, and the intermediate CAs that may link to them. */
export interface TrustAnchors {
  byMsp: ReadonlyMap<string, readonly X509Certificate[]> | undefined;
  flat: readonly X509Certificate[] | undefined;
  intermediates: CertificateSet;
}

/** Certificates by MSP id, or one list for every MSP. */
interface CertificateSet {
  byMsp: ReadonlyMap<string, readonly X509Certificate[]> | undefined;
  flat: readonly X509Certificate[] | undefined;
}

/** Outcome of checking one identity: the trusted CA's fingerprint when trusted, else why not. */
export type IdentityTrust = { ok: true; issuer: string } | { ok: false; reason: string };

// Intermediate CAs one chain may pass through (a Fabric MSP usually has none or one).
const MAX_INTERMEDIATES = 4;

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function parsePemList(pems: readonly string[]): X509Certificate[] {
  return pems.flatMap((pem) => (pem.match(PEM_BLOCK) ?? []).map((b) => new X509Certificate(b)));
}

function certificateSet(pems: ProofTrust['caCertificatesPem'] | undefined): CertificateSet {
  if (pems === undefined) return { byMsp: undefined, flat: [] };
  if (isPemList(pems)) return { byMsp: undefined, flat: parsePemList(pems) };
  const byMsp = new Map<string, X509Certificate[]>();
  for (const [mspId, list] of Object.entries(pems)) byMsp.set(mspId, parsePemList(list));
  return { byMsp, flat: undefined };
}

const forMsp = (set: CertificateSet, mspId: string): readonly X509Certificate[] =>
  set.flat ?? set.byMsp?.get(mspId) ?? [];

/**
 * Parses the trusted CA certificates and the intermediate CAs that may link to them.
 * @throws Error when a certificate does not parse (the trust configuration is broken).
 */
export function loadTrustAnchors(
  caCertificatesPem: ProofTrust['caCertificatesPem'],
  intermediateCertificatesPem?: ProofTrust['intermediateCertificatesPem'],
): TrustAnchors {
  return {
    ...certificateSet(caCertificatesPem),
    intermediates: certificateSet(intermediateCertificatesPem),
  };
}

function isPemList(value: ProofTrust['caCertificatesPem']): value is readonly string[] {
  return Array.isArray(value);
}

function validAt(cert: X509Certificate, at: Date): boolean {
  const t = at.getTime();
  return new Date(cert.validFrom).getTime() <= t && t <= new Date(cert.validTo).getTime();
}

/** NodeOU roles named by the certificate's OU attributes. */
export function organizationalUnits(cert: X509Certificate): string[] {
  return cert.subject
    .split('\n')
    .filter((line) => line.startsWith('OU='))
    .map((line) => line.slice(3));
}

/** Checks that `identity` chains to a trusted CA of its MSP, at time `at`, with one of `roles`. */
export function checkIdentityTrust(
  anchors: TrustAnchors,
  identity: ProofIdentity,
  at: Date,
  roles: readonly string[] | undefined,
): IdentityTrust {
  let leaf: X509Certificate;
  try {
    // The same parse as the signature check's (certificateOf): trust and signature must judge
    // one and the same key.
    leaf = certificateOf(identity.certificatePem);
  } catch {
    return {
      ok: false,
      reason: `${identity.mspId}: the identity is not exactly one parseable certificate`,
    };
  }
  const candidates = forMsp(anchors, identity.mspId);
  if (candidates.length === 0) {
    return { ok: false, reason: `${identity.mspId}: no trusted CA for this MSP` };
  }
  // A chain whose CAs are all valid at `at` first (a renewed intermediate may be listed beside
  // its expired predecessor); failing that, any chain, to tell "expired" from "not issued".
  const intermediates = forMsp(anchors.intermediates, identity.mspId);
  const chain =
    chainOf(leaf, candidates, intermediates, MAX_INTERMEDIATES, at) ??
    chainOf(leaf, candidates, intermediates, MAX_INTERMEDIATES, undefined);
  const issuer = chain?.at(-1);
  if (chain === undefined || issuer === undefined) {
    return { ok: false, reason: `${identity.mspId}: certificate not issued by a trusted CA` };
  }
  if (leaf.ca) return { ok: false, reason: `${identity.mspId}: a CA certificate cannot sign` };
  if (leaf.publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return { ok: false, reason: `${identity.mspId}: key is not ECDSA P-256` };
  }
  if (![leaf, ...chain].every((cert) => validAt(cert, at))) {
    return { ok: false, reason: `${identity.mspId}: certificate not valid at ${at.toISOString()}` };
  }
  if (roles !== undefined) {
    const units = organizationalUnits(leaf);
    if (!roles.some((role) => units.includes(role))) {
      return {
        ok: false,
        reason: `${identity.mspId}: role ${roles.join('|')} required, OU=${units.join(',')}`,
      };
    }
  }
  return { ok: true, issuer: issuer.fingerprint256 };
}

/**
 * The CAs above `cert` up to a trusted one (that one last), each a CA certificate that issued the
 * one below and whose key verifies its signature (and, given `validAtTime`, valid then):
 * directly, or through at most `depth` intermediates. Undefined when there is no such chain.
 */
function chainOf(
  cert: X509Certificate,
  trusted: readonly X509Certificate[],
  intermediates: readonly X509Certificate[],
  depth: number,
  validAtTime: Date | undefined,
): X509Certificate[] | undefined {
  const issued = (ca: X509Certificate): boolean =>
    ca.ca &&
    (validAtTime === undefined || validAt(ca, validAtTime)) &&
    cert.checkIssued(ca) &&
    cert.verify(ca.publicKey);
  const root = trusted.find(issued);
  if (root !== undefined) return [root];
  if (depth === 0) return undefined;
  for (const link of intermediates.filter((ca) => ca !== cert && issued(ca))) {
    const rest = chainOf(link, trusted, intermediates, depth - 1, validAtTime);
    if (rest !== undefined) return [link, ...rest];
  }
  return undefined;
}
