import type { Locator, Page } from "@playwright/test";
import { ORDER_SERVICE, resetAndCrawl, withRequest } from "./estate";
import { expect, test } from "./fixtures";

const ORDERING = "account:222233334444";
const PAYMENTS = "account:333344445555";
const ORDER_STABLE = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0orderstable00001";
const ORDER_CANARY = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0ordercanary00001";
const PAYMENTS_DB = "arn:aws:vpc-lattice:us-east-1:333344445555:resourceconfiguration/rcfg-0paymentsdb000001";
const ORDER_VPC = "arn:aws:ec2:us-east-1:222233334444:vpc/vpc-02222000000000001";
const ORDERING_EU = "arn:aws:vpc-lattice:eu-west-1:222233334444:servicenetwork/sn-0orderingeu000001";

test.use({ viewport: { width: 1366, height: 768 } });

test.beforeAll(async ({ playwright }) => {
  await withRequest(playwright, resetAndCrawl);
});

function node(page: Page, id: string): Locator {
  return page.locator(`[data-kind][data-id="${id}"]`);
}

function viewTransform(page: Page): Promise<string> {
  return page.locator(".react-flow__viewport").evaluate((el) => (el as HTMLElement).style.transform);
}

/** The map's drawing area on screen. */
async function pane(page: Page) {
  const box = await page.locator(".react-flow").boundingBox();
  if (!box) throw new Error("the map is not on screen");
  return box;
}

/** Text is readable when its glyphs are drawn at least this tall on screen. */
const READABLE_PX = 9;

async function screenFontSize(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    const size = parseFloat(getComputedStyle(el).fontSize);
    const scale = el.getBoundingClientRect().height / (el as HTMLElement).offsetHeight;
    return size * scale;
  });
}

/** Every edge label and account box lies inside the map's area: nothing drawn is cut off at its edges. */
async function expectNothingCut(page: Page) {
  const area = await pane(page);
  for (const item of await page.locator('[data-testid="edge-label"], [data-kind="account"]').all()) {
    const box = await item.boundingBox();
    if (!box) continue;
    const what = (await item.textContent()) ?? "";
    expect(box.x, what).toBeGreaterThanOrEqual(area.x - 1);
    expect(box.x + box.width, what).toBeLessThanOrEqual(area.x + area.width + 1);
    expect(box.y, what).toBeGreaterThanOrEqual(area.y - 1);
    expect(box.y + box.height, what).toBeLessThanOrEqual(area.y + area.height + 1);
  }
}

test("the first view and Fit view take in everything, and the 90/10 split reads at the zoom that fits the demo", async ({
  page,
  saveScreenshot,
}) => {
  await page.goto("/");
  await expect(node(page, ORDERING)).toBeVisible();
  await page.waitForTimeout(500);
  // The RAM share that curves out beside the stacked boxes, and its label, are inside the first view.
  await expectNothingCut(page);
  const minimap = page.locator(".react-flow__minimap");
  const frame = await minimap.boundingBox();
  const drawing = await minimap.locator("svg").boundingBox();
  const area = await pane(page);
  expect(frame && drawing).toBeTruthy();
  if (frame && drawing) {
    expect(drawing.width, "the minimap's drawing fits its frame").toBeLessThanOrEqual(frame.width + 1);
    expect(drawing.height).toBeLessThanOrEqual(frame.height + 1);
    expect(frame.y + frame.height).toBeLessThanOrEqual(area.y + area.height + 1);
    expect(frame.x + frame.width).toBeLessThanOrEqual(area.x + area.width + 1);
  }
  // RAM shares have a colour of their own; red is for a forward to a group with no healthy target.
  const share = page.locator('[data-testid="edge-label"][data-edge-tone="share"]').first();
  await expect(share).toBeVisible();
  const color = await share.evaluate((el) => getComputedStyle(el).color);
  expect(color).not.toMatch(/^rgb\((1[5-9]\d|2\d\d), ([0-5]?\d), ([0-5]?\d)\)$/);
  await saveScreenshot("first-view");

  await node(page, ORDERING).getByRole("button", { name: "Expand account ordering" }).click();
  const order = node(page, ORDER_SERVICE);
  await expect(order).toBeVisible();
  await page.getByRole("button", { name: "Fit View" }).click();
  await page.waitForTimeout(800);
  await expectNothingCut(page);

  const bar = order.getByTestId("split-bar");
  await expect(bar).toHaveAttribute("data-split", "90 / 10");
  await expect(bar).toBeInViewport();
  await expect(bar).toHaveAttribute("aria-label", /order-stable 90 %, order-canary 10 %/);
  expect(
    await screenFontSize(bar.getByText("90 / 10")),
    "the split is drawn large enough to read",
  ).toBeGreaterThanOrEqual(READABLE_PX);

  const label = (target: string) =>
    page.locator(`[data-testid="edge-label"][data-source="${ORDER_SERVICE}"][data-target="${target}"]`);
  await expect(label(ORDER_STABLE)).toHaveText("default 90 %");
  await expect(label(ORDER_CANARY)).toHaveText("default 10 % · canary-header 100 %");
  for (const target of [ORDER_STABLE, ORDER_CANARY]) {
    await expect(label(target)).toBeInViewport();
    expect(
      await screenFontSize(label(target)),
      "the label is drawn large enough to read",
    ).toBeGreaterThanOrEqual(READABLE_PX);
  }
  await saveScreenshot("first-view-split");
});

test("collapse all takes in the whole map again instead of leaving it blank", async ({
  page,
  saveScreenshot,
}) => {
  await page.goto(`/?expand=${encodeURIComponent(ORDERING)}&expand=${encodeURIComponent(PAYMENTS)}`);
  await expect(node(page, ORDER_SERVICE)).toBeVisible();
  await page.waitForTimeout(500);
  for (let i = 0; i < 6; i++) await page.getByRole("button", { name: "Zoom In" }).click();
  // Somewhere empty, as a person panning around would leave it.
  await page.mouse.move(700, 500);
  await page.mouse.down();
  await page.mouse.move(100, 700, { steps: 5 });
  await page.mouse.up();

  await page.getByRole("button", { name: "Collapse all" }).click();
  await expect(page).not.toHaveURL(/expand=/);
  for (const name of ["network-hub", "ordering", "payments", "partner-analytics"]) {
    await expect(page.locator('[data-kind="account"]').filter({ hasText: name }).first()).toBeInViewport();
  }
  await saveScreenshot("collapse-all");
});

test("a region filter narrows the boxes and their counts and the view re-fits to what is left", async ({
  page,
  saveScreenshot,
}) => {
  await page.goto("/");
  await expect(node(page, ORDERING)).toBeVisible();
  const before = await viewTransform(page);
  await expect(
    node(page, ORDERING).getByTestId("account-count").filter({ hasText: "service" }).first(),
  ).toHaveText("1 service network");
  await page.getByRole("button", { name: /^Region/ }).click();
  await page.getByRole("checkbox", { name: "eu-west-1" }).click();
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/region=eu-west-1/);

  const ordering = node(page, ORDERING);
  await expect(ordering.getByTestId("account-count").filter({ hasText: /services?$/ })).toHaveText(
    "1 service",
  );
  await expect(ordering.getByTestId("account-count").filter({ hasText: /VPCs?$/ })).toHaveText("1 VPC");
  await expect(node(page, PAYMENTS)).toHaveCount(0);
  await expect(page.locator('[data-kind="account"]').filter({ hasText: "partner-analytics" })).toHaveCount(0);
  await expect.poll(() => viewTransform(page), { message: "the view re-fits" }).not.toBe(before);
  await expect(node(page, ORDERING_EU)).toBeInViewport();
  await saveScreenshot("filtered-refit");

  // Under the health filter, a service network stays only beside a member with an issue.
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByRole("button", { name: "Health issues" }).click();
  await expect(page).toHaveURL(/health=issues/);
  await expect(node(page, ORDERING_EU)).toHaveCount(0);
  await expect(node(page, ORDER_SERVICE)).toBeInViewport();
});

test("Ctrl-K finds by CIDR, address, tag and engine, and offers recent and suggested resources", async ({
  page,
}) => {
  await page.goto("/");
  await expect(node(page, ORDERING)).toBeVisible();
  await page.keyboard.press("Control+k");
  const dialog = page.getByRole("dialog", { name: "Search resources" });
  const results = dialog.getByTestId("search-result");
  await expect(dialog.getByText("Suggested", { exact: true })).toBeVisible();
  await expect(results.filter({ hasText: "splits 90 / 10" }).first()).toHaveAttribute(
    "data-id",
    ORDER_SERVICE,
  );

  const box = dialog.getByRole("combobox");
  await box.fill("10.1.0.0/16");
  await expect(results.first()).toHaveAttribute("data-id", ORDER_VPC);
  await box.fill("10.1.200.7");
  await expect(results.first()).toHaveAttribute("data-id", ORDER_VPC);
  await expect(results.first()).toContainText("CIDR: 10.1.0.0/16 holds 10.1.200.7");
  await box.fill("confidential");
  await expect(results.first()).toHaveAttribute("data-id", PAYMENTS_DB);
  await expect(results.first()).toContainText("tag: DataClassification=confidential");
  await box.fill("aurora");
  await expect(results.first()).toHaveAttribute("data-id", PAYMENTS_DB);
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/expand=account%3A333344445555/);
  await expect(node(page, PAYMENTS_DB)).toBeInViewport();

  await page.keyboard.press("Control+k");
  await expect(dialog.getByText("Recent", { exact: true })).toBeVisible();
  await expect(results.first()).toHaveAttribute("data-id", PAYMENTS_DB);
  await expect(results.first()).toHaveAttribute("data-note", "opened recently");
});

test("tag filters keep Legend and the view buttons on the toolbar's first line", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("map-canvas").or(page.locator(".react-flow")).first()).toBeVisible();
  const tag = page.getByLabel("Filter by tag (key=value)");
  const chips = page.getByRole("button", { name: /^Remove tag filter/ });
  const filters = ["Team=ordering", "DataClassification=confidential", "Lifecycle"];
  for (const [i, filter] of filters.entries()) {
    // Each filter is added before the next is typed: the map re-renders as the URL changes.
    await tag.fill(filter);
    await tag.press("Enter");
    await expect(chips).toHaveCount(i + 1);
  }
  const search = await page.getByRole("button", { name: /Search resources/ }).boundingBox();
  const legend = await page.getByRole("button", { name: "Legend" }).boundingBox();
  expect(search && legend).toBeTruthy();
  if (search && legend)
    expect(Math.abs(legend.y + legend.height / 2 - (search.y + search.height / 2))).toBeLessThan(12);
});

test("time travel travels visibly to the screens about one crawl, and not to the others", async ({
  page,
  request,
}) => {
  const runs = (await (await request.get("/api/crawls?limit=5")).json()) as {
    runs: { id: number; status: string }[];
  };
  const past = runs.runs.find((r) => r.status === "ok")?.id;
  expect(past).toBeDefined();
  await page.goto(`/?run=${past}`);
  const chip = page.getByTestId("nav-run");
  await expect(chip).toHaveText(new RegExp(`As of crawl #${past}`));
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Findings" }).click();
  await expect(page).toHaveURL(new RegExp(`/findings\\?run=${past}$`));
  await expect(page.getByTestId("findings-run")).toContainText(`as of crawl #${past}`);
  await expect(chip).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(chip).toHaveCount(0);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Map" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("map-run")).toContainText("Latest crawl");
});
