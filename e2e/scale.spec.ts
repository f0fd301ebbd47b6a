import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_SCALE_APP_PORT, E2E_SCALE_APP_URL, E2E_SCALE_EMULATOR_PORT } from "./servers";

/**
 * A console of its own on a generated estate of six accounts, with the summary threshold lowered so that its map
 * opens summary-first: only the summary reaches the browser, and search, deep links and filters still find and
 * show resources inside accounts it has not loaded.
 */
test.describe.configure({ mode: "serial" });

let emulator: Emulator;
let consoleProcess: ChildProcess | undefined;
let dir: string;
let log = "";

interface Scenario {
  defaultAccountId: string;
  regions: string[];
  accounts: { id: string; name: string; roles: { name: string; arn: string }[] }[];
  identities: { accessKeyId: string; secretAccessKey: string; accountId: string }[];
}

function node(page: Page, id: string) {
  return page.locator(`[data-kind][data-id="${id}"]`);
}

/** A service, its listener and default rule, in the named account, from the emulator's own world. */
function resourcesOf(accountName: string) {
  const account = [...emulator.world.accounts.values()].find((a) => a.name === accountName)!;
  const region = emulator.world.regions.get("us-east-1")!;
  const service = [...region.services.values()]
    .filter((s) => s.ownerAccountId === account.id)
    .sort((a, b) => a.name.localeCompare(b.name))[0]!;
  return { account, service };
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  emulator = await startEmulator({
    scenario: { name: "generate", accounts: 6, services: 40, seed: 19 },
    port: E2E_SCALE_EMULATOR_PORT,
    host: "127.0.0.1",
  });
  const scenario = (await (await fetch(`${emulator.url}/_emulator/scenario`)).json()) as Scenario;
  const identity = scenario.identities.find((i) => i.accountId === scenario.defaultAccountId)!;
  dir = await mkdtemp(path.join(tmpdir(), "trellis-e2e-scale-"));
  const config = {
    accounts: scenario.accounts.map((a) => {
      const role = a.roles.find((r) => r.name === "TrellisCrawler");
      return {
        id: a.id,
        name: a.name,
        ...(role && a.id !== scenario.defaultAccountId ? { roleArn: role.arn } : {}),
      };
    }),
    regions: scenario.regions,
    crawl: { intervalSeconds: 0 },
  };
  await writeFile(path.join(dir, "trellis.config.json"), JSON.stringify(config));
  // As `npm start` runs it, without npm in between: SIGTERM then reaches the console itself.
  consoleProcess = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"],
    {
      env: {
        ...process.env,
        HOST: "127.0.0.1",
        PORT: String(E2E_SCALE_APP_PORT),
        TRELLIS_CONFIG: path.join(dir, "trellis.config.json"),
        TRELLIS_DATA_DIR: path.join(dir, "data"),
        TRELLIS_MAP_SUMMARY_THRESHOLD: "1000",
        TRELLIS_LOG_FORMAT: "json",
        AWS_ACCESS_KEY_ID: identity.accessKeyId,
        AWS_SECRET_ACCESS_KEY: identity.secretAccessKey,
        AWS_REGION: "us-east-1",
        AWS_ENDPOINT_URL: emulator.url,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  consoleProcess.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  consoleProcess.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const deadline = Date.now() + 220_000;
  while (!/first crawl \(run \d+\) finished/.test(log) || !/console ready/.test(log)) {
    if (Date.now() > deadline || consoleProcess.exitCode !== null) {
      throw new Error(`the scale console did not come up:\n${log.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  if (consoleProcess && consoleProcess.exitCode === null) {
    const child = consoleProcess;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 40_000);
    await exited;
    clearTimeout(timer);
  }
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("opens on the summary: every account counted, no account's resources loaded", async ({
  page,
  saveScreenshot,
}) => {
  const topologyRequests: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/topology")) topologyRequests.push(url.pathname);
  });
  await page.goto(`${E2E_SCALE_APP_URL}/`);
  const accounts = page.locator('[data-kind="account"]');
  // The six crawled accounts, and the outside account the generated estate shares a network with.
  await expect(accounts).toHaveCount(7);
  const team = accounts.filter({ hasText: "team-003" });
  await expect(team.getByTestId("account-count").filter({ hasText: "services" })).toHaveText(/\d+ services/);
  await expect(page.locator('[data-kind="service"]')).toHaveCount(0);
  await saveScreenshot("scale-summary");
  expect(topologyRequests.filter((p) => p === "/api/topology")).toEqual([]);
  expect(topologyRequests.filter((p) => p.startsWith("/api/topology/accounts/"))).toEqual([]);
});

test("search answers from the server and opens a service in an account not loaded", async ({
  page,
  saveScreenshot,
}) => {
  const { service } = resourcesOf("team-004");
  await page.goto(`${E2E_SCALE_APP_URL}/`);
  await expect(page.locator('[data-kind="account"]')).toHaveCount(7);
  await page.keyboard.press("Control+k");
  const dialog = page.getByRole("dialog", { name: "Search resources" });
  await dialog.getByRole("combobox").fill(service.name);
  const hit = dialog.locator(`[data-testid="search-result"][data-id="${service.arn}"]`);
  await expect(hit).toBeVisible();
  await saveScreenshot("scale-search");
  await hit.click();
  await expect(dialog).toBeHidden();
  const target = node(page, service.arn);
  await expect(target).toBeVisible();
  await expect(target).toHaveAttribute("data-selected", "true");
  await expect(page.getByRole("complementary", { name: "Selected resource" })).toContainText(service.name);
  await saveScreenshot("scale-search-jump");
});

test("a deep link to a rule inside a closed account opens the boxes around it", async ({
  page,
  saveScreenshot,
}) => {
  const { service } = resourcesOf("team-005");
  const listener = [...emulator.world.regions.get("us-east-1")!.listeners.values()].find(
    (l) => l.serviceId === service.id,
  )!;
  // The listener's default rule: every listener has one.
  const rule = { arn: `${listener.arn}/rule/${listener.defaultRuleId}` };
  await page.goto(`${E2E_SCALE_APP_URL}/?selected=${encodeURIComponent(rule.arn)}`);
  const target = node(page, rule.arn);
  await expect(target).toBeVisible();
  await expect(target).toHaveAttribute("data-selected", "true");
  // Its account and service were opened around it (the service itself may lie outside the view).
  await expect(page).toHaveURL(new RegExp(`expand=account%3A${service.ownerAccountId}`));
  await expect(page.getByRole("complementary", { name: "Selected resource" })).toContainText("team-005");
  await saveScreenshot("scale-deep-link");
});

test("a tag filter finds the resources of accounts not loaded", async ({ page, saveScreenshot }) => {
  const { service } = resourcesOf("team-002");
  await page.goto(`${E2E_SCALE_APP_URL}/?tag=${encodeURIComponent("Team=team-002")}`);
  await expect(node(page, service.arn)).toBeVisible();
  const services = page.locator('[data-kind="service"]');
  await expect(services.first()).toBeVisible();
  await expect(page.locator('[data-kind="account"]').filter({ hasText: "team-003" })).toHaveCount(0);
  await saveScreenshot("scale-filter");
});
