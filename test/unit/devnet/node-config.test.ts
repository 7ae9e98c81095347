import { describe, expect, it } from 'vitest';
import { devnetLayout } from '../../../src/devnet/layout.js';
import { editCoreYaml, editOrdererYaml, setPath } from '../../../src/devnet/node-config.js';
import { devnetTopology } from '../../../src/devnet/topology.js';

const topology = devnetTopology(17050);
const layout = devnetLayout('/tmp/devnet');
const manufacturer = topology.peers[0]!;

describe('setPath', () => {
  it('creates intermediate maps and replaces scalars on the way', () => {
    const doc: Record<string, unknown> = { a: 'scalar', keep: 1 };
    setPath(doc, 'a.b.c', true);
    expect(doc).toEqual({ a: { b: { c: true } }, keep: 1 });
  });
});

describe('core.yaml edits', () => {
  // A fragment shaped like Fabric's sampleconfig/core.yaml, with the values the edits must replace.
  const sample = (): Record<string, unknown> => ({
    peer: {
      id: 'jdoe',
      listenAddress: '0.0.0.0:7051',
      gossip: { bootstrap: '127.0.0.1:7051', useLeaderElection: true },
      tls: { enabled: false },
    },
    vm: { endpoint: 'unix:///var/run/docker.sock', docker: { tls: { enabled: false } } },
    chaincode: { externalBuilders: [], logging: { level: 'info' } },
    operations: { listenAddress: '127.0.0.1:9443' },
  });

  it('points the peer at loopback ports, its TLS and MSP material, and disables Docker', () => {
    const doc = editCoreYaml(sample(), manufacturer, layout, '/repo/builders/ccaas') as Record<
      string,
      any
    >;
    expect(doc.peer.id).toBe('peer0.manufacturer.supplychain.local');
    expect(doc.peer.listenAddress).toBe(`127.0.0.1:${manufacturer.ports.peer}`);
    expect(doc.peer.chaincodeListenAddress).toBe(`127.0.0.1:${manufacturer.ports.chaincode}`);
    expect(doc.peer.localMspId).toBe('ManufacturerMSP');
    expect(doc.peer.tls.enabled).toBe(true);
    expect(doc.peer.tls.cert.file).toBe(
      '/tmp/devnet/crypto/peerOrganizations/manufacturer.supplychain.local/peers/peer0.manufacturer.supplychain.local/tls/server.crt',
    );
    expect(doc.vm.endpoint).toBe('');
    expect(doc.operations.listenAddress).toBe(`127.0.0.1:${manufacturer.ports.operations}`);
    // Values the edits do not own stay as Fabric ships them.
    expect(doc.peer.gossip.useLeaderElection).toBe(true);
    expect(doc.chaincode.logging.level).toBe('info');
  });

  it('registers the ccaas external builder with the environment it may see', () => {
    const doc = editCoreYaml(sample(), manufacturer, layout, '/repo/builders/ccaas') as Record<
      string,
      any
    >;
    expect(doc.chaincode.externalBuilders).toEqual([
      { name: 'ccaas', path: '/repo/builders/ccaas', propagateEnvironment: ['HOME', 'PATH'] },
    ]);
  });
});

describe('orderer.yaml edits', () => {
  it('enables TLS, channel participation and no system channel, on loopback ports', () => {
    const doc = editOrdererYaml(
      { General: { ListenAddress: '0.0.0.0', BootstrapMethod: 'file' } },
      topology,
      layout,
    ) as Record<string, any>;
    expect(doc.General.ListenAddress).toBe('127.0.0.1');
    expect(doc.General.ListenPort).toBe(17050);
    expect(doc.General.TLS.Enabled).toBe(true);
    expect(doc.General.BootstrapMethod).toBe('none');
    expect(doc.ChannelParticipation.Enabled).toBe(true);
    expect(doc.Admin.ListenAddress).toBe('127.0.0.1:17051');
    expect(doc.Admin.TLS.ClientAuthRequired).toBe(true);
    expect(doc.Operations.ListenAddress).toBe('127.0.0.1:17052');
  });
});
