import path from "node:path";
import url from "node:url";

const here = path.dirname(url.fileURLToPath(import.meta.url));
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DB = path.resolve(here, `.tmp/e2e-${PORT}.db`);

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./.tmp/test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Budgets that hold on a busy machine (CI may run beside other work: measured with load average 8+ on 2 cores).
  // No test waits a fixed time: each waits for what its user waits for, and these are only the upper bounds, at
  // least 4× what the slowest step takes under that load.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [["list"], ["json"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: "node tests/e2e/start-server.js",
    cwd: path.resolve(here, ".."),
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    // seeding two years of demo data, then the server's start
    timeout: 300_000,
    env: { PORT: String(PORT), DATABASE_URL: E2E_DB, NODE_ENV: "production" },
    stdout: "pipe",
    stderr: "pipe",
  },
});
