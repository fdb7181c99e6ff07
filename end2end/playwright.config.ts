import { defineConfig } from '@playwright/test';
import * as path from 'path';

// The real server, release build, on its own fresh SQLite database with the demo data.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = process.env.E2E_DATA_DIR ?? '.data';
const serverBin = process.env.E2E_SERVER_BIN ?? '../target/release/server';
// No mail server here: the server also writes every message it delivers, links included, as
// an .eml file in this folder (--mail-dir), and the tests read their links from there (see
// linkInMail in tests/helpers.ts). The outbox keeps no link that gives access.
const mailDir = path.resolve(__dirname, dataDir, 'mail');
process.env.E2E_MAIL_DIR = mailDir;

// Debian's Chromium; Playwright's own browser download is not possible here.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { baseURL, launchOptions, trace: 'retain-on-failure' },
  projects: [
    { name: 'phone', use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
  ],
  webServer: {
    command: `rm -rf ${dataDir} && ${serverBin} --addr 127.0.0.1:${port} --data-dir ${dataDir} --mail-dir '${mailDir}' --sign-ups-per-hour 1000 --api-per-second 200 --api-burst 400 --site-root ../target/site serve --demo`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
  },
});
