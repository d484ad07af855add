import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // No test may make Electron fetch its binary: point it at a path that exists but is not Electron.
    env: { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron-dist' },
    testTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
