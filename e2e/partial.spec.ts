import type { APIRequestContext } from "@playwright/test";
import { copyFile, mkdir } from "node:fs/promises";
import { z } from "zod";
import { crawl, runSchema, withRequest } from "./estate";
import { expect, test } from "./fixtures";
import { E2E_APP_URL, E2E_EMULATOR_URL } from "./servers";

const ORDERING = "222233334444";
const CANARY = `arn:aws:vpc-lattice:us-east-1:${ORDERING}:targetgroup/tg-0ordercanary00001`;
const DENIED = ["ListTargets", "ListRules", "GetServiceNetworkVpcAssociation"];

async function setFaults(request: APIRequestContext, faults: Record<string, unknown>): Promise<void> {
  const response = await request.put(`${E2E_EMULATOR_URL}/_emulator/faults`, { data: faults });
  expect(response.ok(), "emulator faults are set").toBe(true);
}

/** Crawls with some of ordering's reads denied, and waits until that (partial) run has finished. */
async function partialCrawl(request: APIRequestContext): Promise<number> {
  await setFaults(request, {
    accessDenied: DENIED.map((operation) => ({ accountId: ORDERING, operation: `vpc-lattice:${operation}` })),
  });
  try {
    const started = await request.post(`${E2E_APP_URL}/api/crawls`);
    expect(started.status(), "a crawl can be started").toBe(202);
    const { id } = z.object({ id: z.number() }).parse(await started.json());
    await expect
      .poll(
        async () =>
          runSchema.parse(await (await request.get(`${E2E_APP_URL}/api/crawls/${id}`)).json()).status,
        { timeout: 90_000, intervals: [250, 500, 1000], message: `crawl run ${id} finishes` },
      )
      .toBe("partial");
    return id;
  } finally {
    await setFaults(request, {});
  }
}

let lastRead = 0;
let partialRun = 0;

test.beforeAll(async ({ playwright }) => {
  await withRequest(playwright, async (request) => {
    expect((await request.post(`${E2E_EMULATOR_URL}/_emulator/reset`)).ok(), "emulator reset").toBe(true);
    lastRead = await crawl(request);
    partialRun = await partialCrawl(request);
  });
});

// Later specs expect the estate read in full.
test.afterAll(async ({ playwright }) => {
  await withRequest(playwright, crawl);
});

/** Keeps a copy beside the checkout's other screenshots, for looking at by hand. */
async function keep(path: string, name: string): Promise<void> {
  await mkdir("screenshots", { recursive: true });
  await copyFile(path, `screenshots/${name}.png`);
}

test("the map says which scopes were read only in part, marks them, and links to the crawl's errors", async ({
  page,
  saveScreenshot,
}) => {
  // Pinned to the partial crawl, so a scheduled crawl in between changes nothing here.
  await page.goto(`/?run=${partialRun}`);
  const banner = page.getByTestId("partial-banner");
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("2 of 8 scopes partial");
  await expect(banner).toContainText("ordering (eu-west-1, us-east-1)");
  await expect(banner.getByTestId("partial-banner-errors")).toHaveAttribute(
    "href",
    `/crawls?run=${partialRun}`,
  );

  const ordering = page.locator(`[data-kind="account"][data-id="account:${ORDERING}"]`);
  await expect(ordering).toHaveAttribute("data-partial", "true");
  await expect(ordering.getByTestId("partial-badge")).toHaveText("partial — some reads failed");
  await expect(page.locator('[data-kind="account"][data-id="account:111122223333"]')).not.toHaveAttribute(
    "data-partial",
    "true",
  );

  await page.getByRole("button", { name: "Legend" }).click();
  const legend = page.getByRole("complementary", { name: "Legend" });
  await expect(legend.getByTestId("legend-partial")).toContainText("some reads of this account failed");
  await expect(legend.getByTestId("legend-incomplete")).toContainText("part of it could not be read");
  await keep(await saveScreenshot("partial-banner"), "e2e-partial-banner");

  await banner.getByTestId("partial-banner-errors").click();
  await expect(page).toHaveURL(new RegExp(`/crawls\\?run=${partialRun}$`));
  const detail = page.locator(`[data-testid="run-detail"][data-run="${partialRun}"]`);
  await expect(detail).toContainText("ListTargets");
  await expect(detail).toContainText("AccessDeniedException");
});

test("an incomplete target group says in the inspector what is unknown, why, and which crawl's data it shows", async ({
  page,
  saveScreenshot,
}) => {
  await page.goto(`/?run=${partialRun}&selected=${encodeURIComponent(CANARY)}`);
  const inspector = page.getByTestId("inspector");
  await expect(inspector.getByTestId("inspector-id")).toHaveText(CANARY);
  await expect(inspector.getByTestId("inspector-incomplete")).toBeVisible();

  const unknown = inspector.getByTestId("inspector-unknown");
  const targets = unknown.locator('[data-testid="unknown-part"][data-part="targets"]');
  await expect(targets).toHaveAttribute("data-operation", "ListTargets");
  await expect(targets).toContainText("Targets and their health unknown");
  await expect(targets).toContainText(`ListTargets failed in ${ORDERING}/us-east-1`);
  await expect(targets).toContainText("AccessDeniedException");
  await expect(targets).toContainText(`Shown as last read, in crawl #${lastRead}`);
  await expect(targets.getByTestId("unknown-run-link")).toHaveAttribute("href", `/crawls?run=${partialRun}`);

  // Its health as last read is still there, and the finding that rests on it says it may no longer hold.
  await expect(inspector.getByTestId("health-counts")).toContainText("1 of 2 serving");
  await expect(inspector.getByTestId("finding-unknown")).toContainText(
    `ListTargets failed in ${ORDERING}/us-east-1`,
  );

  const node = page.locator(`.react-flow__node [data-id="${CANARY}"]`);
  await expect(node).toHaveAttribute("data-incomplete", "true");
  await expect(node.getByTestId("incomplete-marker")).toBeVisible();
  await keep(await saveScreenshot("incomplete-target-group"), "e2e-incomplete-target-group");
});
