/**
 * Decides whether a ledger identity's certificate chains to a CA the auditor trusts for the MSP it
 * claims, was valid at the time that matters and carries the expected NodeOU role. Uses
 * node:crypto's synchronous X509Certificate so verification stays a pure function.
 */
import { X509Certificate } from 'node:crypto';
import { certificateOf } from '../ledger/ecdsa-signature.js';
import type { ProofIdentity, ProofTrust } from './proof-bundle.js';

/** Trusted CAs, by MSP id or as one flat list. */
export interface TrustAnchors {
  byMsp: ReadonlyMap<string, readonly X509Certificate[]> | undefined;
  flat: readonly X509Certificate[] | undefined;
}

/** Outcome of checking one identity: the issuing CA's fingerprint when trusted, else why not. */
export type IdentityTrust = { ok: true; issuer: string } | { ok: false; reason: string };

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function parsePemList(pems: readonly string[]): X509Certificate[] {
  return pems.flatMap((pem) => (pem.match(PEM_BLOCK) ?? []).map((b) => new X509Certificate(b)));
}

/**
 * Parses the trusted CA certificates.
 * @throws Error when a trusted certificate does not parse (the trust configuration is broken).
 */
export function loadTrustAnchors(caCertificatesPem: ProofTrust['caCertificatesPem']): TrustAnchors {
  if (isPemList(caCertificatesPem)) {
    return { byMsp: undefined, flat: parsePemList(caCertificatesPem) };
  }
  const byMsp = new Map<string, X509Certificate[]>();
  for (const [mspId, pems] of Object.entries(caCertificatesPem))
    byMsp.set(mspId, parsePemList(pems));
  return { byMsp, flat: undefined };
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
  const candidates = anchors.flat ?? anchors.byMsp?.get(identity.mspId) ?? [];
  if (candidates.length === 0) {
    return { ok: false, reason: `${identity.mspId}: no trusted CA for this MSP` };
  }
  const issuer = candidates.find(
    (ca) => ca.ca && leaf.checkIssued(ca) && leaf.verify(ca.publicKey),
  );
  if (issuer === undefined) {
    return { ok: false, reason: `${identity.mspId}: certificate not issued by a trusted CA` };
  }
  if (leaf.ca) return { ok: false, reason: `${identity.mspId}: a CA certificate cannot sign` };
  if (leaf.publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return { ok: false, reason: `${identity.mspId}: key is not ECDSA P-256` };
  }
  if (!validAt(leaf, at) || !validAt(issuer, at)) {
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
