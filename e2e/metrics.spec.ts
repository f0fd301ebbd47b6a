import { z } from "zod";
import { ORDER_LISTENER_ID, ORDER_SERVICE, resetAndCrawl } from "./estate";
import { expect, test } from "./fixtures";
import { abortActive, abortAndReset, mapUrl, rolloutNow, rolloutSchema } from "./rollouts";
import { E2E_APP_URL, E2E_EMULATOR_URL } from "./servers";

const ORDERING = "account:222233334444";
const ORDER_LISTENER = `${ORDER_SERVICE}/listener/${ORDER_LISTENER_ID}`;
const ORDER_CANARY = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0ordercanary00001";
const ORDER_STABLE = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0orderstable00001";

// A browser language Intl accepts (this machine's C locale gives `en-US@posix`).
test.use({ locale: "en-US" });

test.afterAll(async ({ playwright }) => {
  // Other specs expect the demo as written (no switch on, nothing rolling out) to be the latest estate.
  await abortAndReset(playwright);
});

test("edges carry request rate, 5xx share and p99, coloured by error rate; collapsed accounts show totals", async ({
  page,
  request,
  saveScreenshot,
}) => {
  await abortActive(request);
  await resetAndCrawl(request);
  await page.goto("/");
  const ordering = page.locator(`[data-id="${ORDERING}"] [data-testid="traffic-total"]`);
  await expect(ordering).toHaveText(/^\d+(\.\d+)? req\/s · \d+(\.\d)? % 5xx · p99 \d+ ms$/, {
    timeout: 20_000,
  });
  await expect(page.getByTestId("traffic-cost")).toHaveText(/^\d+ metrics · \d+ calls? · \$\d/);
  await saveScreenshot("traffic-accounts");

  await page.goto(mapUrl([ORDERING], ORDER_SERVICE));
  const defaultRule = page.locator('[data-kind="rule"]').filter({ hasText: "default action" });
  const ruleId = (await defaultRule.getAttribute("data-id")) ?? "";
  expect(ruleId).toMatch(/\/listener\/listener-0orderhttps000001\/rule\//);
  const traffic = (target: string) =>
    page.locator(`[data-testid="edge-traffic"][data-edge-id*="${ruleId}"][data-edge-id$="${target}"]`);
  // The demo's canary answers 1.5 % 5xx (over the 1 % threshold: amber), the stable group 0.2 % (green).
  // Two rules forward to the canary and CloudWatch counts per target group: its edge's rate is estimated (≈).
  await expect(traffic(ORDER_CANARY)).toHaveText(/^≈\d\.\d\d req\/s\s*1\.\d % 5xx · p99 1\d\d ms$/);
  await expect(traffic(ORDER_CANARY)).toHaveAttribute("data-health", "degraded");
  await expect(traffic(ORDER_STABLE)).toHaveText(/^\d\d\.\d req\/s\s*0\.\d % 5xx · p99 \d\d ms$/);
  await expect(traffic(ORDER_STABLE)).toHaveAttribute("data-health", "healthy");
  await saveScreenshot("traffic-edges");

  const range = page.getByRole("radiogroup", { name: "Traffic time range" });
  await range.getByRole("radio", { name: "1 h" }).click();
  await expect(range.getByRole("radio", { name: "1 h" })).toHaveAttribute("aria-checked", "true");
  await expect(traffic(ORDER_STABLE)).toHaveText(/req\/s/);
});

test("the canary view puts the canary beside the stable group: shares by weight and observed, errors, latency", async ({
  page,
  request,
  saveScreenshot,
}) => {
  await abortActive(request);
  await page.goto(mapUrl([ORDERING], ORDER_SERVICE));
  const inspector = page.getByRole("complementary", { name: "Selected resource" });
  const view = inspector.getByTestId("canary-view");
  await expect(view).toBeVisible({ timeout: 20_000 });
  const canary = view.locator('[data-testid="canary-row"][data-role="canary"]').first();
  const stable = view.locator('[data-testid="canary-row"][data-role="stable"]').first();
  await expect(canary).toContainText("order-canary");
  await expect(canary.getByTestId("observed-share")).toHaveText(/^≈(9\.\d|10(\.\d)?|11\.\d) %$/);
  await expect(stable.getByTestId("observed-share")).toHaveText(/^≈?(89|90|91) %$/);
  await expect(canary.getByTestId("canary-error")).toHaveText(/^1\.\d %$/);
  await expect(stable.getByTestId("canary-error")).toHaveText(/^0\.\d %$/);
  const trafficSection = inspector.getByTestId("inspector-traffic");
  await expect(trafficSection.getByTestId("traffic-table")).toContainText("Requests/s");
  await expect(trafficSection.getByTestId("sparkline").first().locator("canvas")).toBeVisible();
  await view.scrollIntoViewIfNeeded();
  await saveScreenshot("canary-view");

  // The rollout form proposes a metric gate from the last hour: the stable group's 5xx and p99 with room.
  await page.getByRole("button", { name: "Edit Default action of https-443" }).click();
  const dialog = page.getByRole("dialog", { name: "Default action of https-443" });
  await dialog.getByRole("button", { name: "Staged rollout…" }).click();
  const gate = dialog.getByTestId("metric-gate");
  await gate.getByRole("checkbox").check();
  await expect(gate.getByTestId("metric-gate-baseline")).toHaveText(
    /^Last hour: stable 5xx 0\.\d %, p99 \d\d ms; canary \d\.\d\d req\/s, 5xx 1\.\d %\. Proposed limits below\.$/,
  );
  await expect(gate.getByLabel("Canary 5xx at most (%)")).toHaveValue("2");
  await expect(gate.getByLabel("Canary p99 at most (ms)")).toHaveValue(/^\d{3}$/);
  await gate.getByLabel("Analysis window (seconds)").fill("30");
  await expect(gate.getByRole("alert")).toHaveText("Analysis window (seconds): must be at least 60 seconds");
  await expect(dialog.getByRole("button", { name: "Start rollout" })).toBeDisabled();
  await gate.getByLabel("Analysis window (seconds)").fill("300");
  await expect(dialog.getByRole("button", { name: "Start rollout" })).toBeEnabled();
  await saveScreenshot("rollout-metric-gate");
});

test("a rollout gated on the canary's 5xx aborts when the canary starts failing, and the map says why", async ({
  page,
  request,
  saveScreenshot,
}) => {
  await abortActive(request);
  await resetAndCrawl(request);
  // Published at once, so the gate sees the last minutes without CloudWatch's usual minute of delay.
  expect(
    (await request.put(`${E2E_EMULATOR_URL}/_emulator/traffic`, { data: { metricDelaySeconds: 0 } })).ok(),
  ).toBe(true);
  const started = await request.post(`${E2E_APP_URL}/api/rollouts`, {
    data: {
      target: ORDER_LISTENER,
      canary: ORDER_CANARY,
      steps: [20, 50, 100],
      waitSeconds: 8,
      maxUnhealthy: 1,
      metricGate: { analysisSeconds: 120, maxErrorPercent: 5, maxErrorPointsOverStable: 2, minRequests: 20 },
    },
  });
  expect(started.status(), await started.text()).toBe(201);
  const { id } = rolloutSchema.parse(await started.json());
  await expect.poll(async () => (await rolloutNow(request, id)).stepsDone).toBe(1);

  // The canary starts failing, and three minutes pass at once for the traffic.
  expect(
    (
      await request.put(`${E2E_EMULATOR_URL}/_emulator/traffic`, { data: { switches: ["canary-fails"] } })
    ).ok(),
  ).toBe(true);
  expect(
    (await request.post(`${E2E_EMULATOR_URL}/_emulator/clock`, { data: { advanceSeconds: 180 } })).ok(),
  ).toBe(true);
  await expect.poll(async () => (await rolloutNow(request, id)).status, { timeout: 30_000 }).toBe("aborted");
  const ended = await rolloutNow(request, id);
  expect(ended.message).toMatch(
    /^Metric gate failed before step 2: canary 5xx \d+(\.\d)? % over \d+ requests in the last 2 min \(stable 0\.\d %\): above the 5 % limit\. Starting weights restored\.$/,
  );

  await page.goto(mapUrl([ORDERING], ORDER_SERVICE));
  const badge = page.locator(`[data-testid="rollout-badge"][data-node="${ORDER_SERVICE}"]`);
  await expect(badge).toHaveAttribute("data-status", "aborted", { timeout: 15_000 });
  // Newest first: rollouts that ended in the last 15 minutes (an earlier run's too) are listed below.
  const reason = page
    .getByRole("complementary", { name: "Selected resource" })
    .getByTestId("rollout-reason")
    .first();
  await expect(reason).toContainText("Metric gate failed before step 2: canary 5xx");
  await saveScreenshot("gated-rollout-aborted");

  const audit = await request.get(`${E2E_APP_URL}/api/audit?operation=AbortRollout`);
  const entries = z
    .object({ entries: z.array(z.object({ message: z.string().nullable() })) })
    .parse(await audit.json());
  expect(entries.entries[0]?.message).toBe(ended.message);
});
