import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * One test runner for every package (`npm test`): unit tests beside the code, integration tests
 * under test/, and the web console's jsdom component tests and browser end-to-end tests (Debian's
 * chromium through playwright-core). `packages/web/vitest.config.ts` holds the same web projects
 * for running them from that package alone.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'packages/web/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'web',
          root: 'packages/web',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          // jsdom renders of whole pages take seconds when the node suites run beside them.
          testTimeout: 30_000,
          setupFiles: ['src/test-setup.ts'],
        },
      },
      {
        test: {
          name: 'web-e2e',
          root: 'packages/web',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: 'forks',
        },
      },
    ],
  },
});
