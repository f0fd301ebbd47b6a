import { readFile } from "node:fs/promises";
import type { APIRequestContext } from "@playwright/test";
import { z } from "zod";
import { parseCsv } from "../lib/domain/text/csv-testing";
import { expect, test } from "./fixtures";
import { E2E_APP_URL } from "./servers";

const ORDER_SERVICE = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
const LAYOUT = "e2e-audit";

async function waitForRun(request: APIRequestContext, id: number): Promise<void> {
  await expect
    .poll(
      async () =>
        z
          .object({ status: z.string() })
          .parse(await (await request.get(`${E2E_APP_URL}/api/crawls/${id}`)).json()).status,
      { timeout: 90_000, intervals: [250, 500, 1000], message: `crawl run ${id} finishes` },
    )
    .toMatch(/^(ok|partial|failed)$/);
}

test("Crawl now is recorded in the audit log as the local user's StartCrawl, filterable and exported as CSV", async ({
  page,
  request,
  saveScreenshot,
}) => {
  await page.goto("/crawls");
  await page.getByRole("button", { name: "Crawl now" }).click();
  await expect(page).toHaveURL(/[?&]run=\d+/);
  const runId = Number(new URL(page.url()).searchParams.get("run"));

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const row = page
    .locator('[data-testid="audit-entry"][data-operation="StartCrawl"]')
    .filter({ hasText: "Local user" })
    .first();
  await expect(row).toBeVisible();
  await expect(row.getByTestId("audit-actor-role")).toHaveText("admin");
  await expect(row.getByTestId("audit-result")).toHaveAttribute("data-result", "applied");
  await row.getByRole("button", { name: /^Details of audit entry/ }).click();
  const detail = page.getByTestId("audit-entry-detail").first();
  await expect(detail.getByTestId("audit-diff")).toContainText(`"runId": ${runId}`);

  // Filtering is in the URL, so it can be linked to; the form shows it and the table holds only matches.
  await page.goto("/audit?operation=StartCrawl");
  await expect(page.getByLabel("Operation")).toHaveValue("StartCrawl");
  await expect(page.getByTestId("audit-entry").first()).toBeVisible();
  for (const entry of await page.getByTestId("audit-entry").all()) {
    await expect(entry).toHaveAttribute("data-operation", "StartCrawl");
  }
  await page.getByLabel("Result").selectOption("rejected");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/audit\?operation=StartCrawl&result=rejected$/);
  await expect(page.getByText("No audit entries match.")).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId("audit-entry").first()).toBeVisible();

  const exportLink = page.getByRole("link", { name: "Export CSV" });
  await expect(exportLink).toHaveAttribute("href", "/api/audit/export?operation=StartCrawl");
  const [download] = await Promise.all([page.waitForEvent("download"), exportLink.click()]);
  expect(download.suggestedFilename()).toMatch(/^trellis-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...records] = parseCsv(await readFile(await download.path(), "utf8"));
  const column = (name: string) => header!.indexOf(name);
  expect(records.length).toBeGreaterThan(0);
  expect(records.every((record) => record[column("operation")] === "StartCrawl")).toBe(true);
  const started = records.find((record) => record[column("after")] === JSON.stringify({ runId }));
  expect(started, `the CSV has the StartCrawl of run ${runId}`).toBeDefined();
  expect(started![column("actor_name")]).toBe("Local user");
  expect(started![column("actor_role")]).toBe("admin");
  expect(started![column("result")]).toBe("applied");

  await waitForRun(request, runId);
  await saveScreenshot("audit-start-crawl");
});

test("layout changes show their before and after side by side; the inspector links to a resource's audit log", async ({
  page,
  request,
  saveScreenshot,
}) => {
  const save = (x: number, y: number) =>
    request.put(`${E2E_APP_URL}/api/layout/${LAYOUT}`, {
      data: { positions: [{ nodeId: ORDER_SERVICE, x, y }] },
    });
  expect((await save(10, 20)).ok()).toBe(true);
  expect((await save(140, -60)).ok()).toBe(true);
  expect((await request.put(`${E2E_APP_URL}/api/layout/${LAYOUT}`, { data: "{not json" })).status()).toBe(
    400,
  );

  await page.goto("/audit?operation=SaveLayout");
  const rows = page.getByTestId("audit-entry");
  await expect(rows.first().getByTestId("audit-result")).toHaveAttribute("data-result", "rejected");
  await expect(rows.first()).toContainText("Invalid body: not JSON");
  const moved = rows.nth(1);
  await moved.getByRole("button", { name: /^Details of audit entry/ }).click();
  const diff = page.getByTestId("audit-diff");
  const changed = diff.locator('[data-testid="audit-diff-row"][data-kind="changed"]');
  await expect(changed).toHaveCount(2);
  await expect(changed.first().locator('[data-side="before"]')).toHaveText('"x": 10,');
  await expect(changed.first().locator('[data-side="after"]')).toHaveText('"x": 140,');
  await expect(changed.last().locator('[data-side="before"]')).toHaveText('"y": 20');
  await expect(changed.last().locator('[data-side="after"]')).toHaveText('"y": -60');
  await diff.scrollIntoViewIfNeeded();
  await saveScreenshot("audit-layout-diff");

  expect((await request.delete(`${E2E_APP_URL}/api/layout/${LAYOUT}`)).ok()).toBe(true);

  await page.goto(`/?selected=${encodeURIComponent(ORDER_SERVICE)}`);
  await page.getByTestId("inspector").getByRole("link", { name: "Audit log for this resource" }).click();
  await expect(page).toHaveURL(`/audit?resource=${encodeURIComponent(ORDER_SERVICE)}`);
  await expect(page.getByLabel("Resource ARN")).toHaveValue(ORDER_SERVICE);
  await expect(page.getByRole("table", { name: "Audit log" })).toBeVisible();
});
