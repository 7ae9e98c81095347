import type { LedgerIdentity } from '../ledger/ledger-stub';

/** Who submitted the transaction: MSP and whether the certificate is an admin's. */
export interface Caller {
  mspId: string;
  isAdmin: boolean;
  /** The identity as fabric-shim formats it: `x509::<subject DN>::<issuer DN>`. */
  id: string;
}

/** Reads the caller from the client identity. */
export function callerOf(identity: LedgerIdentity): Caller {
  const id = identity.getID();
  return { mspId: identity.getMSPID(), isAdmin: subjectHasAdminOu(id), id };
}

/**
 * True when the subject DN of an `x509::<subject>::<issuer>` id has an OU=admin component. With
 * Fabric NodeOUs an admin certificate carries OU=admin; cryptogen certificates have no hf.Type
 * attribute, so the subject is the only portable signal. Only the subject counts: an issuer with
 * OU=admin says nothing about the caller.
 */
export function subjectHasAdminOu(id: string): boolean {
  const parts = id.split('::');
  if (parts.length < 3 || parts[0] !== 'x509') return false;
  const subject = parts[1] ?? '';
  // fabric-shim renders the DN as /C=../O=../OU=..; a value containing '/' is escaped as '\/'.
  // Multi-valued RDNs may appear as `OU=a+OU=b`.
  return subject
    .split(/(?<!\\)\//)
    .flatMap((rdn) => rdn.split('+'))
    .some((attribute) => attribute.trim().toLowerCase() === 'ou=admin');
}
