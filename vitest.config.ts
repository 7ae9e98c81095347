import { defineConfig } from 'vitest/config';

/**
 * Three projects, by what a test touches: unit (no I/O, stubs named as such), integration (a real
 * embedded PostgreSQL per worker), e2e (a real Fabric devnet; see test/e2e/global-setup.ts).
 */
export default defineConfig({
  test: {
    projects: [
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
    ],
  },
});
