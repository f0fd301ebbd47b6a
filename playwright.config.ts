import { defineConfig, devices, type PlaywrightTestConfig } from "@playwright/test";

type WebServer = Extract<NonNullable<PlaywrightTestConfig["webServer"]>, unknown[]>[number];
import { resolveChromium } from "./e2e/chromium";
import {
  E2E_APP_PORT,
  E2E_APP_URL,
  E2E_EMULATOR_PORT,
  E2E_OIDC_APP_PORT,
  E2E_OIDC_APP_URL,
  E2E_OIDC_CLIENT_SECRET,
  E2E_OIDC_EMULATOR_PORT,
  E2E_OIDC_ISSUER,
  E2E_SESSION_SECRET,
} from "./e2e/servers";

// Resolved at load time because the runner and every worker load this file; after the first run the
// @sparticuz/chromium binary is already unpacked and this is a file check.
const chromium = await resolveChromium();
if (process.env.TEST_WORKER_INDEX === undefined) {
  console.log(`Chromium (${chromium.source}): ${chromium.executablePath}`);
}

// E2E_DEMO_ONLY=1 runs only the demo console's specs (no OpenID Connect console, whose ports are fixed), so
// several checkouts on one machine can run e2e at once with their own E2E_APP_PORT and E2E_EMULATOR_PORT.
const demoOnly = process.env.E2E_DEMO_ONLY === "1";

const launchOptions = {
  executablePath: chromium.executablePath,
  args: chromium.args,
  ...(chromium.env ? { env: chromium.env } : {}),
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  // Each console and its emulator serve every test of its project, so tests run one at a time against shared state.
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
      // The demo console as `npm start` runs it: sign-in off.
      name: "chromium",
      testIgnore: "oidc/**",
      use: { ...devices["Desktop Chrome"], launchOptions },
    },
    ...(demoOnly
      ? []
      : [
          {
            // A second console that signs people in with OpenID Connect against e2e/oidc/provider.ts.
            name: "oidc",
            testMatch: "oidc/**/*.spec.ts",
            use: { ...devices["Desktop Chrome"], launchOptions, baseURL: E2E_OIDC_APP_URL },
          },
        ]),
  ],
  // Started one after another: the first builds the console when needed, the others reuse that build.
  webServer: [
    {
      // --reset-demo: every run starts from the demo as written, whatever an earlier run changed in it.
      command: "npm start -- --reset-demo",
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
    ...(demoOnly
      ? []
      : ([
          {
            command: "npx tsx e2e/oidc/provider.ts",
            url: `${E2E_OIDC_ISSUER}/.well-known/openid-configuration`,
            reuseExistingServer: false,
            timeout: 30_000,
            gracefulShutdown: { signal: "SIGTERM" as const, timeout: 5_000 },
          },
          {
            command: "npm start -- --reset-demo",
            url: `${E2E_OIDC_APP_URL}/signed-out`,
            reuseExistingServer: false,
            timeout: 240_000,
            env: {
              HOST: "127.0.0.1",
              PORT: String(E2E_OIDC_APP_PORT),
              EMULATOR_PORT: String(E2E_OIDC_EMULATOR_PORT),
              TRELLIS_CONFIG: "e2e/oidc/trellis.config.yaml",
              // Its own embedded database, so the two consoles' crawl histories and queues never mix.
              TRELLIS_DATA_DIR: ".data/e2e-oidc",
              TRELLIS_SESSION_SECRET: E2E_SESSION_SECRET,
              TRELLIS_OIDC_CLIENT_SECRET: E2E_OIDC_CLIENT_SECRET,
            },
            stdout: "pipe",
            gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
          },
        ] satisfies WebServer[])),
  ],
});
