import { GetListenerCommand } from "@aws-sdk/client-vpc-lattice";
import { z } from "zod";
import {
  ORDER_LISTENER_ID,
  ORDER_SERVICE,
  orderingLattice,
  resetAndCrawl,
  waitForRun,
  withRequest,
} from "./estate";
import { expect, test } from "./fixtures";
import { E2E_APP_URL } from "./servers";

test.afterAll(async ({ playwright }) => {
  // Other specs expect the demo as written to be the latest estate.
  await withRequest(playwright, resetAndCrawl);
});

async function liveWeights(): Promise<(number | undefined)[] | undefined> {
  const lattice = await orderingLattice("trellis-e2e-changes");
  try {
    const listener = await lattice.send(
      new GetListenerCommand({ serviceIdentifier: ORDER_SERVICE, listenerIdentifier: ORDER_LISTENER_ID }),
    );
    return listener.defaultAction?.forward?.targetGroups?.map((g) => g.weight);
  } finally {
    lattice.destroy();
  }
}

test("shifting the order canary 90/10 → 50/50 by clicking: reviewed, confirmed, applied, and on the map", async ({
  page,
  request,
  saveScreenshot,
}) => {
  await resetAndCrawl(request);
  await page.goto(`/?selected=${encodeURIComponent(ORDER_SERVICE)}`);
  const routing = page.getByTestId("inspector-routing");
  await routing.getByRole("button", { name: "Edit Default action of https-443" }).click();
  const dialog = page.getByRole("dialog", { name: "Default action of https-443" });
  await expect(dialog.getByTestId("weight-share")).toHaveText(["90 %", "10 %"]);

  // Bad input is shown on its field and nothing is sent to AWS.
  await dialog.getByLabel("Weight of order-stable").fill("1000");
  await dialog.getByRole("button", { name: "Review change" }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: "must be between 0 and 999" })).toBeVisible();
  expect(await liveWeights()).toEqual([90, 10]);

  await dialog.getByLabel("Weight of order-stable").fill("50");
  await dialog.getByLabel("Weight of order-canary").fill("50");
  await expect(dialog.getByTestId("weight-share")).toHaveText(["50 %", "50 %"]);
  await dialog.getByRole("button", { name: "Review change" }).click();

  const review = dialog.getByTestId("plan-review");
  await expect(review.getByTestId("plan-row")).toHaveText([
    /order-stable\s*90 % \(90\)\s*50 % \(50\)/,
    /order-canary\s*10 % \(10\)\s*50 % \(50\)/,
  ]);
  const warning = review.locator('[data-testid="plan-warning"][data-code="unhealthy-targets"]');
  await expect(warning).toContainText("order-canary has 1 of 2 targets unhealthy");
  await review.getByText("The same with the AWS CLI").click();
  await expect(review.getByTestId("plan-cli")).toContainText("aws vpc-lattice update-listener");
  await saveScreenshot("change-plan");

  const apply = review.getByRole("button", { name: "Apply" });
  await expect(apply, "the warning must be confirmed first").toBeDisabled();
  await warning.getByRole("checkbox").check();
  await apply.click();
  const applied = dialog.getByTestId("change-applied");
  await expect(applied).toContainText("Applied (UpdateListener, request");
  expect(await liveWeights()).toEqual([50, 50]);

  const runId = Number(/Crawl (\d+)/.exec((await applied.textContent()) ?? "")?.[1]);
  expect(runId).toBeGreaterThan(0);
  await waitForRun(request, runId);
  await dialog.getByRole("button", { name: "Close" }).first().click();
  await expect(routing.getByTestId("routing-share")).toContainText(["50 %", "50 %"]);
  await saveScreenshot("change-applied");

  // On the map, a rule's weight label opens the same editor, on that rule.
  await page.goto(
    `/?expand=${encodeURIComponent("account:222233334444")}&selected=${encodeURIComponent(ORDER_SERVICE)}`,
  );
  const defaultRule = page.locator('[data-kind="rule"]').filter({ hasText: "default action" });
  const ruleId = await defaultRule.getAttribute("data-id");
  const label = page.locator(`button[data-testid="edge-label"][data-source="${ruleId}"]`).first();
  await expect(label).toHaveText("50 %");
  await label.click();
  const fromMap = page.getByRole("dialog", { name: "Default action of https-443" });
  await expect(fromMap.getByTestId("weight-share")).toHaveText(["50 %", "50 %"]);
  await saveScreenshot("change-from-map");
  await fromMap.getByRole("button", { name: "Cancel" }).click();

  const audit = z
    .object({
      entries: z.array(
        z.object({ operation: z.string(), result: z.string(), resourceArn: z.string().optional() }),
      ),
    })
    .parse(await (await request.get(`${E2E_APP_URL}/api/audit?operation=UpdateListener`)).json());
  expect(audit.entries[0]).toMatchObject({ operation: "UpdateListener", result: "applied" });

  // The audit page shows the apply, with the listener's weights before and after.
  await page.goto(`/audit?operation=UpdateListener`);
  const entry = page.locator('[data-testid="audit-entry"][data-operation="UpdateListener"]').first();
  await expect(entry.getByTestId("audit-result")).toHaveAttribute("data-result", "applied");
  await entry.getByRole("button", { name: /^Details of audit entry/ }).click();
  const diff = page.getByTestId("audit-entry-detail").first().getByTestId("audit-diff");
  await expect(diff).toContainText('"weight": 90');
  await expect(diff).toContainText('"weight": 50');
  await saveScreenshot("change-audit");
});
