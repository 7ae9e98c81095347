/**
 * The devnet's processes: where their pid files and logs live, and starting the orderer, the peers
 * and the chaincode server (each waited on until healthy, with a timeout).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { Config } from '../config.js';
import { OperatorError } from '../errors.js';
import { isPortInUse } from '../db/postgres-server.js';
import type { FabricInstall } from './fabric-binaries.js';
import type { DevnetLayout } from './layout.js';
import { editCoreYaml, editOrdererYaml } from './node-config.js';
import { httpStatus, isRunning, readPid, startProcess, waitUntil } from './processes.js';
import type { PeerOrg, Topology } from './topology.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The external builder scripts ship in the source tree (also when running from dist/). */
const BUILDER_DIR = path.resolve(HERE, '..', '..', '..', 'src', 'devnet', 'builders', 'ccaas');
const START_TIMEOUT_MS = 60_000;

/** Everything a devnet command needs. */
export interface Devnet {
  config: Config;
  topology: Topology;
  layout: DevnetLayout;
  log: (line: string) => void;
}

/** Pid file of a devnet process. */
export const pidFile = (net: Devnet, name: string): string =>
  path.join(net.layout.pids, `${name}.json`);
/** Log file of a devnet process. */
export const logFile = (net: Devnet, name: string): string =>
  path.join(net.layout.logs, `${name}.log`);
/** Process name of an org's peer. */
export const peerName = (org: PeerOrg): string => `peer-${org.key}`;

/** Names of the devnet's processes, in start order. */
export function processNames(net: Devnet): string[] {
  return ['orderer', ...net.topology.peers.map(peerName), 'chaincode'];
}

/** Starts (or finds running) the orderer and every peer, each until healthy. */
export async function startNodes(net: Devnet, install: FabricInstall): Promise<void> {
  const { layout, topology } = net;
  const orderer = topology.orderer;
  const ordererConfig = path.join(layout.ordererHome, 'config');
  writeEditedYaml(
    path.join(install.configDir, 'orderer.yaml'),
    path.join(ordererConfig, 'orderer.yaml'),
    (doc) => editOrdererYaml(doc, topology, layout),
  );
  await ensureStarted(
    net,
    'orderer',
    path.join(install.binDir, 'orderer'),
    [],
    { FABRIC_CFG_PATH: ordererConfig },
    `http://127.0.0.1:${orderer.ports.operations}/healthz`,
  );
  for (const org of topology.peers) {
    const dir = path.join(layout.peerHome(org), 'config');
    writeEditedYaml(path.join(install.configDir, 'core.yaml'), path.join(dir, 'core.yaml'), (doc) =>
      editCoreYaml(doc, org, layout, BUILDER_DIR),
    );
    await ensureStarted(
      net,
      peerName(org),
      path.join(install.binDir, 'peer'),
      ['node', 'start'],
      { FABRIC_CFG_PATH: dir },
      `http://127.0.0.1:${org.ports.operations}/healthz`,
    );
  }
}

function writeEditedYaml(
  source: string,
  target: string,
  edit: (doc: Record<string, unknown>) => void,
): void {
  const doc = YAML.parse(fs.readFileSync(source, 'utf8')) as Record<string, unknown>;
  edit(doc);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, YAML.stringify(doc));
}

async function ensureStarted(
  net: Devnet,
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  healthUrl: string,
): Promise<void> {
  const pids = pidFile(net, name);
  const logs = logFile(net, name);
  if (!isRunning(readPid(pids))) {
    net.log(`starting ${name} (log: ${path.relative(process.cwd(), logs)})`);
    startProcess({
      name,
      command,
      args,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      logFile: logs,
      pidFile: pids,
    });
  }
  await waitUntil(name, async () => (await httpStatus(healthUrl)) === 200, {
    timeoutMs: START_TIMEOUT_MS,
    pidFile: pids,
    logFile: logs,
  });
}

/** Starts (or finds running) the chaincode-as-a-service server for `packageId`. */
export async function startChaincode(net: Devnet, packageId: string): Promise<void> {
  const root = net.config.rootDir;
  const entry = path.join(root, 'chaincode', 'dist', 'index.js');
  if (!fs.existsSync(entry)) {
    throw new OperatorError(
      `the chaincode is not built (${entry} is missing): run \`npm run build\``,
    );
  }
  const cli = path.join(root, 'node_modules', 'fabric-shim', 'cli.js');
  const pids = pidFile(net, 'chaincode');
  const logs = logFile(net, 'chaincode');
  if (!isRunning(readPid(pids))) {
    net.log('starting the chaincode server (chaincode as a service)');
    startProcess({
      name: 'chaincode',
      command: process.execPath,
      args: [
        cli,
        'server',
        '--chaincode-address',
        `127.0.0.1:${net.topology.chaincodePort}`,
        '--chaincode-id',
        packageId,
      ],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CORE_CHAINCODE_LOGGING_LEVEL: 'info' },
      cwd: path.join(root, 'chaincode'),
      logFile: logs,
      pidFile: pids,
    });
  }
  await waitUntil('chaincode server', () => isPortInUse(net.topology.chaincodePort), {
    timeoutMs: START_TIMEOUT_MS,
    pidFile: pids,
    logFile: logs,
  });
}
