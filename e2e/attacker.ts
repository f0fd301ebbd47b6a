import type { Page } from "@playwright/test";
import { E2E_ATTACKER_ORIGIN } from "./servers";

/**
 * A page on another site that posts a form to `target` as soon as it loads, in the signed-in browser: the
 * cross-site request forgery the console must refuse. Resolves with the console's answer.
 */
export async function attackerPostsTo(page: Page, target: string) {
  await page.route(`${E2E_ATTACKER_ORIGIN}/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><form id="f" method="post" action="${target}"><input name="x" value="1"></form>
        <script>document.getElementById("f").submit()</script>`,
    }),
  );
  const answer = page.waitForResponse(
    (response) => response.url() === target && response.request().method() === "POST",
  );
  await page.goto(`${E2E_ATTACKER_ORIGIN}/`);
  return answer;
}
