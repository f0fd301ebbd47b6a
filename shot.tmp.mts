import { chromium } from "playwright-core";
import { resolveChromium } from "./e2e/chromium.ts";
const c = await resolveChromium();
const base = process.env.BASE ?? "http://127.0.0.1:4100";
const browser = await chromium.launch({
  executablePath: c.executablePath,
  args: c.args,
  ...(c.env ? { env: c.env } : {}),
});
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.goto(base + "/");
await page.waitForSelector('[data-kind="account"]', { timeout: 60_000 });
await page.waitForSelector('[data-testid="traffic-bar"]');
await page.waitForTimeout(2500);
await page.screenshot({ path: "/tmp/metrics-shots/map.png" });
await page.getByRole("button", { name: /Expand account ordering/ }).click();
await page.waitForTimeout(2500);
await page.screenshot({ path: "/tmp/metrics-shots/ordering.png" });
const order = page.locator('[data-kind="service"]').filter({ hasText: "order" }).first();
await order.click();
await page.waitForTimeout(3000);
await page.screenshot({ path: "/tmp/metrics-shots/order.png" });
await page.getByTestId("inspector-traffic").scrollIntoViewIfNeeded();
await page.waitForTimeout(1500);
await page.screenshot({ path: "/tmp/metrics-shots/order-traffic.png" });
const canary = page.locator('[data-kind="target-group"]').filter({ hasText: "order-canary" }).first();
await canary.click();
await page.waitForTimeout(2500);
await page.screenshot({ path: "/tmp/metrics-shots/canary.png" });
await browser.close();
