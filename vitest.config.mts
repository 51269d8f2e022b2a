import { defineConfig } from 'vitest/config';

// vitest 4, not 5: vitest 5 and jsdom 31 need Node >= 22.12 and the project machines run Node 20.
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'shared', include: ['shared/src/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'bff',
          include: ['bff/src/**/*.test.ts'],
          environment: 'node',
          // a server far from Beijing: every date it answers must still be Beijing time
          env: { TZ: 'America/New_York' },
          globalSetup: ['test/setup/database.ts'],
          // a bound that only ends a test that hangs: on a loaded machine a right test takes its time
          testTimeout: 120_000,
          // the first run on a machine may build the embedded database
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          // the servers these tests start run in UTC (phones in America/New_York: test/helpers/browser.ts)
          env: { TZ: 'UTC' },
          globalSetup: ['test/setup/database.ts'],
          // a bound that only ends a test that hangs (a journey has many steps, each waited for)
          testTimeout: 600_000,
          hookTimeout: 600_000,
          // expect.poll waits for a condition; its 1 s default would fail a right test on a loaded
          // machine, so the bound only ends a test that hangs
          expect: { poll: { timeout: 60_000 } }, // = UI_WAIT_MS of test/helpers/browser.ts
          // browser tests share two cores with the servers they start: one file at a time
          fileParallelism: false,
        },
      },
      'miniapp/vitest.config.*ts',
    ],
  },
});
