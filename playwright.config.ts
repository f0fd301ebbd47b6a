import { defineConfig, devices } from "@playwright/test";
import { resolveChromium } from "./e2e/chromium";
import { E2E_APP_PORT, E2E_APP_URL, E2E_EMULATOR_PORT } from "./e2e/servers";

// Resolved at load time because the runner and every worker load this file; after the first run the
// @sparticuz/chromium binary is already unpacked and this is a file check.
const chromium = await resolveChromium();
if (process.env.TEST_WORKER_INDEX === undefined) {
  console.log(`Chromium (${chromium.source}): ${chromium.executablePath}`);
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  // One console and one emulator serve every test, so tests run one at a time against shared state.
  workers: 1,
  fullyParallel: false,
  forbidOnly: process.env.CI !== undefined,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: E2E_APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromium.executablePath,
          args: chromium.args,
          ...(chromium.env ? { env: chromium.env } : {}),
        },
      },
    },
  ],
  webServer: {
    command: "npm start",
    url: E2E_APP_URL,
    reuseExistingServer: false,
    // A fresh clone builds the console first.
    timeout: 240_000,
    env: {
      HOST: "127.0.0.1",
      PORT: String(E2E_APP_PORT),
      EMULATOR_PORT: String(E2E_EMULATOR_PORT),
    },
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
