// Browser-mode end-to-end tests in Debian's Chromium. The renderer is built once in global setup.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testMatch: '**/*.spec.ts',
  // Browser mode in Debian's Chromium, and the desktop shell through Playwright's _electron (those specs skip
  // with a clear reason where no Electron binary is installed).
  projects: [
    { name: 'browser', testDir: 'test/e2e' },
    { name: 'desktop', testDir: 'test/electron' },
  ],
  outputDir: 'test-results',
  globalSetup: './test/e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
