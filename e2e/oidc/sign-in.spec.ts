import type { Locator, Request } from "@playwright/test";
import { protectedWriteRoutes } from "@/lib/domain/http/api-routes";
import { attackerPostsTo } from "../attacker";
import { expect, test } from "../fixtures";
import { E2E_ATTACKER_ORIGIN, E2E_OIDC_APP_URL } from "../servers";
import { fetchFromPage, newestManualRun, signIn, waitForRun } from "./session";

const HUB = "account:111122223333";
const ORDERING = "account:222233334444";

/** Where `a` is relative to `b`, which panning and zooming the map leave alone. */
async function offset(a: Locator, b: Locator): Promise<{ x: number; y: number }> {
  const [boxA, boxB] = [await a.boundingBox(), await b.boundingBox()];
  if (!boxA || !boxB) throw new Error("both nodes must be on screen");
  return { x: Math.round(boxA.x - boxB.x), y: Math.round(boxA.y - boxB.y) };
}

test("a viewer signs in at the provider and sees the console without any control that changes something", async ({
  page,
  saveScreenshot,
}) => {
  await signIn(page, "viewer", { screenshot: saveScreenshot });
  await expect(page.getByRole("heading", { level: 1, name: "Crawls" })).toBeVisible();
  await expect(page.getByTestId("signed-in-role")).toHaveText("viewer");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByTestId("no-auth-banner")).toHaveCount(0);
  await expect(page.getByTestId("crawl-run").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Crawl now" })).toHaveCount(0);
  await saveScreenshot("oidc-viewer-crawls");

  const writes: Request[] = [];
  page.on("request", (request) => {
    if (request.method() !== "GET") writes.push(request);
  });
  await page.goto("/");
  const hub = page.locator(`[data-kind][data-id="${HUB}"]`);
  const ordering = page.locator(`[data-kind][data-id="${ORDERING}"]`);
  await expect(hub).toBeVisible();
  await expect(ordering).toBeVisible();
  await expect(page.getByRole("button", { name: "Reset layout" })).toHaveCount(0);
  const before = await offset(hub, ordering);
  const box = await hub.boundingBox();
  expect(box, "the hub account is on the map").not.toBeNull();
  if (box) {
    await page.mouse.move(box.x + 40, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 240, box.y + 220, { steps: 8 });
    await page.mouse.up();
  }
  // Dragging may pan the whole map, but the hub keeps its place among the other nodes (the drag was 200 px; a
  // pan by a fraction of a pixel can round the measured offset one pixel either way).
  const after = await offset(hub, ordering);
  expect(
    { dx: Math.abs(after.x - before.x) <= 1, dy: Math.abs(after.y - before.y) <= 1 },
    `a viewer cannot move a node (offset before ${JSON.stringify(before)}, after ${JSON.stringify(after)})`,
  ).toEqual({ dx: true, dy: true });
  expect(writes.map((request) => `${request.method()} ${request.url()}`)).toEqual([]);
  await saveScreenshot("oidc-viewer-map");
});

test("every write route in the route table answers a viewer 403 and changes nothing", async ({ page }) => {
  await signIn(page, "viewer");
  const routes = protectedWriteRoutes();
  expect(routes.length, "the route table lists the writes").toBeGreaterThanOrEqual(3);
  const manualBefore = await newestManualRun(page);
  const layoutBefore = await fetchFromPage(page, "GET", "/api/layout/default");
  expect(layoutBefore.status).toBe(200);

  for (const route of routes) {
    const example = route.example ?? { path: route.pattern };
    const answer = await fetchFromPage(page, route.method, example.path, example.body);
    expect(answer.status, `${route.method} ${route.pattern}`).toBe(403);
    expect(answer.body, `${route.method} ${route.pattern}`).toMatchObject({ error: { code: "forbidden" } });
  }

  expect(await newestManualRun(page), "no crawl was started").toBe(manualBefore);
  expect(await fetchFromPage(page, "GET", "/api/layout/default"), "no position was saved").toEqual(
    layoutBefore,
  );
});

test("an operator signs in, starts a crawl with Crawl now, and signs out", async ({
  page,
  saveScreenshot,
}) => {
  await signIn(page, "operator");
  await expect(page.getByTestId("signed-in-role")).toHaveText("operator");
  const crawlNow = page.getByRole("button", { name: "Crawl now" });
  await crawlNow.click();
  await expect(page).toHaveURL(/[?&]run=\d+/);
  const id = Number(new URL(page.url()).searchParams.get("run"));
  await expect(page.getByRole("status").filter({ hasText: `Started crawl run #${id}` })).toBeVisible();
  await saveScreenshot("oidc-operator-crawls");
  await waitForRun(page, id);

  await page.goto("/");
  await expect(page.locator(`[data-kind][data-id="${HUB}"]`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Reset layout" })).toBeVisible();
  await saveScreenshot("oidc-operator-map");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${E2E_OIDC_APP_URL}/signed-out?reason=signed-out`);
  await expect(page.getByRole("heading", { name: "You are signed out" })).toBeVisible();
  expect((await fetchFromPage(page, "GET", "/api/crawls")).status, "the session is gone").toBe(401);
  await saveScreenshot("oidc-signed-out");

  // The provider still knows Otto and his consent, so signing in again takes him straight back.
  await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${E2E_OIDC_APP_URL}/`);
  await expect(page.getByTestId("signed-in-role")).toHaveText("operator");
});

test("someone the role mapping gives no role is turned away", async ({ page }) => {
  await signIn(page, "stranger");
  await expect(page).toHaveURL(`${E2E_OIDC_APP_URL}/signed-out?reason=denied`);
  await expect(page.getByRole("heading", { name: "No access to Trellis" })).toBeVisible();
  const answer = await fetchFromPage(page, "GET", "/api/topology");
  expect(answer.status).toBe(401);
  expect(answer.body).toMatchObject({ error: { code: "unauthorized" } });
});

test("with a valid session, writes from another site or without an Origin are still refused", async ({
  page,
}) => {
  await signIn(page, "operator");
  const before = await newestManualRun(page);

  const viaForm = await attackerPostsTo(page, `${E2E_OIDC_APP_URL}/api/crawls`);
  expect(viaForm.status(), "a cross-site form post").toBe(403);
  expect(await viaForm.json()).toMatchObject({ error: { code: "forbidden" } });

  // page.request shares the browser's cookies but, like curl, sends no Origin unless told to.
  const noOrigin = await page.request.post(`${E2E_OIDC_APP_URL}/api/crawls`);
  expect(noOrigin.status(), "a write without an Origin").toBe(403);
  const wrongOrigin = await page.request.post(`${E2E_OIDC_APP_URL}/api/crawls`, {
    headers: { origin: E2E_ATTACKER_ORIGIN },
  });
  expect(wrongOrigin.status(), "a write from another origin").toBe(403);

  await page.goto("/crawls");
  expect(await newestManualRun(page), "none of them started a crawl").toBe(before);
  const sameOrigin = await fetchFromPage(page, "POST", "/api/crawls");
  expect(sameOrigin.status, "the console's own page may").toBe(202);
});
