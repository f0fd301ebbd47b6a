import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { z } from "zod";
import { crawl, ORDER_LISTENER_ID, ORDER_SERVICE, resetAndCrawl, waitForRun, withRequest } from "./estate";
import { expect, test } from "./fixtures";
import { E2E_APP_URL } from "./servers";

const ORDERING = "account:222233334444";
const ORDER_LISTENER = `${ORDER_SERVICE}/listener/${ORDER_LISTENER_ID}`;
const ORDER_CANARY = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0ordercanary00001";
const ADDED_ROLE = "arn:aws:iam::222233334444:role/order-task-role";

test.use({ viewport: { width: 1366, height: 768 } });

test.afterAll(async ({ playwright }) => {
  // Other specs expect the demo as written to be the latest estate.
  await withRequest(playwright, resetAndCrawl);
});

/** The dialog's buttons are on screen, and the dialog body scrolls under them when it is taller than the window. */
async function expectFooterInView(dialog: Locator, button: string) {
  const body = dialog.getByTestId("dialog-body");
  await body.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(dialog.getByRole("button", { name: button, exact: true })).toBeInViewport({ ratio: 1 });
}

async function bodyOverflows(dialog: Locator): Promise<boolean> {
  return dialog.getByTestId("dialog-body").evaluate((el) => el.scrollHeight > el.clientHeight + 1);
}

async function openOrder(page: Page) {
  await page.goto(`/?selected=${encodeURIComponent(ORDER_SERVICE)}`);
  await expect(page.getByTestId("inspector-routing")).toBeVisible();
}

test("the weight editor checks as you type, clears a fixed error, links the sliders and keeps its footer in view", async ({
  page,
  request,
  saveScreenshot,
}) => {
  await resetAndCrawl(request);
  await openOrder(page);
  await page.getByRole("button", { name: "Edit Default action of https-443" }).click();
  const dialog = page.getByRole("dialog", { name: "Default action of https-443" });
  const stable = dialog.getByLabel("Weight of order-stable");
  const canary = dialog.getByLabel("Weight of order-canary");
  const error = dialog.getByRole("alert").filter({ hasText: "between 0 and 999" });

  await stable.fill("1000");
  await expect(error, "said while typing, before any review").toBeVisible();
  await expect(stable).toHaveAttribute("aria-invalid", "true");
  await stable.fill("90");
  await expect(error, "gone once the value is fixed").toHaveCount(0);
  await stable.fill("0");
  await canary.fill("0");
  await expect(dialog.getByText(/^At least one weight must be above 0/)).toBeVisible();

  await dialog.getByRole("button", { name: /^Split 90 \/ 10/ }).click();
  await expect(stable).toHaveValue("90");
  await expect(canary).toHaveValue("10");
  await dialog.getByLabel("Share of order-canary").fill("25");
  await expect(stable, "moving one slider rebalances the other").toHaveValue("75");
  await expect(canary).toHaveValue("25");
  await expect(dialog.getByTestId("weight-share")).toHaveText(["75 %", "25 %"]);
  await expect(dialog.getByLabel("Share of order-stable")).toHaveAttribute("max", "100");
  // Why the canary keeps its share with one of its two targets unhealthy.
  await expect(dialog.getByTestId("effective-note")).toContainText("order-canary keeps its share");

  await dialog.getByRole("button", { name: /^Split 50 \/ 50/ }).click();
  await expectFooterInView(dialog, "Review change");
  await saveScreenshot("editor-weights-1366x768");
  await dialog.getByRole("button", { name: "Review change" }).click();
  await expect(dialog.getByTestId("plan-review")).toBeVisible();
  await expectFooterInView(dialog, "Apply");
  await saveScreenshot("editor-weights-review-1366x768");

  await dialog.getByRole("button", { name: "Back" }).click();
  await dialog.getByRole("button", { name: "Staged rollout…" }).click();
  const form = dialog.getByTestId("rollout-form");
  await expect(form.getByTestId("rollout-preflight")).toContainText(
    "order-canary already fails the health gate: it has 1 unhealthy target (at most 0 allowed)",
  );
  await form.getByLabel("Steps (% to it)").fill("10, 50, 25");
  await expect(form.getByRole("alert")).toHaveText(
    "Each step must be larger than the one before (25 % comes after 50 %)",
  );
  await expect(form.getByRole("button", { name: "Start rollout" })).toBeDisabled();
  await form.getByLabel("Unhealthy targets allowed").fill("1");
  await expect(form.getByTestId("rollout-preflight")).toHaveCount(0);
  await form.getByLabel("Steps (% to it)").fill("10, 25, 50, 100");
  await expect(form.getByRole("alert")).toHaveCount(0);
  await expectFooterInView(dialog, "Start rollout");
  await saveScreenshot("editor-rollout-1366x768");
});

test("the rule and auth policy editors keep their buttons in view at 1366 × 768", async ({
  page,
  saveScreenshot,
}) => {
  await openOrder(page);
  await page.getByRole("button", { name: "Edit Rule api-v2" }).click();
  const rule = page.getByRole("dialog", { name: "Rule api-v2 on https-443" });
  for (let i = 0; i < 5; i++) await rule.getByRole("button", { name: "Add a header match" }).click();
  expect(await bodyOverflows(rule), "five header matches make the rule editor taller than the window").toBe(
    true,
  );
  await expectFooterInView(rule, "Review change");
  await saveScreenshot("editor-rule-1366x768");
  await rule.getByRole("button", { name: "Cancel" }).click();

  await page.getByTestId("inspector-auth").getByRole("button", { name: "Edit policy" }).click();
  const policy = page.getByRole("dialog", { name: "Auth policy of order" });
  await expectFooterInView(policy, "Review");
  await policy.getByRole("combobox", { name: /Start from a template/ }).selectOption({ index: 1 });
  await policy.getByRole("button", { name: "Review" }).click();
  await expect(policy.getByTestId("policy-review")).toBeVisible();
  await expectFooterInView(policy, "Apply");
  await saveScreenshot("editor-policy-review-1366x768");
});

const rolloutSchema = z.object({ id: z.string(), status: z.string(), stepsDone: z.number() });

async function rolloutNow(request: APIRequestContext, id: string) {
  return rolloutSchema.parse(await (await request.get(`${E2E_APP_URL}/api/rollouts/${id}`)).json());
}

test("an aborted rollout stays reachable from its badge: its panel has the steps, the reason and who did what", async ({
  page,
  request,
  saveScreenshot,
}) => {
  await resetAndCrawl(request);
  const started = await request.post(`${E2E_APP_URL}/api/rollouts`, {
    data: {
      target: ORDER_LISTENER,
      canary: ORDER_CANARY,
      steps: [10, 50, 100],
      waitSeconds: 600,
      maxUnhealthy: 1,
    },
  });
  expect(started.status(), await started.text()).toBe(201);
  const { id } = rolloutSchema.parse(await started.json());
  await expect.poll(async () => (await rolloutNow(request, id)).stepsDone).toBe(1);
  expect((await request.post(`${E2E_APP_URL}/api/rollouts/${id}/abort`)).status()).toBe(200);

  await page.goto(`/?expand=${encodeURIComponent(ORDERING)}`);
  const badge = page.locator(`[data-testid="rollout-badge"][data-node="${ORDER_SERVICE}"]`);
  await expect(badge).toHaveAttribute("data-status", "aborted", { timeout: 20_000 });
  // Its words depend on the zoom (short when zoomed out); what it says in full does not.
  await expect(badge).toHaveAttribute(
    "aria-label",
    /^Rollout aborted: canary order-canary at 10 %, step 1 of 3;/,
  );
  await badge.click();
  await expect(page).toHaveURL(new RegExp(`rollout=${id}`));
  const panel = page.locator(`[data-testid="rollout-ended"][data-rollout="${id}"]`);
  await expect(panel).toHaveAttribute("data-focused", "true");
  await expect(panel.getByTestId("rollout-step")).toHaveText("Step 1 of 3");
  await expect(panel.getByTestId("rollout-reason")).toHaveText(
    /^Aborted: Aborted by .+\. Starting weights restored\.$/,
  );
  const events = panel.getByRole("list", { name: "What happened" });
  await expect(events).toContainText("Started by");
  await expect(events).toContainText("Step 1: 10 % to the canary");
  await expect(events).toContainText("Aborted by");
  await expect(panel).toBeInViewport();
  await saveScreenshot("rollout-ended-panel");

  // The collapsed box counts the rollout, unless a filter leaves its service out (the rollout is in us-east-1).
  const chips = page.locator(`[data-kind="account"][data-id="${ORDERING}"]`).getByTestId("account-rollouts");
  await page.goto("/");
  await expect(chips.locator('[data-status="aborted"]')).toHaveText(/rollouts? aborted/, { timeout: 20_000 });
  await page.goto("/?region=eu-west-1");
  await expect(page.locator(`[data-kind="account"][data-id="${ORDERING}"]`)).toBeVisible();
  await expect(chips).toHaveCount(0);
});

test("History opens on the latest change and shows a policy change formatted, key by key; the audit row links back", async ({
  page,
  request,
  saveScreenshot,
}) => {
  await resetAndCrawl(request);
  const topology = z
    .object({ nodes: z.array(z.object({ id: z.string(), data: z.record(z.string(), z.unknown()) })) })
    .parse(await (await request.get(`${E2E_APP_URL}/api/topology`)).json());
  const order = topology.nodes.find((n) => n.id === ORDER_SERVICE);
  const current = z.object({ policy: z.string() }).parse(order?.data.authPolicy).policy;
  const document = JSON.parse(current) as { Statement: { Principal: { AWS: string[] } }[] };
  document.Statement[0]?.Principal.AWS.push(ADDED_ROLE);
  const diff = z
    .object({ before: z.unknown(), after: z.unknown(), confirmations: z.array(z.object({ id: z.string() })) })
    .parse(
      await (
        await request.post(`${E2E_APP_URL}/api/policies/diff`, {
          data: { scope: { arn: ORDER_SERVICE }, after: JSON.stringify(document), authTypeAfter: "AWS_IAM" },
        })
      ).json(),
    );
  const applied = await request.post(`${E2E_APP_URL}/api/policies/apply`, {
    data: {
      scope: { arn: ORDER_SERVICE },
      base: diff.before,
      after: diff.after,
      confirm: diff.confirmations.map((c) => c.id),
    },
  });
  expect(applied.status(), await applied.text()).toBe(200);
  const changedRun = z.object({ result: z.object({ crawlRunId: z.number() }) }).parse(await applied.json())
    .result.crawlRunId;
  await waitForRun(request, changedRun);
  // A crawl after it that finds nothing new: History still opens on the change.
  await crawl(request);

  await page.goto("/history");
  await expect(page.getByRole("combobox", { name: "To run" })).toHaveValue(String(changedRun));
  await expect(page.getByTestId("history-quiet")).toContainText("found nothing new");
  const field = page.locator('[data-testid="field-change"][data-path="data.authPolicy.policy"]');
  const tree = field.getByTestId("structural-diff");
  await expect(tree).toContainText("JSON text, shown formatted");
  await expect(tree.getByTestId("diff-added")).toContainText(ADDED_ROLE);
  await expect(tree).toContainText('"Version": "2012-10-17"');
  await field.scrollIntoViewIfNeeded();
  await saveScreenshot("history-policy-diff");

  await page.goto("/audit?operation=PutAuthPolicy");
  const entry = page.locator('[data-testid="audit-entry"][data-operation="PutAuthPolicy"]').first();
  await expect(entry.getByTestId("audit-operation")).toHaveText(/^PutAuthPolicy/);
  await expect(entry.getByText("PutAuthPolicy")).toHaveCount(1);
  await entry.getByRole("button", { name: /^Details of audit entry/ }).click();
  const detail = page.getByTestId("audit-entry-detail").first();
  await expect(detail.getByTestId("structural-diff").getByTestId("diff-added")).toContainText(ADDED_ROLE);
  await saveScreenshot("audit-policy-diff");
  await entry.getByTestId("audit-resource").click();
  await expect(page).toHaveURL(new RegExp(`selected=${encodeURIComponent(ORDER_SERVICE)}`));
  await expect(page.locator(`[data-kind="service"][data-id="${ORDER_SERVICE}"]`)).toBeInViewport();
});
