import type { Page } from "@playwright/test";
import { ORDER_LISTENER_ID, ORDER_SERVICE, resetAndCrawl } from "./estate";
import { expect, test } from "./fixtures";
import { abortActive, abortAndReset, mapUrl, rolloutNow, rolloutSchema } from "./rollouts";
import { E2E_APP_URL } from "./servers";

const ORDERING = "account:222233334444";
const ORDER_LISTENER = `${ORDER_SERVICE}/listener/${ORDER_LISTENER_ID}`;
const ORDER_CANARY = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0ordercanary00001";

function badgeOn(page: Page, nodeId: string) {
  return page.locator(`[data-testid="rollout-badge"][data-node="${nodeId}"]`);
}

test.afterAll(async ({ playwright }) => {
  // Other specs expect the demo as written, with nothing rolling out, to be the latest estate.
  await abortAndReset(playwright);
});

test("a staged rollout on the order canary shows on the map while it runs, pauses, steps and is aborted", async ({
  page,
  request,
  saveScreenshot,
}) => {
  await abortActive(request);
  await resetAndCrawl(request);

  // maxUnhealthy 1: the demo canary has one unhealthy target of two, and the gate before step 2 lets that by.
  const started = await request.post(`${E2E_APP_URL}/api/rollouts`, {
    data: {
      target: ORDER_LISTENER,
      canary: ORDER_CANARY,
      steps: [10, 25, 50, 100],
      waitSeconds: 600,
      maxUnhealthy: 1,
    },
  });
  expect(started.status(), await started.text()).toBe(201);
  const { id } = rolloutSchema.parse(await started.json());
  // The first step runs at once (10 % is where the canary already is); the next waits ten minutes.
  await expect
    .poll(async () => (await rolloutNow(request, id)).stepsDone, { message: "the first step is taken" })
    .toBe(1);

  const serviceBadge = badgeOn(page, ORDER_SERVICE);
  let ruleId = "";
  const canaryLabel = () =>
    page.locator(`[data-testid="edge-label"][data-source="${ruleId}"][data-target="${ORDER_CANARY}"]`);
  const stableLabel = () =>
    page.locator(`[data-testid="edge-label"][data-source="${ruleId}"]:not([data-target="${ORDER_CANARY}"])`);

  await test.step("running: the service, listener and rule badges and the canary's edge label", async () => {
    await page.goto(mapUrl([ORDERING], ORDER_SERVICE));
    await expect(serviceBadge).toHaveAttribute("data-status", "running", { timeout: 15_000 });
    await expect(serviceBadge).toHaveText(/^Canary 10 % · step 1 of 4 · (9|10):\d\d$/);
    await expect(serviceBadge).toHaveAccessibleName(
      /^Rollout running: canary order-canary at 10 %, step 1 of 4; next step in (9|10):\d\d$/,
    );
    await expect(badgeOn(page, ORDER_LISTENER)).toHaveAttribute("data-status", "running");
    await expect(badgeOn(page, ORDER_LISTENER)).toHaveText(/^10 % · step 1 of 4 · (9|10):\d\d$/);

    const defaultRule = page.locator('[data-kind="rule"]').filter({ hasText: "default action" });
    ruleId = (await defaultRule.getAttribute("data-id")) ?? "";
    expect(ruleId).toMatch(/\/listener\/listener-0orderhttps000001\/rule\//);
    await expect(badgeOn(page, ruleId)).toHaveAttribute("data-status", "running");
    await expect(canaryLabel()).toHaveText("10 %");
    await expect(canaryLabel()).toHaveAttribute("data-rollout", "running");
    await expect(canaryLabel()).toHaveAttribute("title", /^rollout step 1 of 4 → 10 %\n/);
    await expect(stableLabel()).toHaveText("90 %");
    await expect(stableLabel(), "only the canary's edge is marked").not.toHaveAttribute("data-rollout", /.*/);
    const progress = page.getByRole("complementary", { name: "Selected resource" }).getByTestId("rollout");
    await expect(progress).toHaveAttribute("data-status", "running");
    await saveScreenshot("rollout-running");
    // Closer, to read the badges and the marked label.
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Zoom In" }).click();
    await page.waitForTimeout(300);
    await saveScreenshot("rollout-running-close");

    // Labels go when the text would be too small to read: zoom out until they have. The badge shortens.
    const zoomOut = page.getByRole("button", { name: "Zoom Out" });
    for (let i = 0; i < 12 && (await page.getByTestId("edge-label").count()) > 0; i++) {
      await zoomOut.click();
      await page.waitForTimeout(100);
    }
    await expect(page.getByTestId("edge-label")).toHaveCount(0);
    await expect(serviceBadge).toHaveText("10 % · 1 of 4");
    await saveScreenshot("rollout-running-zoomed-out");
  });

  await test.step("overview: the collapsed account box counts the running rollout", async () => {
    await page.goto("/");
    const box = page.locator(`[data-kind="account"][data-id="${ORDERING}"]`);
    await expect(box).toHaveAttribute("data-collapsed", "true");
    await expect(box.getByTestId("account-rollouts").locator('[data-status="running"]')).toHaveText(
      "1 rollout running",
      { timeout: 15_000 },
    );
    await saveScreenshot("rollout-overview");
    await page.getByRole("button", { name: "Legend" }).click();
    await expect(page.getByRole("complementary", { name: "Legend" })).toContainText("staged rollout running");
    await saveScreenshot("rollout-legend");
    await page.getByRole("button", { name: "Close legend" }).click();
  });

  await test.step("clicking the badge selects the service, whose inspector holds the rollout", async () => {
    await page.goto(mapUrl([ORDERING]));
    await expect(serviceBadge).toHaveAttribute("data-status", "running", { timeout: 15_000 });
    await serviceBadge.click();
    await expect.poll(() => new URL(page.url()).searchParams.get("selected")).toBe(ORDER_SERVICE);
    const progress = page.getByRole("complementary", { name: "Selected resource" }).getByTestId("rollout");
    await expect(progress).toHaveAttribute("data-status", "running");
    await expect(progress.getByRole("button", { name: "Pause" })).toBeVisible();
  });

  await test.step("paused through the API: the badge turns to paused", async () => {
    const paused = await request.post(`${E2E_APP_URL}/api/rollouts/${id}/pause`);
    expect(paused.status()).toBe(200);
    await page.goto(mapUrl([ORDERING], ORDER_SERVICE));
    await expect(serviceBadge).toHaveAttribute("data-status", "paused", { timeout: 15_000 });
    await expect(serviceBadge).toHaveText("Canary 10 % · step 1 of 4 · paused");
    await expect(canaryLabel()).toHaveAttribute("data-rollout", "paused");
    await saveScreenshot("rollout-paused");
  });

  await test.step("resumed: the next step runs at once, and the weights on the map follow the badge", async () => {
    const resumed = await request.post(`${E2E_APP_URL}/api/rollouts/${id}/resume`);
    expect(resumed.status()).toBe(200);
    await expect(serviceBadge).toHaveText(/^Canary 25 % · step 2 of 4 · (9|10):\d\d$/, { timeout: 15_000 });
    // The step's crawl has to finish before the topology shows 75/25.
    await expect(canaryLabel()).toHaveText("25 %", { timeout: 30_000 });
    await expect(stableLabel()).toHaveText("75 %");
    await expect(canaryLabel()).toHaveAttribute("title", /^rollout step 2 of 4 → 25 %\n/);
    const progress = page.getByRole("complementary", { name: "Selected resource" }).getByTestId("rollout");
    await expect(progress).toContainText("Step 2 of 4");
    await saveScreenshot("rollout-step-2");
  });

  await test.step("aborted through the API while the map is open: the badge says why, the weights go back", async () => {
    const aborted = await request.post(`${E2E_APP_URL}/api/rollouts/${id}/abort`);
    expect(aborted.status()).toBe(200);
    const { message } = await rolloutNow(request, id);
    expect(message).toMatch(/^Aborted by .+\. Starting weights restored\.$/);
    await expect(serviceBadge).toHaveAttribute("data-status", "aborted", { timeout: 15_000 });
    await expect(serviceBadge).toHaveText("Canary aborted · step 2 of 4");
    await expect(serviceBadge).toHaveAttribute(
      "title",
      new RegExp(message!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
    );
    await expect(canaryLabel()).toHaveAttribute("data-rollout", "aborted");
    await expect(canaryLabel()).toHaveText("10 %", { timeout: 30_000 });
    await expect(stableLabel()).toHaveText("90 %");
    await saveScreenshot("rollout-aborted");
  });

  await test.step("the audit log holds the rollout's whole lifecycle, each decision with who made it", async () => {
    await page.goto(`/audit?rollout=${id}`);
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    const entries = page.getByTestId("audit-entry");
    const entry = (operation: string) => entries.and(page.locator(`[data-operation="${operation}"]`));
    await expect(entry("AbortRollout")).toHaveCount(1, { timeout: 15_000 });
    for (const operation of ["StartRollout", "PauseRollout", "ResumeRollout", "AbortRollout"]) {
      await expect(entry(operation), `${operation} is recorded once`).toHaveCount(1);
      await expect(entry(operation).getByTestId("audit-result")).toHaveAttribute("data-result", "applied");
      await expect(entry(operation)).toContainText("Local user");
      await expect(entry(operation).getByTestId("audit-rollout")).toHaveAttribute(
        "href",
        new RegExp(`[?&]rollout=${id}`),
      );
    }
    // The writes the rollout made: step 2 (25 %) and the abort's return to the starting weights, each an intent
    // written before the AWS call and its outcome after, both linked to the change, nothing from another rollout.
    const writes = entries.and(
      page.locator('[data-operation="UpdateListener"], [data-operation="UpdateRule"]'),
    );
    await expect(writes).toHaveCount(4);
    const results = writes.getByTestId("audit-result");
    await expect(results.and(page.locator('[data-result="applied"]'))).toHaveCount(2);
    await expect(results.and(page.locator('[data-result="pending"]'))).toHaveCount(2);
    for (const write of await writes.all()) await expect(write.getByTestId("audit-change")).toBeVisible();
    expect(await entries.count(), "only this rollout's entries").toBe(8);
    // The rollout filter is shown and survives another filter being applied.
    await expect(page.getByTestId("audit-filter-rollout")).toContainText(id);
    await page.getByLabel("Operation").fill("AbortRollout");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`operation=AbortRollout&rollout=${id}$`));
    await expect(entries).toHaveCount(1);
    await saveScreenshot("rollout-audit-lifecycle");
    await page.getByRole("button", { name: "Remove the rollout filter" }).click();
    await expect(page).toHaveURL(/\/audit\?operation=AbortRollout$/);
  });
});
