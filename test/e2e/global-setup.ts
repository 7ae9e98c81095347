/**
 * Starts the real Fabric devnet once per e2e run (only where Fabric binaries exist; see
 * vitest.config.ts). State is kept in .devnet-e2e/ on its own ports, so a second run resumes in
 * seconds and an `npm start` devnet is never disturbed.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { devnet, devnetDown, devnetUp, type Devnet } from '../../src/devnet/devnet.js';

declare module 'vitest' {
  export interface ProvidedContext {
    devnetDir: string;
    devnetBasePort: number;
  }
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const E2E_ENV = { DEVNET_DIR: '.devnet-e2e', DEVNET_BASE_PORT: '27050' };

let net: Devnet | undefined;

export async function setup(project: TestProject): Promise<void> {
  const build = spawnSync('npm', ['run', 'build', '-w', 'chaincode'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('building the chaincode failed');
  const config = loadConfig({ ...process.env, ...E2E_ENV }, ROOT);
  net = devnet(config, (line) => process.stdout.write(`[devnet] ${line}\n`));
  await devnetUp(net);
  project.provide('devnetDir', config.devnet.dir);
  project.provide('devnetBasePort', config.devnet.basePort);
}

export async function teardown(): Promise<void> {
  if (net !== undefined) await devnetDown(net, { purge: false });
}
