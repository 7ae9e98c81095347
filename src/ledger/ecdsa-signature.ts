/**
 * ECDSA P-256 over SHA-256 the way Fabric's BCCSP does it: DER SEQUENCE { r, s } with s
 * normalised to the lower half of the curve order. Fabric's verifier rejects a high-S signature
 * (it would make a second valid encoding of the same signature), so we normalise on signing and
 * refuse high S on verifying.
 */
import { sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import {
  TAG_INTEGER,
  TAG_SEQUENCE,
  decodeDerUnsignedInteger,
  encodeDerInteger,
  encodeDerSequence,
  readDerElement,
} from './der-encoder.js';

/** Order of the P-256 base point. */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P256_HALF_N = P256_N >> 1n;

/** Signs `message` with a P-256 private key: SHA-256, low-S, DER encoded. */
export function signEcdsaLowS(privateKey: KeyObject, message: Uint8Array): Uint8Array {
  // IEEE P1363 gives fixed-width r‖s, which is cheaper to normalise than re-parsing DER.
  const raw = sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  const r = BigInt(`0x${raw.subarray(0, 32).toString('hex')}`);
  let s = BigInt(`0x${raw.subarray(32).toString('hex')}`);
  if (s > P256_HALF_N) s = P256_N - s;
  return encodeEcdsaSignature(r, s);
}

/** DER-encodes an ECDSA signature from its two integers. */
export function encodeEcdsaSignature(r: bigint, s: bigint): Uint8Array {
  return encodeDerSequence([encodeDerInteger(r), encodeDerInteger(s)]);
}

/**
 * Parses a DER ECDSA signature strictly (no trailing bytes, minimal integers).
 * @throws RangeError when the bytes are not a DER SEQUENCE of two positive INTEGERs.
 */
export function decodeEcdsaSignature(der: Uint8Array): { r: bigint; s: bigint } {
  const sequence = readDerElement(der, 0);
  if (sequence.tag !== TAG_SEQUENCE || sequence.end !== der.length) {
    throw new RangeError('signature is not one DER SEQUENCE');
  }
  const r = readDerElement(sequence.content, 0);
  const s = readDerElement(sequence.content, r.end);
  if (r.tag !== TAG_INTEGER || s.tag !== TAG_INTEGER || s.end !== sequence.content.length) {
    throw new RangeError('signature SEQUENCE must hold exactly two INTEGERs');
  }
  return { r: decodeDerUnsignedInteger(r.content), s: decodeDerUnsignedInteger(s.content) };
}

/** Why a signature failed, or undefined when it verifies. */
export type SignatureProblem = 'malformed' | 'high-s' | 'zero' | 'mismatch';

/** Verifies a Fabric ECDSA signature with a certificate's public key; returns the problem, if any. */
export function checkEcdsaSignature(
  publicKey: KeyObject,
  message: Uint8Array,
  signature: Uint8Array,
): SignatureProblem | undefined {
  let parts: { r: bigint; s: bigint };
  try {
    parts = decodeEcdsaSignature(signature);
  } catch {
    return 'malformed';
  }
  if (parts.r === 0n || parts.s === 0n || parts.r >= P256_N || parts.s >= P256_N) return 'zero';
  if (parts.s > P256_HALF_N) return 'high-s';
  const ok = verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature);
  return ok ? undefined : 'mismatch';
}

// Exactly one CERTIFICATE block and nothing else but whitespace around it.
const ONE_CERTIFICATE =
  /^\s*-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/;

/**
 * The certificate of a ledger identity's PEM, which must be exactly one certificate. Anything more
 * is refused: given a certificate followed by a PUBLIC KEY block, OpenSSL's key loader would take
 * the key while a certificate parser takes the certificate, so trust could be judged on one and
 * signatures checked with the other.
 * @throws Error when the PEM is not exactly one parseable certificate.
 */
export function certificateOf(certificatePem: string): X509Certificate {
  if (!ONE_CERTIFICATE.test(certificatePem)) {
    throw new Error('an identity must be exactly one PEM certificate');
  }
  return new X509Certificate(certificatePem);
}

/** The public key of an identity's certificate (exactly one, see certificateOf), as a KeyObject. */
export function publicKeyFromCertificate(certificatePem: string): KeyObject {
  return certificateOf(certificatePem).publicKey;
}
