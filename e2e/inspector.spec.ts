import type { APIRequestContext, Page } from "@playwright/test";
import { z } from "zod";
import { withRequest } from "./estate";
import { expect, test } from "./fixtures";
import { E2E_APP_URL, E2E_EMULATOR_URL } from "./servers";

const ORDER_SERVICE = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";

const runSchema = z.object({ id: z.number(), status: z.string() });
const topologySchema = z.object({
  run: z.object({ id: z.number() }).nullable(),
  nodes: z.array(z.object({ id: z.string(), kind: z.string(), name: z.string() })),
  edges: z.array(
    z.object({
      kind: z.string(),
      source: z.string(),
      target: z.string(),
      data: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});
const dnsEntrySchema = z.object({ domainName: z.string() });

/** Reloads the demo as written (other specs change it), crawls it and waits until that crawl has finished. */
async function crawlFreshDemo(request: APIRequestContext): Promise<void> {
  expect((await request.post(`${E2E_EMULATOR_URL}/_emulator/reset`)).ok(), "emulator reset").toBe(true);
  const started = await request.post(`${E2E_APP_URL}/api/crawls`);
  expect(started.status(), "a crawl can be started").toBe(202);
  const { id } = z.object({ id: z.number() }).parse(await started.json());
  await expect
    .poll(
      async () => runSchema.parse(await (await request.get(`${E2E_APP_URL}/api/crawls/${id}`)).json()).status,
      { timeout: 90_000, intervals: [250, 500, 1000], message: `crawl run ${id} finishes` },
    )
    .toMatch(/^(ok|partial)$/);
}

async function latestTopology(request: APIRequestContext) {
  const response = await request.get("/api/topology");
  expect(response.ok(), "GET /api/topology answers").toBe(true);
  return topologySchema.parse(await response.json());
}

async function openInspector(page: Page, id: string) {
  await page.goto(`/?selected=${encodeURIComponent(id)}`);
  const inspector = page.getByTestId("inspector");
  await expect(inspector.getByTestId("inspector-id")).toHaveText(id);
  return inspector;
}

test.beforeAll(async ({ playwright }) => {
  await withRequest(playwright, crawlFreshDemo);
});

test("the order service's inspector shows its routing table: the /api/v2 rule and the 90/10 default action", async ({
  page,
  saveScreenshot,
}) => {
  const inspector = await openInspector(page, ORDER_SERVICE);
  await expect(inspector.getByTestId("inspector-name")).toHaveText("order");
  await expect(inspector.getByTestId("inspector-account")).toContainText("ordering");

  const routing = inspector.getByTestId("inspector-routing");
  await expect(routing.getByTestId("routing-listener")).toContainText("https-443");
  const apiV2 = routing.getByTestId("routing-row").filter({ hasText: "/api/v2" });
  await expect(apiV2).toHaveCount(1);
  await expect(apiV2).toContainText("GET /api/v2* (prefix)");
  await expect(apiV2.getByTestId("routing-target")).toHaveText(/order-v2/);

  const defaultRow = routing.locator('[data-testid="routing-row"][data-default="true"]');
  await expect(defaultRow).toContainText("any other request");
  const shares = defaultRow.getByTestId("routing-target");
  await expect(shares).toHaveCount(2);
  await expect(shares.filter({ hasText: "order-stable" }).getByTestId("routing-share")).toHaveText(
    "90 % (weight 90)",
  );
  await expect(shares.filter({ hasText: "order-canary" }).getByTestId("routing-share")).toHaveText(
    "10 % (weight 10)",
  );
  // The /api/v2 rule is evaluated first: priorities ascend and the default rule comes last.
  const rows = routing.getByTestId("routing-row");
  await expect(rows.first()).toContainText("/api/v2");
  await expect(rows.last()).toHaveAttribute("data-default", "true");

  await expect(inspector.getByTestId("auth-policy")).toContainText('"vpc-lattice-svcs:Invoke"');
  await saveScreenshot("inspector-order-service");

  await inspector.getByRole("button", { name: "Raw JSON" }).click();
  await expect(inspector.getByTestId("inspector-raw-json")).toContainText('"GetService"');
});

test("the Aurora resource configuration's inspector shows the association's DNS entry with a copy button", async ({
  page,
  context,
  request,
  saveScreenshot,
}) => {
  const estate = await latestTopology(request);
  const aurora = estate.nodes.find((n) => n.kind === "resource-configuration" && n.name === "payments-db");
  expect(aurora, "the demo has the payments-db resource configuration").toBeDefined();
  const auroraId = aurora?.id ?? "";
  const association = estate.edges.find((e) => e.kind === "sn-resource" && e.target === auroraId);
  const dnsName = dnsEntrySchema.parse(association?.data?.dnsEntry).domainName;

  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const inspector = await openInspector(page, auroraId);
  await expect(inspector.getByTestId("inspector-name")).toHaveText("payments-db");

  const entry = inspector
    .getByTestId("dns-entry")
    .filter({ hasText: "Association with retail-network" })
    .filter({ hasText: dnsName });
  await expect(entry).toHaveCount(1);
  const copy = entry.getByRole("button", { name: /^Copy/ });
  await copy.click();
  await expect(copy).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(dnsName);

  await expect(
    inspector
      .getByTestId("dns-entry")
      .filter({ hasText: "Association with retail-network" })
      .filter({ hasText: "private DNS" })
      .filter({ hasText: "rds.amazonaws.com" }),
  ).toHaveCount(1);

  await saveScreenshot("inspector-aurora-resource-configuration");
});

test("/findings lists the vpc-lattice:Invoke policy and the unattached target group, filters by URL and links to the map", async ({
  page,
  saveScreenshot,
}) => {
  await page.goto("/findings");
  const list = page.getByRole("list", { name: "Findings" });
  const invoke = list.locator('[data-testid="finding"][data-rule="auth-policy-invalid-action"]');
  await expect(invoke).toHaveCount(1);
  await expect(invoke).toContainText("payment");
  await expect(invoke).toContainText("vpc-lattice:Invoke");
  await expect(invoke.getByTestId("severity")).toHaveText("high");
  const unattached = list.locator('[data-testid="finding"][data-rule="target-group-unattached"]');
  await expect(unattached).toHaveCount(1);
  await expect(unattached).toContainText("legacy-orders");
  await saveScreenshot("findings");

  await page.getByTestId("severity-count-low").click();
  await expect(page).toHaveURL(/[?&]severity=low(&|$)/);
  await expect(invoke).toHaveCount(0);
  await expect(unattached).toHaveCount(1);
  await page.getByTestId("facet-kind").getByRole("checkbox", { name: "Target group" }).check();
  await expect(page).toHaveURL(/[?&]kind=target-group(&|$)/);
  await expect(list.getByTestId("finding")).toHaveCount(1);

  await page.reload();
  await expect(list.getByTestId("finding")).toHaveCount(1);
  await expect(page.getByTestId("facet-kind").getByRole("checkbox", { name: "Target group" })).toBeChecked();

  await unattached.getByTestId("finding-resource").click();
  await expect(page).toHaveURL(/\/\?selected=/);
  await expect(page.getByTestId("inspector").getByTestId("inspector-name")).toHaveText("legacy-orders");
  await expect(page.getByTestId("inspector").getByTestId("finding")).toContainText("attached to no listener");
});
