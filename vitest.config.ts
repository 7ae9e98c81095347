import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const require = createRequire(import.meta.url);

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
    extends: true,
    test: {
      name: 'unit',
      include: ['test/unit/**/*.test.ts', 'chaincode/test/**/*.test.ts'],
      environment: 'node',
    },
  },
  {
    extends: true,
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
    extends: true,
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

export default defineConfig({
  // graphql ships CommonJS (main) and ESM (module) builds of one package. Node loads the CommonJS
  // one for type-graphql; the test runner would pick the ESM one for our code, and two copies of
  // graphql break `instanceof` checks (custom scalars, errors). Pin everyone to the one Node uses.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: { projects },
});
