import { defineConfig } from '@playwright/test'

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

// Each spec starts its own `topicscope serve` child process on free ports (test/e2e/serve-fixture.ts).
export default defineConfig({
  testDir: './test/e2e',
  workers: 1,
  timeout: 30_000,
  // The machines are shared and noisy: a settings write or a broker restart can take more than the default 5 s.
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    screenshot: 'only-on-failure',
  },
})
