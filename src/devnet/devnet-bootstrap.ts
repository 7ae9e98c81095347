/**
 * The first `devnet up`: crypto material, the channel block, the orderer and peers joined, and the
 * contract packaged, installed, approved by every org and committed (chaincode as a service).
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { buildCcaasPackage, connectionJson } from './chaincode-package.js';
import { startChaincode, startNodes, type Devnet } from './devnet-nodes.js';
import type { FabricInstall } from './fabric-binaries.js';
import { peerAdminEnv } from './identities.js';
import { configtx, cryptoConfig } from './network-config.js';
import { runTool } from './processes.js';
import type { PeerOrg } from './topology.js';

const CHAINCODE_LABEL = 'provenance_1.0';

/** What a finished bootstrap leaves in the ready marker; its presence means "resume". */
export interface ReadyMarker {
  packageId: string;
  channel: string;
  createdAt: string;
}

/** Bootstraps a new network and writes the ready marker last. */
export async function bootstrap(net: Devnet, install: FabricInstall): Promise<void> {
  const { layout, topology } = net;
  const tool = (name: string): string => path.join(install.binDir, name);
  fs.mkdirSync(layout.configtx, { recursive: true });
  net.log('generating crypto material (cryptogen)');
  fs.writeFileSync(layout.cryptoConfig, YAML.stringify(cryptoConfig(topology)));
  runTool(
    tool('cryptogen'),
    ['generate', `--config=${layout.cryptoConfig}`, `--output=${layout.crypto}`],
    process.env,
  );
  net.log(`creating the channel block for "${net.config.channel}" (configtxgen)`);
  fs.writeFileSync(
    path.join(layout.configtx, 'configtx.yaml'),
    YAML.stringify(configtx(topology, layout)),
  );
  runTool(
    tool('configtxgen'),
    [
      '-profile',
      'SupplyChainChannel',
      '-outputBlock',
      layout.channelBlock,
      '-channelID',
      net.config.channel,
      '-configPath',
      layout.configtx,
    ],
    { ...process.env, FABRIC_CFG_PATH: layout.configtx },
  );
  await startNodes(net, install);
  const ordererTls = path.join(layout.ordererCrypto(topology.orderer), 'tls');
  net.log('joining the orderer to the channel (osnadmin)');
  runTool(
    tool('osnadmin'),
    [
      'channel',
      'join',
      '--channelID',
      net.config.channel,
      '--config-block',
      layout.channelBlock,
      '-o',
      `127.0.0.1:${topology.orderer.ports.admin}`,
      '--ca-file',
      path.join(ordererTls, 'ca.crt'),
      '--client-cert',
      path.join(ordererTls, 'server.crt'),
      '--client-key',
      path.join(ordererTls, 'server.key'),
    ],
    process.env,
  );
  const ordererArgs = [
    '-o',
    `127.0.0.1:${topology.orderer.ports.listen}`,
    '--tls',
    '--cafile',
    path.join(ordererTls, 'ca.crt'),
  ];
  for (const org of topology.peers) {
    net.log(`joining peer0.${org.domain} to the channel`);
    await retry(
      () =>
        runTool(
          tool('peer'),
          ['channel', 'join', '-b', layout.channelBlock],
          peerAdminEnv(layout, org, install.binDir),
        ),
      10,
      1_000,
    );
  }
  const pkg = buildCcaasPackage(CHAINCODE_LABEL, connectionJson(topology.chaincodePort));
  fs.writeFileSync(layout.chaincodePackage, pkg.bytes);
  const lifecycle = [
    '--channelID',
    net.config.channel,
    '--name',
    net.config.chaincodeName,
    '--version',
    '1.0',
    '--sequence',
    '1',
  ];
  for (const org of topology.peers) {
    const env = peerAdminEnv(layout, org, install.binDir);
    net.log(`installing and approving the chaincode for ${org.mspId}`);
    runTool(
      tool('peer'),
      ['lifecycle', 'chaincode', 'install', layout.chaincodePackage],
      env,
      120_000,
    );
    await retry(
      () =>
        runTool(
          tool('peer'),
          [
            'lifecycle',
            'chaincode',
            'approveformyorg',
            ...ordererArgs,
            ...lifecycle,
            '--package-id',
            pkg.packageId,
          ],
          env,
        ),
      5,
      2_000,
    );
  }
  const first = topology.peers[0] as PeerOrg;
  const peerTargets = topology.peers.flatMap((org) => [
    '--peerAddresses',
    `127.0.0.1:${org.ports.peer}`,
    '--tlsRootCertFiles',
    path.join(layout.peerCrypto(org), 'tls', 'ca.crt'),
  ]);
  net.log('committing the chaincode definition');
  runTool(
    tool('peer'),
    ['lifecycle', 'chaincode', 'commit', ...ordererArgs, ...lifecycle, ...peerTargets],
    peerAdminEnv(layout, first, install.binDir),
    120_000,
  );
  await startChaincode(net, pkg.packageId);
  const marker: ReadyMarker = {
    packageId: pkg.packageId,
    channel: net.config.channel,
    createdAt: new Date().toISOString(),
  };
  fs.writeFileSync(layout.readyMarker, JSON.stringify(marker, null, 2) + '\n');
}

async function retry<T>(action: () => T, attempts: number, delayMs: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return action();
    } catch (err) {
      if (attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
