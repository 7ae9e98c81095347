/**
 * The devnet's shape: one etcdraft orderer org with one node, three peer orgs with one peer each,
 * and every port derived from one base port so the whole network moves together.
 */

/** A peer organisation of the consortium. */
export interface PeerOrg {
  /** Short name used in paths and process names. */
  key: 'manufacturer' | 'distributor' | 'pharmacy';
  mspId: string;
  /** cryptogen domain; the peer is peer0.<domain>. */
  domain: string;
  ports: { peer: number; chaincode: number; operations: number };
}

/** The ordering service node. */
export interface OrdererNode {
  mspId: string;
  domain: string;
  ports: { listen: number; admin: number; operations: number };
}

/** Every process and port of the devnet. */
export interface Topology {
  orderer: OrdererNode;
  peers: PeerOrg[];
  /** Port the chaincode-as-a-service server listens on (shared by all peers). */
  chaincodePort: number;
}

/**
 * Derives all ports from a base port (default 17050): the orderer takes base…base+3,
 * each peer org a block of ten above it, the chaincode server base+49.
 */
export function devnetTopology(basePort: number): Topology {
  const peer = (key: PeerOrg['key'], mspId: string, slot: number): PeerOrg => ({
    key,
    mspId,
    domain: `${key}.supplychain.local`,
    ports: {
      peer: basePort + 10 * slot + 1,
      chaincode: basePort + 10 * slot + 2,
      operations: basePort + 10 * slot + 3,
    },
  });
  return {
    orderer: {
      mspId: 'OrdererMSP',
      domain: 'orderer.supplychain.local',
      ports: { listen: basePort, admin: basePort + 1, operations: basePort + 2 },
    },
    peers: [
      peer('manufacturer', 'ManufacturerMSP', 1),
      peer('distributor', 'DistributorMSP', 2),
      peer('pharmacy', 'PharmacyMSP', 3),
    ],
    chaincodePort: basePort + 49,
  };
}

/** Every TCP port the devnet listens on, for conflict checks. */
export function allPorts(topology: Topology): number[] {
  return [
    ...Object.values(topology.orderer.ports),
    ...topology.peers.flatMap((p) => Object.values(p.ports)),
    topology.chaincodePort,
  ];
}
