/** Paths to the devnet's client identities and TLS roots, for gateways and the peer CLI. */
import fs from 'node:fs';
import path from 'node:path';
import type { OrgConnectionOptions } from '../ledger/gateway-connection.js';
import type { DevnetLayout } from './layout.js';
import type { PeerOrg, Topology } from './topology.js';

/** How a client of one org reaches its org's peer. */
export interface OrgIdentityFiles {
  mspId: string;
  /** host:port of the org's peer gateway. */
  endpoint: string;
  /** TLS server name the peer's certificate carries. */
  tlsHostname: string;
  tlsRootCertPath: string;
  /** PEM certificate and private key of the identity to submit as. */
  certPath: string;
  keyPath: string;
}

/** The identity files of `user` in `org` as cryptogen lays them out (NodeOUs on). */
export function orgIdentityFiles(
  layout: DevnetLayout,
  org: PeerOrg,
  user: 'Admin' | 'User1' | 'User2' = 'User1',
): OrgIdentityFiles {
  const msp = layout.userMsp(org, user);
  return {
    mspId: org.mspId,
    endpoint: `127.0.0.1:${org.ports.peer}`,
    tlsHostname: `peer0.${org.domain}`,
    tlsRootCertPath: path.join(layout.peerCrypto(org), 'tls', 'ca.crt'),
    certPath: path.join(msp, 'signcerts', `${user}@${org.domain}-cert.pem`),
    keyPath: path.join(msp, 'keystore', 'priv_sk'),
  };
}

/** One connection per peer org, keyed by MSP id. */
export function devnetIdentityFiles(
  layout: DevnetLayout,
  topology: Topology,
  user: 'Admin' | 'User1' | 'User2' = 'User1',
): Map<string, OrgIdentityFiles> {
  return new Map(topology.peers.map((org) => [org.mspId, orgIdentityFiles(layout, org, user)]));
}

/** Environment for running the peer CLI as an org's admin against its own peer. */
export function peerAdminEnv(
  layout: DevnetLayout,
  org: PeerOrg,
  binDir: string,
): NodeJS.ProcessEnv {
  return {
    PATH: `${binDir}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME,
    FABRIC_CFG_PATH: path.join(layout.peerHome(org), 'config'),
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: layout.userMsp(org, 'Admin'),
    CORE_PEER_ADDRESS: `127.0.0.1:${org.ports.peer}`,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: path.join(layout.peerCrypto(org), 'tls', 'ca.crt'),
  };
}

/** Reads an org's identity files into gateway connection options. */
export function gatewayOptions(files: OrgIdentityFiles): OrgConnectionOptions {
  return {
    mspId: files.mspId,
    endpoint: files.endpoint,
    tlsServerName: files.tlsHostname,
    tlsCaCertificatePem: fs.readFileSync(files.tlsRootCertPath, 'utf8'),
    certificatePem: fs.readFileSync(files.certPath, 'utf8'),
    privateKeyPem: fs.readFileSync(files.keyPath, 'utf8'),
  };
}
