/**
 * Fabric binaries and sample configuration: existing ones (FABRIC_BIN) or a one-time build with
 * `go install` at a pinned pseudo-version into a cache outside the work tree. A build goes to a
 * `.partial` folder first and is renamed when complete, so an interrupted build is never used.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { OperatorError } from '../errors.js';

/** Fabric binaries cannot be had on this machine (no FABRIC_BIN, and no way to build them). */
export class FabricUnavailableError extends OperatorError {
  override name = 'FabricUnavailableError';
}

/** The Fabric release the devnet runs. */
export const FABRIC_RELEASE = {
  version: '3.1.5',
  commit: '86c1172bec37e6590c6b1ae6f847833df48d65fc',
  // Fabric's module path has no /v3 suffix, so its tags are not module versions: pin the commit.
  pseudoVersion: 'v1.4.0-rc1.0.20260618074816-86c1172bec37',
} as const;

/** The tools the devnet runs. */
export const FABRIC_TOOLS = ['peer', 'orderer', 'configtxgen', 'cryptogen', 'osnadmin'] as const;

/** Where the binaries and the sample core.yaml / orderer.yaml are. */
export interface FabricInstall {
  binDir: string;
  configDir: string;
}

function checkInstall(binDir: string, configDir: string, origin: string): FabricInstall {
  for (const tool of FABRIC_TOOLS) {
    const file = path.join(binDir, tool);
    try {
      fs.accessSync(file, fs.constants.X_OK);
    } catch {
      throw new OperatorError(`${origin}: ${file} is missing or not executable`);
    }
  }
  for (const file of ['core.yaml', 'orderer.yaml']) {
    if (!fs.existsSync(path.join(configDir, file))) {
      throw new OperatorError(
        `${origin}: ${path.join(configDir, file)} is missing (set FABRIC_CFG to the folder holding Fabric's sample core.yaml and orderer.yaml)`,
      );
    }
  }
  return { binDir, configDir };
}

/** The cache folder of the pinned release. */
export function cachedInstallDir(cacheDir: string): string {
  return path.join(cacheDir, `fabric-${FABRIC_RELEASE.version}`);
}

/**
 * Finds usable binaries: FABRIC_BIN if set, else the cache, else builds into the cache.
 * @throws OperatorError with one line saying what is missing and what to do.
 */
export async function ensureFabric(
  opts: { fabricBin?: string | undefined; fabricCfg?: string | undefined; cacheDir: string },
  log: (line: string) => void,
): Promise<FabricInstall> {
  if (opts.fabricBin !== undefined) {
    const configDir = opts.fabricCfg ?? path.join(opts.fabricBin, '..', 'config');
    return checkInstall(opts.fabricBin, configDir, 'FABRIC_BIN');
  }
  const done = cachedInstallDir(opts.cacheDir);
  if (fs.existsSync(path.join(done, '.complete'))) {
    return checkInstall(path.join(done, 'bin'), path.join(done, 'config'), `cache ${done}`);
  }
  await buildFabric(opts.cacheDir, log);
  return checkInstall(path.join(done, 'bin'), path.join(done, 'config'), `cache ${done}`);
}

function requireGo(): string {
  const result = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) {
    throw new FabricUnavailableError(
      'Go 1.26+ is needed once to build Fabric 3.1.5: install Go, or set FABRIC_BIN to existing Fabric binaries',
    );
  }
  return result.stdout.trim();
}

function explainGoFailure(output: string): OperatorError {
  if (/403|not available|410 Gone|404 Not Found/.test(output)) {
    return new FabricUnavailableError(
      `the Go module proxy refused github.com/hyperledger/fabric@${FABRIC_RELEASE.pseudoVersion}: Fabric cannot be built on this machine; set FABRIC_BIN (and FABRIC_CFG) to existing Fabric 3.1.x binaries`,
    );
  }
  const last = output.trim().split('\n').slice(-3).join(' | ');
  return new OperatorError(`building Fabric failed: ${last}`);
}

async function runGo(
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine: (l: string) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (line.trim() !== '') onLine(line);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err) => reject(new OperatorError(`could not run go: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(explainGoFailure(output));
    });
  });
}

async function buildFabric(cacheDir: string, log: (line: string) => void): Promise<void> {
  const goVersion = requireGo();
  const done = cachedInstallDir(cacheDir);
  const partial = `${done}.partial`;
  if (fs.existsSync(partial)) {
    log(`removing an interrupted Fabric build at ${partial}`);
    fs.rmSync(partial, { recursive: true, force: true });
  }
  fs.mkdirSync(path.join(partial, 'bin'), { recursive: true });
  const module = `github.com/hyperledger/fabric@${FABRIC_RELEASE.pseudoVersion}`;
  log(
    `building Fabric ${FABRIC_RELEASE.version} once with ${goVersion} into ${done} (several minutes on 2 cores)`,
  );
  const started = Date.now();
  let packages = 0;
  const progress = (line: string): void => {
    // `go install -v` prints one package path per compiled package.
    if (/^[\w.-]+(\/[\w.@-]+)+$/.test(line) && ++packages % 50 === 0) {
      log(`  … ${packages} packages compiled, ${Math.round((Date.now() - started) / 1000)} s`);
    }
  };
  const env = { ...process.env, GOBIN: path.join(partial, 'bin') };
  const ldflags = `-X github.com/hyperledger/fabric/common/metadata.Version=${FABRIC_RELEASE.version}`;
  const targets = FABRIC_TOOLS.map(
    (tool) => `github.com/hyperledger/fabric/cmd/${tool}@${FABRIC_RELEASE.pseudoVersion}`,
  );
  try {
    await runGo(['install', '-v', '-ldflags', ldflags, ...targets], env, progress);
  } catch (error) {
    // Nothing usable was made: leave no half-build behind to be reported as "interrupted" later.
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  const json = await runGo(['mod', 'download', '-json', module], env, () => undefined);
  const moduleDir = (JSON.parse(json) as { Dir?: string }).Dir;
  if (moduleDir === undefined) throw new OperatorError(`go mod download gave no Dir for ${module}`);
  fs.cpSync(path.join(moduleDir, 'sampleconfig'), path.join(partial, 'config'), {
    recursive: true,
  });
  // The module cache is read-only; our copy must be writable.
  for (const file of fs.readdirSync(path.join(partial, 'config'), { recursive: true })) {
    fs.chmodSync(path.join(partial, 'config', String(file)), 0o755);
  }
  fs.writeFileSync(path.join(partial, '.complete'), new Date().toISOString() + '\n');
  fs.rmSync(done, { recursive: true, force: true });
  fs.renameSync(partial, done);
  log(`Fabric ${FABRIC_RELEASE.version} built in ${Math.round((Date.now() - started) / 1000)} s`);
}
