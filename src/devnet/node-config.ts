/**
 * Edits of Fabric's sample core.yaml and orderer.yaml for a native, loopback-only devnet. We edit
 * the files rather than rely on environment overrides: some Fabric versions ignore an empty
 * override (vm.endpoint must be "" or the peer probes Docker).
 */
import path from 'node:path';
import type { DevnetLayout } from './layout.js';
import type { PeerOrg, Topology } from './topology.js';

type Yaml = Record<string, unknown>;

/** Sets `dotted.path` in a parsed YAML document, creating maps on the way. */
export function setPath(doc: Yaml, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node: Yaml = doc;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Yaml;
  }
  node[keys[keys.length - 1] as string] = value;
}

/** Environment the peer passes to the external builder scripts (it passes nothing else). */
const BUILDER_ENVIRONMENT = ['HOME', 'PATH'];

/** Applies the devnet settings for one peer to a parsed sample core.yaml (mutates and returns it). */
export function editCoreYaml(
  doc: Yaml,
  org: PeerOrg,
  layout: DevnetLayout,
  builderDir: string,
): Yaml {
  const tls = path.join(layout.peerCrypto(org), 'tls');
  const address = `127.0.0.1:${org.ports.peer}`;
  const edits: Record<string, unknown> = {
    'peer.id': `peer0.${org.domain}`,
    'peer.networkId': 'supplychain-devnet',
    'peer.listenAddress': address,
    'peer.address': address,
    'peer.chaincodeListenAddress': `127.0.0.1:${org.ports.chaincode}`,
    'peer.chaincodeAddress': `127.0.0.1:${org.ports.chaincode}`,
    'peer.gossip.bootstrap': address,
    'peer.gossip.externalEndpoint': address,
    'peer.gossip.endpoint': address,
    'peer.localMspId': org.mspId,
    'peer.mspConfigPath': path.join(layout.peerCrypto(org), 'msp'),
    'peer.fileSystemPath': path.join(layout.peerHome(org), 'data'),
    'peer.tls.enabled': true,
    'peer.tls.cert.file': path.join(tls, 'server.crt'),
    'peer.tls.key.file': path.join(tls, 'server.key'),
    'peer.tls.rootcert.file': path.join(tls, 'ca.crt'),
    'peer.gateway.enabled': true,
    // No Docker here: an empty endpoint stops the peer from probing a Docker daemon.
    'vm.endpoint': '',
    'chaincode.externalBuilders': [
      { name: 'ccaas', path: builderDir, propagateEnvironment: BUILDER_ENVIRONMENT },
    ],
    'ledger.state.stateDatabase': 'goleveldb',
    'operations.listenAddress': `127.0.0.1:${org.ports.operations}`,
    'operations.tls.enabled': false,
    'metrics.provider': 'prometheus',
  };
  for (const [key, value] of Object.entries(edits)) setPath(doc, key, value);
  return doc;
}

/** Applies the devnet settings to a parsed sample orderer.yaml (mutates and returns it). */
export function editOrdererYaml(doc: Yaml, topology: Topology, layout: DevnetLayout): Yaml {
  const { orderer } = topology;
  const tls = path.join(layout.ordererCrypto(orderer), 'tls');
  const edits: Record<string, unknown> = {
    'General.ListenAddress': '127.0.0.1',
    'General.ListenPort': orderer.ports.listen,
    // TLS is mandatory for a raft orderer.
    'General.TLS.Enabled': true,
    'General.TLS.PrivateKey': path.join(tls, 'server.key'),
    'General.TLS.Certificate': path.join(tls, 'server.crt'),
    'General.TLS.RootCAs': [path.join(tls, 'ca.crt')],
    'General.Cluster.ClientCertificate': path.join(tls, 'server.crt'),
    'General.Cluster.ClientPrivateKey': path.join(tls, 'server.key'),
    'General.Cluster.RootCAs': [path.join(tls, 'ca.crt')],
    // Fabric 3: no system channel; channels are joined through the admin endpoint.
    'General.BootstrapMethod': 'none',
    'General.LocalMSPDir': path.join(layout.ordererCrypto(orderer), 'msp'),
    'General.LocalMSPID': orderer.mspId,
    'FileLedger.Location': path.join(layout.ordererHome, 'ledger'),
    'Consensus.WALDir': path.join(layout.ordererHome, 'etcdraft', 'wal'),
    'Consensus.SnapDir': path.join(layout.ordererHome, 'etcdraft', 'snapshot'),
    'Admin.ListenAddress': `127.0.0.1:${orderer.ports.admin}`,
    'Admin.TLS.Enabled': true,
    'Admin.TLS.PrivateKey': path.join(tls, 'server.key'),
    'Admin.TLS.Certificate': path.join(tls, 'server.crt'),
    'Admin.TLS.RootCAs': [path.join(tls, 'ca.crt')],
    'Admin.TLS.ClientAuthRequired': true,
    'Admin.TLS.ClientRootCAs': [path.join(tls, 'ca.crt')],
    'ChannelParticipation.Enabled': true,
    'Operations.ListenAddress': `127.0.0.1:${orderer.ports.operations}`,
    'Operations.TLS.Enabled': false,
    'Metrics.Provider': 'prometheus',
  };
  for (const [key, value] of Object.entries(edits)) setPath(doc, key, value);
  return doc;
}
