/**
 * msp.SerializedIdentity: how Fabric names a signer inside headers, endorsements and block
 * signatures (MSP id plus the PEM certificate as bytes). txIds hash these exact bytes.
 */
import { msp } from '@hyperledger/fabric-protos';

/** An X.509 identity as it appears on the ledger. */
export interface LedgerIdentity {
  mspId: string;
  /** The PEM text carried in id_bytes. */
  certificatePem: string;
}

/** Serializes an identity the way Fabric's MSP does (protobuf SerializedIdentity). */
export function serializeIdentity(identity: LedgerIdentity): Uint8Array {
  const serialized = new msp.SerializedIdentity();
  serialized.setMspid(identity.mspId);
  serialized.setIdBytes(Buffer.from(identity.certificatePem, 'utf8'));
  return serialized.serializeBinary();
}

/**
 * Parses SerializedIdentity bytes.
 * @throws Error when the bytes are not a SerializedIdentity with an MSP id.
 */
export function parseIdentity(bytes: Uint8Array): LedgerIdentity {
  const parsed = msp.SerializedIdentity.deserializeBinary(bytes);
  const mspId = parsed.getMspid();
  if (mspId === '') throw new Error('serialized identity has no MSP id');
  return { mspId, certificatePem: Buffer.from(parsed.getIdBytes_asU8()).toString('utf8') };
}
