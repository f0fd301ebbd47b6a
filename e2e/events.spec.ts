import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import { resetAndCrawl, withRequest } from "./estate";
import { expect, test } from "./fixtures";
import { E2E_EMULATOR_URL } from "./servers";

const run = promisify(execFile);

const ORDERING = "account:222233334444";
const ORDER_SERVICE = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
const ORDER_STABLE = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0orderstable00001";
const ORDER_CANARY = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0ordercanary00001";
/** The demo's ordering developer: an IAM user the emulator knows by this key. */
const DEVELOPER = "arn:aws:iam::222233334444:user/ordering-developer";

function node(page: Page, id: string) {
  return page.locator(`[data-kind][data-id="${id}"]`);
}

/** The `aws` CLI (botocore, not the JS SDK) as the ordering team's developer, against the demo's emulator. */
async function awsCli(args: string[]): Promise<string> {
  const { stdout } = await run("aws", ["--endpoint-url", E2E_EMULATOR_URL, "--output", "json", ...args], {
    env: {
      NODE_ENV: "test",
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      AWS_ACCESS_KEY_ID: "AKIATRELLISDEMOORD01",
      AWS_SECRET_ACCESS_KEY: "trellis-demo-secret-ordering",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_PAGER: "",
    },
    timeout: 30_000,
  });
  return stdout;
}

test.beforeAll(async ({ playwright }) => {
  await withRequest(playwright, resetAndCrawl);
});

test("a weight change made with the aws CLI shows on the open map without a reload, changed outside Trellis", async ({
  page,
  saveScreenshot,
}) => {
  await page.goto(`/?expand=${encodeURIComponent(ORDERING)}&selected=${encodeURIComponent(ORDER_SERVICE)}`);
  const rules = page.locator('[data-kind="rule"]');
  const defaultRule = await rules.filter({ hasText: "default action" }).getAttribute("data-id");
  expect(defaultRule).toBeTruthy();
  const labelOf = (target: string) =>
    page.locator(`[data-testid="edge-label"][data-source="${defaultRule}"][data-target="${target}"]`);
  await expect(labelOf(ORDER_STABLE)).toHaveText("90 %");
  await expect(labelOf(ORDER_CANARY)).toHaveText("10 %");
  await expect(page.getByTestId("freshness")).toHaveAttribute("data-events", "live", { timeout: 30_000 });
  await expect(page.getByTestId("freshness-summary")).toContainText("events live");
  await expect(node(page, ORDER_SERVICE)).toBeVisible();

  // Reloads are counted: the map must follow without one.
  let loads = 0;
  page.on("load", () => loads++);

  await awsCli([
    "vpc-lattice",
    "update-listener",
    "--service-identifier",
    "svc-0order00000000001",
    "--listener-identifier",
    "listener-0orderhttps000001",
    "--default-action",
    JSON.stringify({
      forward: {
        targetGroups: [
          { targetGroupIdentifier: "tg-0orderstable00001", weight: 70 },
          { targetGroupIdentifier: "tg-0ordercanary00001", weight: 30 },
        ],
      },
    }),
  ]);

  await expect(labelOf(ORDER_STABLE)).toHaveText("70 %", { timeout: 20_000 });
  await expect(labelOf(ORDER_CANARY)).toHaveText("30 %");
  const latest = page.getByTestId("latest-change");
  await expect(latest).toContainText(`changed outside Trellis by ${DEVELOPER}`);
  await expect(latest).toContainText("(UpdateListener)");
  await expect(page.getByTestId("freshness-summary")).toContainText(
    /last event \d+ s ago \(UpdateListener\)/,
  );
  expect(loads, "the page was not reloaded").toBe(0);
  await saveScreenshot("events-weight-change-live");

  // The default rule's history names who changed it.
  await node(page, defaultRule!).click();
  const cause = page.getByTestId("inspector-history").getByTestId("version-cause").first();
  await expect(cause).toContainText(`changed outside Trellis by ${DEVELOPER}`);
  await expect(cause).toContainText("UpdateListener");
  await saveScreenshot("events-inspector-cause");

  // History opens on the latest change, the event's run, and says who made it.
  await page.goto("/history");
  const entry = page.getByTestId("change-entry").filter({ hasText: "in order › https-443" });
  await expect(entry.getByTestId("change-cause")).toContainText(`changed outside Trellis by ${DEVELOPER}`);
  await expect(entry.getByTestId("change-cause")).toContainText("(UpdateListener)");
  await saveScreenshot("events-history-cause");
});
