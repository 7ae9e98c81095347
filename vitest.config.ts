import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Three projects, by what a test touches: unit (no I/O, stubs named as such), integration (a real
 * embedded PostgreSQL per run, one database per file), e2e (a real Fabric devnet, started once by
 * test/e2e/global-setup.ts). The e2e project runs only where Fabric binaries exist (FABRIC_BIN or
 * a completed build in the cache); elsewhere the run says so on its first line.
 */
function fabricAvailable(): boolean {
  if (process.env.FABRIC_BIN) return true;
  const cache = process.env.FABRIC_CACHE ?? path.join(os.homedir(), '.cache', 'fabric-provenance');
  return fs.existsSync(path.join(cache, 'fabric-3.1.5', '.complete'));
}

const projects: TestProjectInlineConfiguration[] = [
  {
    test: {
      name: 'unit',
      include: ['test/unit/**/*.test.ts', 'chaincode/test/**/*.test.ts'],
      environment: 'node',
    },
  },
  {
    test: {
      name: 'integration',
      include: ['test/integration/**/*.test.ts'],
      globalSetup: ['test/support/postgres-global-setup.ts'],
      environment: 'node',
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  },
];

if (fabricAvailable()) {
  projects.push({
    test: {
      name: 'e2e',
      include: ['test/e2e/**/*.test.ts'],
      globalSetup: ['test/e2e/global-setup.ts'],
      environment: 'node',
      testTimeout: 120_000,
      hookTimeout: 600_000,
      // One devnet, shared: files run one after another.
      fileParallelism: false,
    },
  });
} else {
  process.stdout.write(
    'e2e project not run: no Fabric binaries (set FABRIC_BIN, or build them with `provenance devnet up`; see README "Fabric binaries")\n',
  );
}

export default defineConfig({ test: { projects } });
