import { UpdateListenerCommand } from "@aws-sdk/client-vpc-lattice";
import { z } from "zod";
import {
  crawl,
  ORDER_LISTENER_ID as ORDER_LISTENER,
  ORDER_SERVICE,
  orderingLattice,
  resetAndCrawl,
  runSchema,
  withRequest,
} from "./estate";
import { expect, test } from "./fixtures";
import { E2E_APP_URL, E2E_EMULATOR_URL } from "./servers";

const listSchema = z.object({ runs: z.array(runSchema) });

/** The ordering team's own change: its canary split, set through the AWS SDK as that account. */
async function setOrderCanarySplit(stable: number, canary: number): Promise<void> {
  const lattice = await orderingLattice("trellis-e2e-history");
  const updated = await lattice.send(
    new UpdateListenerCommand({
      serviceIdentifier: ORDER_SERVICE,
      listenerIdentifier: ORDER_LISTENER,
      defaultAction: {
        forward: {
          targetGroups: [
            { targetGroupIdentifier: "tg-0orderstable00001", weight: stable },
            { targetGroupIdentifier: "tg-0ordercanary00001", weight: canary },
          ],
        },
      },
    }),
  );
  expect(updated.defaultAction?.forward?.targetGroups?.map((group) => group.weight)).toEqual([
    stable,
    canary,
  ]);
}

let events: unknown;

// This spec is about what crawls record: the demo's events (which would record the SDK's change in a run of its
// own, racing the crawl) are off while it runs.
test.beforeAll(async ({ playwright }) => {
  await withRequest(playwright, async (request) => {
    events = (
      (await (await request.get(`${E2E_EMULATOR_URL}/_emulator/events`)).json()) as { config: unknown }
    ).config;
    expect((await request.put(`${E2E_EMULATOR_URL}/_emulator/events`, { data: {} })).ok()).toBe(true);
  });
});

test.afterAll(async ({ playwright }) => {
  await withRequest(playwright, async (request) => {
    expect((await request.put(`${E2E_EMULATOR_URL}/_emulator/events`, { data: events })).ok()).toBe(true);
    // Other specs expect the demo as written to be the latest estate.
    await resetAndCrawl(request);
  });
});

test("/history shows a canary weight change made through the SDK between two crawls", async ({
  page,
  request,
  saveScreenshot,
}) => {
  const before = await resetAndCrawl(request);
  await setOrderCanarySplit(50, 50);
  const after = await crawl(request);

  await page.goto(`/history?from=${before}&to=${after}`);
  await expect(page.getByRole("heading", { level: 1, name: "History" })).toBeVisible();
  await expect(page.getByLabel("From run")).toHaveValue(String(before));
  await expect(page.getByLabel("To run")).toHaveValue(String(after));
  await expect(page.getByTestId("resources-changed")).toHaveText("1 changed");
  await expect(page.getByTestId("relations-changed")).toHaveText("2 changed");

  const changes = page.getByRole("region", { name: "Changes in ordering" });
  const rule = changes.getByTestId("change-entry").filter({ hasText: "in order › https-443" });
  await expect(rule).toHaveCount(1);
  await expect(rule).toHaveAttribute("data-change", "changed");
  const stable = rule.locator('[data-path="data.action.forward.targetGroups[0].weight"]');
  await expect(stable).toContainText("Weight for order-stable");
  await expect(stable).toContainText("90 → 50");
  const canary = rule.locator('[data-path="data.action.forward.targetGroups[1].weight"]');
  await expect(canary).toContainText("Weight for order-canary");
  await expect(canary).toContainText("10 → 50");
  const forwards = rule.getByTestId("relation-change");
  await expect(forwards.filter({ hasText: "Forwards to order-stable" })).toContainText("90 → 50");
  await expect(forwards.filter({ hasText: "Forwards to order-canary" })).toContainText("10 → 50");

  const ruleId = await rule.getAttribute("data-entry");
  expect(ruleId).toMatch(new RegExp(`^${ORDER_SERVICE}/listener/${ORDER_LISTENER}/rule/`));
  const link = rule.getByRole("link", { name: "default" });
  await expect(link).toHaveAttribute("href", `/?selected=${encodeURIComponent(ruleId ?? "")}&run=${after}`);

  const graph = page.getByRole("region", { name: "Changed resources on the map" });
  const highlighted = graph.locator(`[data-change="changed"][data-id="${ruleId}"]`);
  await expect(highlighted).toBeVisible();
  await expect(highlighted).toContainText("changed");
  await expect(graph.locator('[data-change="context"][data-kind="target-group"]')).toHaveCount(2);
  await expect(graph.getByText("weight 90 → 50")).toBeVisible();
  await saveScreenshot("history-weight-change");

  // The pickers default to the two newest finished runs.
  const runs = listSchema.parse(await (await request.get(`${E2E_APP_URL}/api/crawls?limit=100`)).json()).runs;
  const finished = runs.filter((run) => run.status === "ok" || run.status === "partial");
  await page.goto("/history");
  await expect(page.getByLabel("To run")).toHaveValue(String(finished[0]?.id));
  await expect(page.getByLabel("From run")).toHaveValue(String(finished[1]?.id));

  // Choosing runs puts them in the URL.
  await page.getByLabel("From run").selectOption(String(before));
  await page.getByLabel("To run").selectOption(String(after));
  await expect(page).toHaveURL(new RegExp(`from=${before}&to=${after}`));
  await expect(page.getByTestId("change-entry").filter({ hasText: "in order › https-443" })).toBeVisible();
});
