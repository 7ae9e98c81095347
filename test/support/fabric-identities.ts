/**
 * Prepared signers over the devnet identities (src/ledger/dev-identities.ts), cached per process:
 * certificate generation is async and tests share one set.
 */
import {
  getDevIdentities,
  type DevIdentities,
  type DevPeerOrg,
} from '../../src/ledger/dev-identities.js';
import { createFabricSigner, type FabricSigner } from '../../src/ledger/fabric-signer.js';
import type { EndorsementPolicy } from '../../src/proof/proof-bundle.js';

/** Signers of one application organisation. */
export interface OrgSigners {
  mspId: string;
  peer: FabricSigner;
  client: FabricSigner;
  admin: FabricSigner;
}

/** Everything a ledger or proof test needs to build and check blocks. */
export interface TestFabric {
  ids: DevIdentities;
  manufacturer: OrgSigners;
  distributor: OrgSigners;
  pharmacy: OrgSigners;
  orderer: FabricSigner;
  /** MAJORITY of the three application orgs, as the devnet's channel policy. */
  policy: EndorsementPolicy;
  channel: string;
}

function orgSigners(org: DevPeerOrg): OrgSigners {
  return {
    mspId: org.mspId,
    peer: createFabricSigner(org.peer),
    client: createFabricSigner(org.client),
    admin: createFabricSigner(org.admin),
  };
}

let cached: Promise<TestFabric> | undefined;

/** The shared test identities and signers. */
export function getTestFabric(): Promise<TestFabric> {
  cached ??= getDevIdentities().then((ids) => ({
    ids,
    manufacturer: orgSigners(ids.manufacturer),
    distributor: orgSigners(ids.distributor),
    pharmacy: orgSigners(ids.pharmacy),
    orderer: createFabricSigner(ids.orderer.orderer),
    policy: { type: 'MAJORITY', orgs: [...ids.applicationMsps] },
    channel: 'supplychain',
  }));
  return cached;
}
