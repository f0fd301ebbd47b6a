import type { Page } from "@playwright/test";
import { z } from "zod";
import { expect } from "../fixtures";
import { E2E_OIDC_APP_URL, E2E_OIDC_ISSUER } from "../servers";
import { E2E_PEOPLE, type E2EPerson } from "./people";

/**
 * Opens `path` signed out, which sends the browser to the provider's login form; signs in there as `who` and
 * consents, and waits until the provider has sent the browser back: to `path`, or (for someone without a
 * role) to the signed-out page.
 */
export async function signIn(
  page: Page,
  who: E2EPerson,
  options: { path?: string; screenshot?: (name: string) => Promise<string> } = {},
): Promise<void> {
  const path = options.path ?? "/crawls";
  await page.goto(path);
  await expect(page).toHaveURL(new RegExp(`^${E2E_OIDC_ISSUER}/interaction/`));
  await page.getByPlaceholder("Enter any login").fill(who);
  await page.getByPlaceholder("and password").fill("any password");
  await options.screenshot?.("oidc-provider-login");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page.getByRole("button", { name: "Continue" })).toBeVisible();
  await options.screenshot?.("oidc-provider-consent");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((url) => url.origin === E2E_OIDC_APP_URL);
  if (who === "stranger") return;
  await expect(page).toHaveURL(`${E2E_OIDC_APP_URL}${path}`);
  await expect(page.getByTestId("signed-in-user")).toContainText(E2E_PEOPLE[who].name);
}

export interface PageAnswer {
  status: number;
  body: unknown;
}

/** A request made by the page itself, with its cookies and its own Origin, as the console's code would make it. */
export async function fetchFromPage(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<PageAnswer> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
    { method, path, body },
  );
}

const runsSchema = z.object({ runs: z.array(z.object({ id: z.number(), trigger: z.string() })) });

/** The newest crawl someone started by hand (scheduled crawls may start at any time). */
export async function newestManualRun(page: Page): Promise<number> {
  const answer = await fetchFromPage(page, "GET", "/api/crawls?limit=100");
  expect(answer.status, "GET /api/crawls answers").toBe(200);
  return runsSchema.parse(answer.body).runs.find((run) => run.trigger === "manual")?.id ?? 0;
}

/** Waits until crawl run `id` has finished. */
export async function waitForRun(page: Page, id: number): Promise<void> {
  const runSchema = z.object({ status: z.string() });
  await expect
    .poll(async () => runSchema.parse((await fetchFromPage(page, "GET", `/api/crawls/${id}`)).body).status, {
      timeout: 90_000,
      intervals: [250, 500, 1000],
      message: `crawl run ${id} finishes`,
    })
    .toMatch(/^(ok|partial)$/);
}
