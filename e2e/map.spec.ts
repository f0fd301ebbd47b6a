import type { APIRequestContext, Page } from "@playwright/test";
import { z } from "zod";
import { withRequest } from "./estate";
import { expect, test } from "./fixtures";
import { E2E_APP_URL, E2E_EMULATOR_URL } from "./servers";

const ORDERING = "account:222233334444";
const ORDER_SERVICE = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
const ORDER_STABLE = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0orderstable00001";
const ORDER_CANARY = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0ordercanary00001";
const PAYMENTS_DB = "arn:aws:vpc-lattice:us-east-1:333344445555:resourceconfiguration/rcfg-0paymentsdb000001";
const RETAIL_NETWORK = "arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-0retailnetwork001";

const runSchema = z.object({ id: z.number(), status: z.string() });

/** Starts a crawl and waits until it has finished. */
async function crawl(request: APIRequestContext): Promise<void> {
  const started = await request.post(`${E2E_APP_URL}/api/crawls`);
  expect(started.status(), "a crawl can be started").toBe(202);
  const { id } = z.object({ id: z.number() }).parse(await started.json());
  await expect
    .poll(
      async () => runSchema.parse(await (await request.get(`${E2E_APP_URL}/api/crawls/${id}`)).json()).status,
      { timeout: 90_000, intervals: [250, 500, 1000], message: `crawl run ${id} finishes` },
    )
    .toMatch(/^(ok|partial)$/);
}

/** Reloads the demo as written (other specs change it), crawls it and waits until that crawl has finished. */
async function crawlFreshDemo(request: APIRequestContext): Promise<void> {
  expect((await request.put(`${E2E_EMULATOR_URL}/_emulator/faults`, { data: {} })).ok(), "faults off").toBe(
    true,
  );
  expect((await request.post(`${E2E_EMULATOR_URL}/_emulator/reset`)).ok(), "emulator reset").toBe(true);
  await crawl(request);
}

function node(page: Page, id: string) {
  return page.locator(`[data-kind][data-id="${id}"]`);
}

function selectedParam(page: Page): string | null {
  return new URL(page.url()).searchParams.get("selected");
}

test.beforeAll(async ({ playwright }) => {
  await withRequest(playwright, crawlFreshDemo);
});

test.afterAll(async ({ playwright }) => {
  await withRequest(playwright, (request) => request.delete(`${E2E_APP_URL}/api/layout/default`));
});

test("the default view shows the accounts collapsed with counts, and the shared network", async ({
  page,
  saveScreenshot,
}) => {
  await page.goto("/");
  await expect(page.getByTestId("demo-banner")).toHaveText("Demo organisation — emulator");
  for (const name of ["network-hub", "ordering", "payments"]) {
    const account = page.locator('[data-kind="account"]').filter({ hasText: name }).first();
    await expect(account).toBeVisible();
    await expect(account).toHaveAttribute("data-collapsed", "true");
  }
  const ordering = node(page, ORDERING);
  await expect(ordering.getByTestId("account-count").filter({ hasText: "services" })).toHaveText(
    "3 services",
  );

  const network = node(page, RETAIL_NETWORK);
  await expect(network).toBeVisible();
  await expect(network).toContainText("retail-network");
  await expect(network).toContainText("4 services");
  await expect(page.getByTestId("edge-label").filter({ hasText: "RAM share pending" })).toBeVisible();
  // Collapsed accounts hide their services: the map starts small.
  await expect(page.locator('[data-kind="service"]')).toHaveCount(0);
  await saveScreenshot("map-default");
});

test("opening an account and selecting the order service shows its listener, rules and the 90/10 canary", async ({
  page,
  saveScreenshot,
}) => {
  await page.goto("/");
  await node(page, ORDERING).click();
  await expect(page).toHaveURL(/expand=account%3A222233334444/);
  await expect(node(page, ORDERING)).toHaveAttribute("data-collapsed", "false");

  const order = node(page, ORDER_SERVICE);
  await expect(order).toBeVisible();
  await expect(page.locator('[data-kind="listener"]')).toHaveCount(0);
  await order.click();
  await expect.poll(() => selectedParam(page)).toBe(ORDER_SERVICE);
  await expect(order).toHaveAttribute("data-selected", "true");

  await expect(page.locator('[data-kind="listener"]').filter({ hasText: "https-443" })).toBeVisible();
  const rules = page.locator('[data-kind="rule"]');
  await expect(rules).toHaveCount(3);
  for (const name of ["api-v2", "canary-header", "default"]) {
    await expect(rules.filter({ hasText: name })).toBeVisible();
  }

  const defaultRule = await rules.filter({ hasText: "default action" }).getAttribute("data-id");
  expect(defaultRule).toBeTruthy();
  const labelOf = (target: string) =>
    page.locator(`[data-testid="edge-label"][data-source="${defaultRule}"][data-target="${target}"]`);
  await expect(labelOf(ORDER_STABLE)).toHaveText("90 %");
  await expect(labelOf(ORDER_CANARY)).toHaveText("10 %");

  const canary = node(page, ORDER_CANARY);
  await expect(canary).toBeVisible();
  await expect(canary).toHaveAttribute("data-health", /^(no-healthy|degraded)$/);
  await expect(canary.getByTestId("health-badge")).toHaveText("1 unhealthy");
  await expect(node(page, ORDER_STABLE)).toHaveAttribute("data-health", "healthy");
  await expect(page.getByTestId("inspector")).toBeVisible();
  await saveScreenshot("map-order-selected");

  // The state is in the URL: a reload shows the same selection with its rules.
  await page.reload();
  await expect(page.locator('[data-kind="rule"]')).toHaveCount(3);
  await expect(node(page, ORDER_SERVICE)).toHaveAttribute("data-selected", "true");
});

test("Ctrl-K finds the Aurora resource configuration by name and jumps to it", async ({
  page,
  saveScreenshot,
}) => {
  await page.goto("/");
  await expect(node(page, RETAIL_NETWORK)).toBeVisible();
  await page.keyboard.press("Control+k");
  const dialog = page.getByRole("dialog", { name: "Search resources" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("combobox").fill("payments-db");
  const first = dialog.getByRole("option").first();
  await expect(first).toContainText("payments-db");
  await expect(first).toContainText("Resource configuration");
  await expect(first).toHaveAttribute("data-id", PAYMENTS_DB);
  await saveScreenshot("map-search");
  await page.keyboard.press("Enter");

  await expect(dialog).toBeHidden();
  await expect.poll(() => selectedParam(page)).toBe(PAYMENTS_DB);
  await expect(page).toHaveURL(/expand=account%3A333344445555/);
  const target = node(page, PAYMENTS_DB);
  await expect(target).toBeVisible();
  await expect(target).toHaveAttribute("data-selected", "true");
  await expect(target).toBeInViewport();
  await saveScreenshot("map-search-jump");
});

test("a dragged node keeps its place after a reload", async ({ page }) => {
  await page.goto("/");
  const network = page.locator(`.react-flow__node[data-id="${RETAIL_NETWORK}"]`);
  await expect(network).toBeVisible();
  const before = await network.evaluate((el) => getComputedStyle(el).transform);
  const box = await network.boundingBox();
  expect(box).not.toBeNull();
  if (!box) return;
  const saved = page.waitForResponse(
    (response) => response.url().endsWith("/api/layout/default") && response.request().method() === "PUT",
  );
  await page.mouse.move(box.x + 40, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 80, box.y + 120, { steps: 8 });
  await page.mouse.up();
  expect((await saved).ok()).toBe(true);
  const after = await network.evaluate((el) => getComputedStyle(el).transform);
  expect(after).not.toBe(before);

  await page.reload();
  await expect(network).toBeVisible();
  await expect.poll(() => network.evaluate((el) => getComputedStyle(el).transform)).toBe(after);

  await page.getByRole("button", { name: "Reset layout" }).click();
  await expect.poll(() => network.evaluate((el) => getComputedStyle(el).transform)).toBe(before);
});

test("an account that fails to crawl turns stale on the open map once that crawl finishes", async ({
  page,
  request,
  saveScreenshot,
}) => {
  const payments = node(page, "account:333344445555");
  await page.goto("/");
  await expect(payments).toBeVisible();
  await expect(payments.getByTestId("stale-badge")).toHaveCount(0);
  const denied = { accessDenied: [{ accountId: "333344445555", region: "us-east-1" }] };
  expect((await request.put(`${E2E_EMULATOR_URL}/_emulator/faults`, { data: denied })).ok()).toBe(true);
  try {
    await crawl(request);
    // No reload: the map notices the finished crawl and refetches by itself.
    await expect(payments.getByTestId("stale-badge")).toContainText("stale — last crawled", {
      timeout: 20_000,
    });
    await expect(payments).toHaveAttribute("data-stale", "true");
    await saveScreenshot("map-stale-account");
  } finally {
    await crawlFreshDemo(request);
  }
  await expect(payments.getByTestId("stale-badge")).toHaveCount(0, { timeout: 20_000 });
});
