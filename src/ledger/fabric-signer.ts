/**
 * A prepared signing identity: the private key parsed once and the SerializedIdentity bytes
 * computed once, because the block builder signs several times per transaction and re-parsing
 * a PEM key per signature costs more than the signature itself.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { signEcdsaLowS } from './ecdsa-signature.js';
import { serializeIdentity, type LedgerIdentity } from './serialized-identity.js';

/** A Fabric identity with its ECDSA P-256 private key (PKCS#8 PEM). */
export interface SigningIdentity extends LedgerIdentity {
  privateKeyPem: string;
}

/**
 * How signatures are made: `ecdsa` produces real Fabric signatures; `none` leaves every
 * signature empty for bulk benchmark data that nobody verifies (such blocks fail any proof).
 */
export type SignatureMode = 'ecdsa' | 'none';

/** An identity ready to sign many messages. */
export interface FabricSigner {
  readonly mspId: string;
  readonly certificatePem: string;
  /** SerializedIdentity bytes, as placed in headers and endorsements. */
  readonly serializedIdentity: Uint8Array;
  /** Signs with ECDSA P-256/SHA-256, low-S, DER (or returns empty bytes in `none` mode). */
  sign(message: Uint8Array): Uint8Array;
}

const EMPTY = new Uint8Array(0);

/** Prepares an identity for repeated signing. */
export function createFabricSigner(
  identity: SigningIdentity,
  mode: SignatureMode = 'ecdsa',
): FabricSigner {
  const key: KeyObject = createPrivateKey(identity.privateKeyPem);
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1') {
    throw new Error(`${identity.mspId}: Fabric identities here must use ECDSA P-256 keys`);
  }
  return {
    mspId: identity.mspId,
    certificatePem: identity.certificatePem,
    serializedIdentity: serializeIdentity(identity),
    sign: mode === 'none' ? () => EMPTY : (message) => signEcdsaLowS(key, message),
  };
}
