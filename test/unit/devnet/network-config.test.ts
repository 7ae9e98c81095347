import { describe, expect, it } from 'vitest';
import { devnetLayout } from '../../../src/devnet/layout.js';
import { configtx, cryptoConfig } from '../../../src/devnet/network-config.js';
import { allPorts, devnetTopology } from '../../../src/devnet/topology.js';

const topology = devnetTopology(17050);
const layout = devnetLayout('/tmp/devnet');

describe('devnet topology', () => {
  it('gives every process its own port, all derived from the base port', () => {
    const ports = allPorts(topology);
    expect(new Set(ports).size).toBe(ports.length);
    expect(Math.min(...ports)).toBe(17050);
    expect(allPorts(devnetTopology(20000)).map((p) => p - 20000)).toEqual(
      ports.map((p) => p - 17050),
    );
  });

  it('has the three peer orgs of the consortium', () => {
    expect(topology.peers.map((p) => p.mspId)).toEqual([
      'ManufacturerMSP',
      'DistributorMSP',
      'PharmacyMSP',
    ]);
  });
});

describe('crypto-config for cryptogen', () => {
  it('enables NodeOUs and asks for an admin plus two client users per peer org', () => {
    const doc = cryptoConfig(topology) as {
      PeerOrgs: Array<Record<string, unknown>>;
      OrdererOrgs: unknown[];
    };
    expect(doc.OrdererOrgs).toHaveLength(1);
    expect(doc.PeerOrgs).toHaveLength(3);
    for (const org of doc.PeerOrgs) {
      expect(org.EnableNodeOUs).toBe(true);
      expect(org.Users).toEqual({ Count: 2 });
      expect(org.Template).toEqual({ Count: 1, SANS: ['127.0.0.1', 'localhost'] });
    }
  });
});

describe('configtx for configtxgen', () => {
  const doc = configtx(topology, layout) as {
    Profiles: {
      SupplyChainChannel: { Orderer: Record<string, any>; Application: Record<string, any> };
    };
  };
  const profile = doc.Profiles.SupplyChainChannel;

  it('uses a single-node etcdraft orderer with TLS certificates from cryptogen', () => {
    expect(profile.Orderer.OrdererType).toBe('etcdraft');
    const consenters = profile.Orderer.EtcdRaft.Consenters as Array<Record<string, unknown>>;
    expect(consenters).toEqual([
      {
        Host: '127.0.0.1',
        Port: 17050,
        ClientTLSCert:
          '/tmp/devnet/crypto/ordererOrganizations/orderer.supplychain.local/orderers/orderer.orderer.supplychain.local/tls/server.crt',
        ServerTLSCert:
          '/tmp/devnet/crypto/ordererOrganizations/orderer.supplychain.local/orderers/orderer.orderer.supplychain.local/tls/server.crt',
      },
    ]);
  });

  it('requires a MAJORITY of orgs for lifecycle and application endorsement', () => {
    expect(profile.Application.Policies.Endorsement).toEqual({
      Type: 'ImplicitMeta',
      Rule: 'MAJORITY Endorsement',
    });
    expect(profile.Application.Policies.LifecycleEndorsement).toEqual({
      Type: 'ImplicitMeta',
      Rule: 'MAJORITY Endorsement',
    });
    expect(profile.Application.Organizations.map((o: { ID: string }) => o.ID)).toEqual([
      'ManufacturerMSP',
      'DistributorMSP',
      'PharmacyMSP',
    ]);
  });

  it('gives each peer org the peer-only Endorsement policy MAJORITY counts', () => {
    const manufacturer = profile.Application.Organizations[0] as {
      Policies: Record<string, { Rule: string }>;
      MSPDir: string;
    };
    expect(manufacturer.Policies.Endorsement?.Rule).toBe("OR('ManufacturerMSP.peer')");
    expect(manufacturer.MSPDir).toBe(
      '/tmp/devnet/crypto/peerOrganizations/manufacturer.supplychain.local/msp',
    );
  });
});
