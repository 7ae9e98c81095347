/**
 * `provenance devnet up|down|status|logs`: a real Fabric 3.1.5 network as native processes.
 * A first `up` bootstraps (devnet-bootstrap.ts) and writes a ready marker; later `up`s resume the
 * same ledgers. `down` stops exactly the processes it started.
 */
import fs from 'node:fs';
import type { Config } from '../config.js';
import { OperatorError } from '../errors.js';
import { isPortInUse } from '../db/postgres-server.js';
import { bootstrap, type ReadyMarker } from './devnet-bootstrap.js';
import {
  logFile,
  peerName,
  pidFile,
  processNames,
  startChaincode,
  startNodes,
  type Devnet,
} from './devnet-nodes.js';
import { ensureFabric } from './fabric-binaries.js';
import { devnetLayout } from './layout.js';
import { httpStatus, isRunning, readPid, stopProcess, tail } from './processes.js';
import { allPorts, devnetTopology } from './topology.js';

export { processNames, type Devnet } from './devnet-nodes.js';

/** Builds the devnet context from the configuration. */
export function devnet(config: Config, log: (line: string) => void): Devnet {
  return {
    config,
    topology: devnetTopology(config.devnet.basePort),
    layout: devnetLayout(config.devnet.dir),
    log,
  };
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
