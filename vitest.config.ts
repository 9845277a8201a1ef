import { defineConfig } from 'vitest/config';

/**
 * One runner for unit, integration (real DuckDB on real files) and end-to-end tests (browser mode
 * driven by Playwright in Debian's Chromium). Forks, not threads: DuckDB's native binding and the
 * spawned servers are happiest in their own processes. Two workers for this 2-core machine.
 */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
