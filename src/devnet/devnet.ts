/**
 * `provenance devnet up|down|status|logs`: a real Fabric 3.1.5 network as native processes.
 * A first `up` bootstraps (crypto, channel, chaincode lifecycle) and writes a ready marker;
 * later `up`s resume the same ledgers. `down` stops exactly the processes it started.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { Config } from '../config.js';
import { OperatorError } from '../errors.js';
import { isPortInUse } from '../db/postgres-server.js';
import { buildCcaasPackage, connectionJson } from './chaincode-package.js';
import { ensureFabric, type FabricInstall } from './fabric-binaries.js';
import { peerAdminEnv } from './identities.js';
import { devnetLayout, type DevnetLayout } from './layout.js';
import { configtx, cryptoConfig } from './network-config.js';
import { editCoreYaml, editOrdererYaml } from './node-config.js';
import {
  httpStatus,
  isRunning,
  readPid,
  runTool,
  startProcess,
  stopProcess,
  tail,
  waitUntil,
} from './processes.js';
import { allPorts, devnetTopology, type PeerOrg, type Topology } from './topology.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The external builder scripts ship in the source tree (also when running from dist/). */
const BUILDER_DIR = path.resolve(HERE, '..', '..', '..', 'src', 'devnet', 'builders', 'ccaas');
const CHAINCODE_LABEL = 'provenance_1.0';
const START_TIMEOUT_MS = 60_000;

/** Everything a devnet command needs. */
export interface Devnet {
  config: Config;
  topology: Topology;
  layout: DevnetLayout;
  log: (line: string) => void;
}

/** Builds the devnet context from the configuration. */
export function devnet(config: Config, log: (line: string) => void): Devnet {
  return {
    config,
    topology: devnetTopology(config.devnet.basePort),
    layout: devnetLayout(config.devnet.dir),
    log,
  };
}

interface ReadyMarker {
  packageId: string;
  channel: string;
  createdAt: string;
}

const pidFile = (net: Devnet, name: string): string => path.join(net.layout.pids, `${name}.json`);
const logFile = (net: Devnet, name: string): string => path.join(net.layout.logs, `${name}.log`);
const peerName = (org: PeerOrg): string => `peer-${org.key}`;

/** Names of the devnet's processes, in start order. */
export function processNames(net: Devnet): string[] {
  return ['orderer', ...net.topology.peers.map(peerName), 'chaincode'];
}

/**
 * Brings the network up: bootstraps on first use, resumes afterwards.
 * @throws OperatorError when a tool is missing, a port is taken, or a process fails to start.
 */
export async function devnetUp(net: Devnet): Promise<void> {
  const started = Date.now();
  const install = await ensureFabric(net.config.devnet, net.log);
  await checkPorts(net);
  if (!fs.existsSync(net.layout.readyMarker)) {
    if (fs.existsSync(net.layout.root)) {
      net.log(`a previous bootstrap in ${net.layout.root} did not finish; starting it over`);
      await devnetDown(net, { purge: true });
    }
    await bootstrap(net, install);
  } else {
    await startNodes(net, install);
    const marker = JSON.parse(fs.readFileSync(net.layout.readyMarker, 'utf8')) as ReadyMarker;
    await startChaincode(net, marker.packageId);
  }
  net.log(`devnet up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function checkPorts(net: Devnet): Promise<void> {
  const ours = processNames(net).some((name) => isRunning(readPid(pidFile(net, name))));
  if (ours) return; // a partly running devnet of ours holds some ports; startNodes skips those
  for (const port of allPorts(net.topology)) {
    if (await isPortInUse(port)) {
      throw new OperatorError(
        `port ${port} is in use by another program: stop it or set DEVNET_BASE_PORT to move the devnet's ports`,
      );
    }
  }
}

async function bootstrap(net: Devnet, install: FabricInstall): Promise<void> {
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

async function startNodes(net: Devnet, install: FabricInstall): Promise<void> {
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

async function startChaincode(net: Devnet, packageId: string): Promise<void> {
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

/** Stops every process the devnet started (by pid); `purge` also deletes its state. */
export async function devnetDown(net: Devnet, opts: { purge: boolean }): Promise<void> {
  for (const name of processNames(net).reverse()) {
    const outcome = await stopProcess(pidFile(net, name));
    if (outcome === 'stopped') net.log(`stopped ${name}`);
  }
  if (opts.purge) {
    fs.rmSync(net.layout.root, { recursive: true, force: true });
    net.log(`deleted ${net.layout.root}`);
  }
}

/** One line per process: running, health, ports; and the channel height. */
export async function devnetStatus(net: Devnet): Promise<string[]> {
  const lines: string[] = [];
  const { topology } = net;
  const health = async (port: number): Promise<string> =>
    (await httpStatus(`http://127.0.0.1:${port}/healthz`)) === 200 ? 'healthy' : 'unhealthy';
  const state = (name: string): string => {
    const record = readPid(pidFile(net, name));
    return record !== undefined && isRunning(record)
      ? `running (pid ${record.pid})`
      : record === undefined
        ? 'stopped'
        : 'stopped (stale pid file)';
  };
  lines.push(
    `orderer     ${state('orderer')}, ${await health(topology.orderer.ports.operations)}, listen ${topology.orderer.ports.listen}, admin ${topology.orderer.ports.admin}`,
  );
  for (const org of topology.peers) {
    lines.push(
      `${peerName(org).padEnd(11)} ${state(peerName(org))}, ${await health(org.ports.operations)}, ${org.mspId} on ${org.ports.peer}`,
    );
  }
  lines.push(`chaincode   ${state('chaincode')}, port ${topology.chaincodePort}`);
  lines.push(
    fs.existsSync(net.layout.readyMarker)
      ? `channel     ${net.config.channel}`
      : 'channel     not bootstrapped (run `provenance devnet up`)',
  );
  return lines;
}

/** The last `lines` lines of one process's log, or of every log. */
export function devnetLogs(net: Devnet, name: string | undefined, lines: number): string {
  const names = name === undefined ? processNames(net) : [name];
  for (const n of names) {
    if (!processNames(net).includes(n)) {
      throw new OperatorError(`unknown process "${n}": one of ${processNames(net).join(', ')}`);
    }
  }
  return names
    .map((n) => `--- ${n} (${logFile(net, n)})\n${tail(logFile(net, n), lines)}`)
    .join('\n');
}
