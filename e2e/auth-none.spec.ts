import type { APIRequestContext } from "@playwright/test";
import { z } from "zod";
import { attackerPostsTo } from "./attacker";
import { expect, test } from "./fixtures";
import { E2E_APP_URL, E2E_ATTACKER_ORIGIN } from "./servers";

const listSchema = z.object({ runs: z.array(z.object({ id: z.number(), trigger: z.string() })) });

/** The newest crawl someone started by hand (scheduled crawls may start at any time). */
async function newestManualRun(request: APIRequestContext): Promise<number> {
  const response = await request.get(`${E2E_APP_URL}/api/crawls?limit=100`);
  expect(response.ok(), "GET /api/crawls answers").toBe(true);
  return listSchema.parse(await response.json()).runs.find((run) => run.trigger === "manual")?.id ?? 0;
}

test("with sign-in off every page says so, and the local user is an admin who can crawl", async ({
  page,
  saveScreenshot,
}) => {
  await page.goto("/crawls");
  const banner = page.getByTestId("no-auth-banner");
  await expect(banner).toContainText("Sign-in is off");
  await expect(banner).toContainText("everyone who can open this console is an administrator");
  await expect(page.getByTestId("signed-in-user")).toContainText("Local user");
  await expect(page.getByTestId("signed-in-role")).toHaveText("admin");
  await expect(page.getByRole("button", { name: "Crawl now" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await page.goto("/");
  await expect(page.getByTestId("no-auth-banner")).toBeVisible();
  // The first crawl may still be running; the map appears when it finishes.
  await expect(page.locator('[data-kind][data-id="account:111122223333"]')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole("button", { name: "Reset layout" })).toBeVisible();
  await saveScreenshot("auth-none-banner");
});

test("pages carry a nonce Content-Security-Policy that forbids framing, and API answers nosniff", async ({
  request,
}) => {
  const page = await request.get(`${E2E_APP_URL}/crawls`);
  const csp = page.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-inline' 'strict");
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  const html = await page.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(scripts.length, "the page has scripts").toBeGreaterThan(0);
  for (const script of scripts)
    expect(script, "every script carries the nonce").toContain(`nonce="${nonce}"`);

  const api = await request.get(`${E2E_APP_URL}/api/crawls?limit=1`);
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");
});

test("a form on another site cannot start a crawl, even with sign-in off", async ({ page, request }) => {
  const before = await newestManualRun(request);
  const answer = await attackerPostsTo(page, `${E2E_APP_URL}/api/crawls`);
  expect(answer.status()).toBe(403);
  expect(await answer.json()).toMatchObject({ error: { code: "forbidden" } });
  expect(await newestManualRun(request), "no crawl was started").toBe(before);

  const forged = await request.post(`${E2E_APP_URL}/api/crawls`, {
    headers: { origin: E2E_ATTACKER_ORIGIN },
  });
  expect(forged.status()).toBe(403);
  expect(await newestManualRun(request), "no crawl was started").toBe(before);
});
