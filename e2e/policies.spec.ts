import { z } from "zod";
import { resetAndCrawl, waitForRun, withRequest } from "./estate";
import { expect, test } from "./fixtures";
import { E2E_APP_URL } from "./servers";

const PAYMENT = "arn:aws:vpc-lattice:us-east-1:333344445555:service/svc-0payment000000001";
const ORDER_SERVICE_ROLE = "arn:aws:iam::222233334444:role/order-service";
const ORDER_VPC = "vpc-02222000000000001";
const ORDER_EU_VPC = "vpc-02222000000000e01";

/** The seed's payment policy with its action fixed, admitting the ordering account's order-service role. */
const PROPOSED = JSON.stringify(
  {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "OrderServiceMayPay",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::222233334444:role/order-task-role", ORDER_SERVICE_ROLE] },
        Action: "vpc-lattice-svcs:Invoke",
        Resource: `${PAYMENT}/*`,
      },
    ],
  },
  null,
  2,
);

test.afterAll(async ({ playwright }) => {
  // Other specs expect the demo as written to be the latest estate.
  await withRequest(playwright, resetAndCrawl);
});

test("admitting another account's role to payment: reviewed as a gain, applied, audited and simulated", async ({
  page,
  request,
  saveScreenshot,
}) => {
  await resetAndCrawl(request);
  await page.goto(`/?selected=${encodeURIComponent(PAYMENT)}`);
  const auth = page.getByTestId("inspector-auth");
  await auth.getByRole("button", { name: "Edit policy" }).click();
  const dialog = page.getByRole("dialog", { name: "Auth policy of payment" });

  // The seed's mistake is flagged inline, where it is.
  const editor = dialog.getByTestId("policy-editor");
  await expect(editor.locator(".cm-content")).toContainText('"vpc-lattice:Invoke"');
  await expect(editor.locator(".cm-lintRange-error").first()).toBeVisible();
  await expect(
    dialog.locator('[data-testid="policy-finding"][data-id="action-control-plane"]'),
  ).toContainText("10:");
  await saveScreenshot("policy-editor-findings");
  await editor.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(PROPOSED);
  await expect(editor.locator(".cm-content")).toContainText(ORDER_SERVICE_ROLE);
  await expect(editor.locator(".cm-lintRange-error")).toHaveCount(0);
  await saveScreenshot("policy-editor");

  await dialog.getByRole("button", { name: "Current vs proposed" }).click();
  await expect(dialog.getByTestId("policy-merge-view")).toContainText(ORDER_SERVICE_ROLE);
  await expect(dialog.getByTestId("policy-merge-view").locator(".cm-changedLine").first()).toBeVisible();
  await saveScreenshot("policy-merge-view");

  await dialog.getByRole("button", { name: "Review" }).click();
  const review = dialog.getByTestId("policy-review");
  const gains = review.getByTestId("policy-gains");
  const gained = gains.locator(`[data-testid="access-row"][data-principal="${ORDER_SERVICE_ROLE}"]`);
  await expect(gained.first()).toBeVisible();
  await expect(gained.first()).toContainText("payment");
  await expect(gains.getByRole("row").filter({ hasText: "order-vpc" }).first()).toBeVisible();
  await expect(review.getByTestId("policy-losses")).toContainText("Nobody.");
  await expect(review.getByTestId("policy-text-diff")).toContainText("vpc-lattice-svcs:Invoke");
  await saveScreenshot("policy-review");

  await review.getByRole("button", { name: "Apply" }).click();
  const applied = dialog.getByTestId("policy-applied");
  await expect(applied).toContainText("Applied (PutAuthPolicy, request");
  const runId = Number(/Crawl (\d+)/.exec((await applied.textContent()) ?? "")?.[1]);
  expect(runId).toBeGreaterThan(0);
  await waitForRun(request, runId);
  await dialog.getByRole("button", { name: "Close" }).first().click();

  const audit = z
    .object({
      entries: z.array(
        z.object({
          operation: z.string(),
          result: z.string(),
          resourceArn: z.string().nullish(),
          before: z.object({ authType: z.string(), policy: z.unknown() }),
          after: z.object({ authType: z.string(), policy: z.unknown() }),
        }),
      ),
    })
    .parse(await (await request.get(`${E2E_APP_URL}/api/audit?operation=PutAuthPolicy`)).json());
  const entry = audit.entries[0];
  expect(entry).toMatchObject({ operation: "PutAuthPolicy", result: "applied", resourceArn: PAYMENT });
  expect(JSON.stringify(entry?.before.policy)).toContain("vpc-lattice:Invoke");
  expect(JSON.stringify(entry?.after.policy)).toContain(ORDER_SERVICE_ROLE);

  // The simulator reads the crawl that followed the apply.
  await page.reload();
  await auth.getByText("Access simulator").click();
  const simulator = auth.getByTestId("access-simulator");
  await simulator.getByLabel("Principal").fill(ORDER_SERVICE_ROLE);
  await simulator.getByLabel("Source VPC").selectOption(ORDER_VPC);
  await simulator.getByLabel("Service").selectOption(PAYMENT);
  await simulator.getByLabel("Method").selectOption("POST");
  await simulator.getByLabel("Path").fill("/payments");
  await simulator.getByRole("button", { name: "Simulate" }).click();
  const result = simulator.getByTestId("simulation-result");
  await expect(result).toHaveAttribute("data-decision", "allow");
  await expect(result).toContainText("OrderServiceMayPay");
  await result.scrollIntoViewIfNeeded();
  await saveScreenshot("policy-simulator-allow");

  await simulator.getByLabel("Source VPC").selectOption(ORDER_EU_VPC);
  await simulator.getByRole("button", { name: "Simulate" }).click();
  await expect(result).toHaveAttribute("data-decision", "deny");
  await expect(result.locator('[data-step="connectivity"]')).toContainText("not connected");
  await result.scrollIntoViewIfNeeded();
  await saveScreenshot("policy-simulator-deny");
});
