/** Paths inside the devnet state directory (.devnet/), in one place. */
import path from 'node:path';
import type { OrdererNode, PeerOrg } from './topology.js';

/** Where everything of one devnet lives. */
export interface DevnetLayout {
  root: string;
  cryptoConfig: string;
  crypto: string;
  configtx: string;
  channelBlock: string;
  logs: string;
  pids: string;
  chaincodePackage: string;
  /** Written last by a successful first `up`; its presence means "resume". */
  readyMarker: string;
  ordererHome: string;
  peerHome(org: PeerOrg): string;
  /** cryptogen output for the orderer node. */
  ordererCrypto(orderer: OrdererNode): string;
  ordererOrgCrypto(orderer: OrdererNode): string;
  peerCrypto(org: PeerOrg): string;
  peerOrgCrypto(org: PeerOrg): string;
  /** An org user's MSP folder (Admin, User1, User2). */
  userMsp(org: PeerOrg, user: 'Admin' | 'User1' | 'User2'): string;
}

/** Builds the layout under `root`. */
export function devnetLayout(root: string): DevnetLayout {
  const crypto = path.join(root, 'crypto');
  const peerOrgCrypto = (org: PeerOrg): string =>
    path.join(crypto, 'peerOrganizations', org.domain);
  const ordererOrgCrypto = (orderer: OrdererNode): string =>
    path.join(crypto, 'ordererOrganizations', orderer.domain);
  return {
    root,
    cryptoConfig: path.join(root, 'crypto-config.yaml'),
    crypto,
    configtx: path.join(root, 'configtx'),
    channelBlock: path.join(root, 'channel.block'),
    logs: path.join(root, 'logs'),
    pids: path.join(root, 'pids'),
    chaincodePackage: path.join(root, 'chaincode.tar.gz'),
    readyMarker: path.join(root, 'ready.json'),
    ordererHome: path.join(root, 'orderer'),
    peerHome: (org) => path.join(root, 'peers', org.key),
    ordererCrypto: (orderer) =>
      path.join(ordererOrgCrypto(orderer), 'orderers', `orderer.${orderer.domain}`),
    ordererOrgCrypto,
    peerCrypto: (org) => path.join(peerOrgCrypto(org), 'peers', `peer0.${org.domain}`),
    peerOrgCrypto,
    userMsp: (org, user) => path.join(peerOrgCrypto(org), 'users', `${user}@${org.domain}`, 'msp'),
  };
}
