import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ORDER_SERVICE, resetAndCrawl, waitForRun, withRequest } from "./estate";
import { expect, test } from "./fixtures";
import { E2E_APP_URL } from "./servers";

const PAYMENT = "arn:aws:vpc-lattice:us-east-1:333344445555:service/svc-0payment000000001";
const APP = "arn:aws:iam::222233334444:role/App";
const OPEN = JSON.stringify(
  {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" }],
  },
  null,
  2,
);

test.afterAll(async ({ playwright }) => {
  // Other specs expect the demo as written to be the latest estate.
  await withRequest(playwright, resetAndCrawl);
});

test("narrowing order to the read-only template lists the lost methods before apply, with examples and exports", async ({
  page,
  request,
  saveScreenshot,
}) => {
  await resetAndCrawl(request);
  await page.goto(`/?selected=${encodeURIComponent(ORDER_SERVICE)}`);
  const auth = page.getByTestId("inspector-auth");
  const dialog = page.getByRole("dialog", { name: "Auth policy of order" });
  const editor = dialog.getByTestId("policy-editor").locator(".cm-content");

  // The journey: Principal "*", Resource "*" first, applied.
  await auth.getByRole("button", { name: "Edit policy" }).click();
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(OPEN);
  await dialog.getByRole("button", { name: "Review" }).click();
  const review = dialog.getByTestId("policy-review");
  await expect(review.getByTestId("access-summary")).toBeVisible();
  await review.locator('[data-code="principal-wildcard-open"] input').check();
  await review.getByRole("button", { name: "Apply" }).click();
  const applied = dialog.getByTestId("policy-applied");
  await expect(applied).toContainText("Applied (PutAuthPolicy");
  await waitForRun(request, Number(/Crawl (\d+)/.exec((await applied.textContent()) ?? "")?.[1]));
  await dialog.getByRole("button", { name: "Close" }).first().click();
  await page.reload();

  // Then the read-only GET template: the review must list what is lost.
  await auth.getByRole("button", { name: "Edit policy" }).click();
  await dialog.getByLabel("Start from a template").selectOption({ label: "Read-only GET (my organisation)" });
  await expect(editor).toContainText("vpc-lattice-svcs:RequestMethod");
  await dialog.getByRole("button", { name: "Review" }).click();
  const summary = review.getByTestId("access-summary");
  await expect(summary).toHaveAttribute("data-verdict", "changes");
  await expect(review.getByTestId("access-count-losses")).toContainText(
    "Lose access: 3 principals, 6 classes of requests (3 from VPCs associated today)",
  );
  const losses = review.getByTestId("policy-losses");
  await expect(losses.getByTestId("access-principal")).toHaveCount(3);
  const ordering = losses
    .getByTestId("access-principal")
    .filter({ hasText: "any identity in ordering (222233334444)" });
  await expect(ordering.getByTestId("access-row").first()).toContainText(
    "from any VPC associated with retail-network; any method but GET (POST, PUT, DELETE, PATCH, …)",
  );
  await expect(ordering.getByTestId("access-example").first()).toContainText(
    "→ POST / :443 from order-vpc (vpc-02222000000000001)",
  );
  await expect(ordering.getByTestId("access-row").first()).toContainText(
    "before — service: allowed by statement 0; after — service: no statement allows this request",
  );
  await expect(review.getByTestId("policy-gains")).toContainText("Nobody.");
  await saveScreenshot("policy-review-losses");

  const csvDownload = page.waitForEvent("download");
  await summary.getByRole("button", { name: "Export CSV" }).click();
  const csv = await readFile((await (await csvDownload).path()) ?? "", "utf8");
  expect(csv.split("\r\n")[0]).toMatch(/^direction,principal,principal_id,service,/);
  expect(csv).toContain("loss,any identity in ordering (222233334444),account:222233334444,order,");
  const jsonDownload = page.waitForEvent("download");
  await summary.getByRole("button", { name: "Export JSON" }).click();
  const exported = z
    .object({
      verdict: z.string(),
      losses: z.array(z.object({ request: z.object({ description: z.string() }) })),
    })
    .parse(JSON.parse(await readFile((await (await jsonDownload).path()) ?? "", "utf8")));
  expect(exported.verdict).toBe("changes");
  expect(exported.losses).toHaveLength(6);

  // A document that does not parse: its parse error, and no verdict.
  await review.getByRole("button", { name: "Back to the editor" }).click();
  await editor.click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.insertText(",");
  await dialog.getByRole("button", { name: "Review" }).click();
  await expect(review.getByTestId("access-not-evaluated")).toContainText(
    "The proposed policy cannot be evaluated: it is not valid JSON",
  );
  await expect(review.getByTestId("policy-losses")).toHaveCount(0);
  await expect(review.locator('[data-testid="policy-finding"][data-id="json-syntax"]')).toBeVisible();
  await expect(review.getByRole("button", { name: "Apply" })).toBeDisabled();
  await saveScreenshot("policy-review-parse-error");
});

test("the simulator warns about a principal no policy can name", async ({ page, saveScreenshot }) => {
  await page.goto(`/?selected=${encodeURIComponent(PAYMENT)}`);
  const auth = page.getByTestId("inspector-auth");
  await auth.getByText("Access simulator").click();
  const simulator = auth.getByTestId("access-simulator");
  await simulator.getByLabel("Principal").fill("order-task-role");
  await simulator.getByRole("button", { name: "Simulate" }).click();
  await expect(simulator.getByTestId("simulation-warning")).toContainText(
    '"order-task-role" is not an IAM ARN, an account ID, "*" or "anonymous"',
  );
  await simulator.scrollIntoViewIfNeeded();
  await saveScreenshot("policy-simulator-warning");
  await simulator.getByLabel("Principal").fill("arn:aws:iam::222233334444:role/order-task-role");
  await simulator.getByRole("button", { name: "Simulate" }).click();
  await expect(simulator.getByTestId("simulation-warning")).toHaveCount(0);
});

test("the API reports the losses of a RequestMethod = GET condition (the issue's API case)", async ({
  request,
}) => {
  const allow = (extra: Record<string, unknown>) => ({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: APP },
        Action: "vpc-lattice-svcs:Invoke",
        Resource: "*",
        ...extra,
      },
    ],
  });
  const response = await request.post(`${E2E_APP_URL}/api/policies/diff`, {
    headers: { origin: E2E_APP_URL },
    data: {
      scope: { arn: PAYMENT },
      before: allow({}),
      authTypeBefore: "AWS_IAM",
      after: allow({ Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "GET" } } }),
    },
  });
  expect(response.status()).toBe(200);
  const body = z
    .object({
      verdict: z.string(),
      gains: z.array(z.unknown()),
      losses: z.array(
        z.object({
          principal: z.object({ id: z.string() }),
          reachable: z.boolean(),
          request: z.object({ description: z.string() }),
          example: z.object({ method: z.string() }),
        }),
      ),
    })
    .parse(await response.json());
  expect(body.verdict).toBe("changes");
  expect(body.gains).toEqual([]);
  const today = body.losses.filter((l) => l.reachable);
  expect(today).toHaveLength(1);
  expect(today[0]).toMatchObject({ principal: { id: APP }, example: { method: "POST" } });
  expect(today[0]?.request.description).toContain("any method but GET");

  const tooLarge = await request.post(`${E2E_APP_URL}/api/policies/diff`, {
    headers: { origin: E2E_APP_URL },
    data: {
      scope: { arn: PAYMENT },
      after: { ...allow({}), Id: "x".repeat(10_000) },
    },
  });
  expect(tooLarge.status()).toBe(422);
  expect(JSON.stringify(await tooLarge.json())).toContain("auth policies are limited to 10,000");
});
