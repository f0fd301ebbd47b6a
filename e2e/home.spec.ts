import { expect, test } from "./fixtures";

test("home page introduces Trellis and lists the demo organisation's accounts", async ({
  page,
  emulator,
  saveScreenshot,
}) => {
  const demo = await emulator.scenario();

  await page.goto("/");

  await expect(page).toHaveTitle("Trellis");
  await expect(page.getByRole("heading", { level: 1, name: "Trellis" })).toBeVisible();
  await expect(page.getByText("Amazon VPC Lattice").first()).toBeVisible();
  await expect(page.getByTestId("emulator-status")).toHaveText("Running");
  await expect(page.getByTestId("emulator-scenario")).toHaveText("demo");

  const accounts = page.getByRole("list", { name: "Demo accounts" }).getByRole("listitem");
  expect(demo.accounts.length, "the demo scenario has accounts").toBeGreaterThan(0);
  await expect(accounts).toHaveCount(demo.accounts.length);
  for (const account of demo.accounts) {
    const row = accounts.filter({ has: page.getByText(account.name, { exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(account.id);
  }
  for (const name of ["network-hub", "ordering", "payments"]) {
    await expect(accounts.getByText(name, { exact: true })).toBeVisible();
  }

  await saveScreenshot("home");
});
