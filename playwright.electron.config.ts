// The desktop app's end-to-end suite, in Electron itself (`npm run test:electron`). Separate from
// playwright.config.ts (the web shell in Chromium) so that `playwright test` there is unaffected.
// It needs the built app (`npm run build`) and an Electron binary; without a binary it is skipped
// with the reason (test/e2e-electron/electron-binary.ts), and exits 0.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e-electron',
  outputDir: 'test-results/e2e-electron',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  globalSetup: './test/e2e-electron/announce.ts',
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright-electron.json' }]],
  use: { trace: 'retain-on-failure' },
});
