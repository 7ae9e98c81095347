/**
 * The documents cryptogen and configtxgen read, generated from the topology: crypto-config.yaml
 * (NodeOUs on, one node per org, an admin and two client users per peer org) and configtx.yaml
 * (one etcdraft orderer, three application orgs, MAJORITY lifecycle and endorsement policies).
 */
import path from 'node:path';
import type { DevnetLayout } from './layout.js';
import type { Topology } from './topology.js';

const LOOPBACK_SANS = ['127.0.0.1', 'localhost'];

/** crypto-config.yaml for cryptogen, as an object. */
export function cryptoConfig(topology: Topology): Record<string, unknown> {
  return {
    OrdererOrgs: [
      {
        Name: 'Orderer',
        Domain: topology.orderer.domain,
        EnableNodeOUs: true,
        Specs: [{ Hostname: 'orderer', SANS: LOOPBACK_SANS }],
      },
    ],
    PeerOrgs: topology.peers.map((org) => ({
      Name: org.mspId.replace(/MSP$/, ''),
      Domain: org.domain,
      EnableNodeOUs: true,
      Template: { Count: 1, SANS: LOOPBACK_SANS },
      Users: { Count: 2 },
    })),
  };
}

const signature = (rule: string): { Type: string; Rule: string } => ({
  Type: 'Signature',
  Rule: rule,
});
const implicit = (rule: string): { Type: string; Rule: string } => ({
  Type: 'ImplicitMeta',
  Rule: rule,
});

/** configtx.yaml for configtxgen, as an object with one profile, `SupplyChainChannel`. */
export function configtx(topology: Topology, layout: DevnetLayout): Record<string, unknown> {
  const { orderer } = topology;
  const ordererTls = path.join(layout.ordererCrypto(orderer), 'tls', 'server.crt');
  const ordererOrg = {
    Name: orderer.mspId,
    ID: orderer.mspId,
    MSPDir: path.join(layout.ordererOrgCrypto(orderer), 'msp'),
    Policies: {
      Readers: signature(`OR('${orderer.mspId}.member')`),
      Writers: signature(`OR('${orderer.mspId}.member')`),
      Admins: signature(`OR('${orderer.mspId}.admin')`),
    },
    OrdererEndpoints: [`127.0.0.1:${orderer.ports.listen}`],
  };
  const peerOrgs = topology.peers.map((org) => ({
    Name: org.mspId,
    ID: org.mspId,
    MSPDir: path.join(layout.peerOrgCrypto(org), 'msp'),
    Policies: {
      Readers: signature(`OR('${org.mspId}.admin', '${org.mspId}.peer', '${org.mspId}.client')`),
      Writers: signature(`OR('${org.mspId}.admin', '${org.mspId}.client')`),
      Admins: signature(`OR('${org.mspId}.admin')`),
      Endorsement: signature(`OR('${org.mspId}.peer')`),
    },
  }));
  const standardPolicies = {
    Readers: implicit('ANY Readers'),
    Writers: implicit('ANY Writers'),
    Admins: implicit('MAJORITY Admins'),
  };
  return {
    Organizations: [ordererOrg, ...peerOrgs],
    Profiles: {
      SupplyChainChannel: {
        Policies: standardPolicies,
        Capabilities: { V2_0: true },
        Orderer: {
          OrdererType: 'etcdraft',
          EtcdRaft: {
            Consenters: [
              {
                Host: '127.0.0.1',
                Port: orderer.ports.listen,
                ClientTLSCert: ordererTls,
                ServerTLSCert: ordererTls,
              },
            ],
          },
          // Short batches: the devnet serves interactive use and tests, not bulk throughput.
          BatchTimeout: '500ms',
          BatchSize: {
            MaxMessageCount: 100,
            AbsoluteMaxBytes: '10 MB',
            PreferredMaxBytes: '2 MB',
          },
          Organizations: [ordererOrg],
          Policies: { ...standardPolicies, BlockValidation: implicit('ANY Writers') },
          Capabilities: { V2_0: true },
        },
        Application: {
          Organizations: peerOrgs,
          Policies: {
            ...standardPolicies,
            // MAJORITY, as real consortia run it: two of the three orgs must endorse.
            LifecycleEndorsement: implicit('MAJORITY Endorsement'),
            Endorsement: implicit('MAJORITY Endorsement'),
          },
          Capabilities: { V2_5: true },
        },
      },
    },
  };
}
