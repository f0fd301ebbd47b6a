import type { APIRequestContext } from "@playwright/test";
import { z } from "zod";
import { expect, test } from "./fixtures";
import { E2E_APP_URL, E2E_EMULATOR_URL } from "./servers";

const listSchema = z.object({ runs: z.array(z.object({ id: z.number(), status: z.string() })) });

async function newestRunId(request: APIRequestContext): Promise<number> {
  const response = await request.get(`${E2E_APP_URL}/api/crawls?limit=1`);
  expect(response.ok(), "GET /api/crawls answers").toBe(true);
  return listSchema.parse(await response.json()).runs[0]?.id ?? 0;
}

async function setFaults(request: APIRequestContext, faults: Record<string, unknown>): Promise<void> {
  const response = await request.put(`${E2E_EMULATOR_URL}/_emulator/faults`, { data: faults });
  expect(response.ok(), "emulator faults are set").toBe(true);
}

test.afterEach(async ({ request }) => {
  await setFaults(request, {});
});

test("Crawl now starts a run that appears in the list, shows its progress live and finishes ok", async ({
  page,
  request,
  emulator,
  saveScreenshot,
}) => {
  await emulator.reset();
  const previous = await newestRunId(request);
  // Slow AWS down so the run is seen running, its progress bar moving, before it finishes.
  await setFaults(request, { latencyMs: 400 });

  await page.goto("/crawls");
  await expect(page.getByRole("heading", { level: 1, name: "Crawls" })).toBeVisible();
  const crawlNow = page.getByRole("button", { name: "Crawl now" });
  await crawlNow.click();

  await expect(page).toHaveURL(/[?&]run=\d+/);
  const id = Number(new URL(page.url()).searchParams.get("run"));
  expect(id, "the new run is newer than every earlier one").toBeGreaterThan(previous);
  await expect(page.getByRole("status").filter({ hasText: `Started crawl run #${id}` })).toBeVisible();
  await expect(crawlNow).toBeEnabled();

  const row = page.locator(`[data-testid="crawl-run"][data-run="${id}"]`);
  await expect(row).toBeVisible();
  await expect(page.getByRole("button", { name: `Crawl run ${id}` })).toHaveAttribute(
    "aria-expanded",
    "true",
  );

  const detail = page.locator(`[data-testid="run-detail"][data-run="${id}"]`);
  const progress = detail.getByRole("progressbar", { name: `Crawl run ${id} progress` });
  await expect(detail.getByTestId("run-status")).toHaveAttribute("data-status", "running", {
    timeout: 30_000,
  });
  await expect(progress).toBeVisible();
  const total = Number(await progress.getAttribute("aria-valuemax"));
  expect(total, "the demo organisation is 4 accounts × 2 regions").toBe(8);
  await expect
    .poll(async () => Number(await progress.getAttribute("aria-valuenow")), {
      message: "the progress bar moves while the run is running",
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  await saveScreenshot("crawls-running");

  await expect(detail.getByTestId("run-status")).toHaveAttribute("data-status", "ok", { timeout: 90_000 });
  await expect(progress).toHaveAttribute("aria-valuenow", String(total));
  await expect(detail.getByTestId("crawl-progress-text")).toHaveText(`${total} / ${total} scopes`);
  await expect(row).toHaveAttribute("data-status", "ok");
  await expect(detail.getByTestId("run-scope")).toHaveCount(total);
  await expect(
    detail.getByRole("list", { name: "Resources by kind" }).locator('[data-kind="service"]'),
  ).toHaveText(/5\s*services/);
  await expect(detail.getByText("No errors.")).toBeVisible();
  await saveScreenshot("crawls-finished");

  // The run is deep-linkable, and leads to the map as it was at that run.
  await page.goto(`/crawls?run=${id}`);
  await expect(page.getByRole("button", { name: `Crawl run ${id}` })).toHaveAttribute(
    "aria-expanded",
    "true",
  );
  const mapLink = page.locator(`[data-testid="run-detail"][data-run="${id}"]`).getByTestId("run-map-link");
  await expect(mapLink).toHaveAttribute("href", `/?run=${id}`);
  await mapLink.click();
  await expect(page).toHaveURL(new RegExp(`/\\?run=${id}$`));
  await expect(page.getByTestId("map-run")).toContainText(`crawl #${id}`);
});

test("a run whose account denies access is partial and lists its errors; older runs page with before", async ({
  page,
  request,
  emulator,
  saveScreenshot,
}) => {
  await emulator.reset();
  await setFaults(request, { accessDenied: [{ accountId: "333344445555", service: "vpc-lattice" }] });
  const started = await request.post(`${E2E_APP_URL}/api/crawls`);
  expect(started.status()).toBe(202);
  const { id } = z.object({ id: z.number() }).parse(await started.json());

  await page.goto(`/crawls?run=${id}`);
  const detail = page.locator(`[data-testid="run-detail"][data-run="${id}"]`);
  await expect(detail.getByTestId("run-status")).toHaveAttribute("data-status", "partial", {
    timeout: 90_000,
  });
  const errors = detail.getByRole("table", { name: "Crawl errors" });
  await expect(errors.getByTestId("run-error").first()).toContainText("333344445555");
  await expect(errors.getByTestId("run-error").first()).toContainText("AccessDeniedException");
  const failedScopes = detail.getByTestId("run-scope").filter({ hasText: "333344445555" });
  await expect(failedScopes.first().getByTestId("scope-status")).not.toHaveAttribute("data-status", "ok");
  await saveScreenshot("crawls-partial");

  await page.goto(`/crawls?before=${id}`);
  await expect(page.getByTestId("crawl-run").first()).toBeVisible();
  for (const run of await page.getByTestId("crawl-run").all()) {
    expect(Number(await run.getAttribute("data-run"))).toBeLessThan(id);
  }
  await expect(page.locator(`[data-testid="crawl-run"][data-run="${id}"]`)).toHaveCount(0);
  await page.getByRole("button", { name: "← Newest runs" }).click();
  await expect(page.locator(`[data-testid="crawl-run"][data-run="${id}"]`)).toBeVisible();

  // Leave the estate as the demo has it for the specs that follow.
  await setFaults(request, {});
  await emulator.reset();
  const restored = await request.post(`${E2E_APP_URL}/api/crawls`);
  const restoredId = z.object({ id: z.number() }).parse(await restored.json()).id;
  await expect
    .poll(
      async () =>
        z
          .object({ status: z.string() })
          .parse(await (await request.get(`${E2E_APP_URL}/api/crawls/${restoredId}`)).json()).status,
      { timeout: 90_000, message: `crawl run ${restoredId} finishes` },
    )
    .toBe("ok");
});
