import { CreateResourceShareCommand, RAMClient } from "@aws-sdk/client-ram";
import { CreateServiceCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { z } from "zod";
import { expect, test } from "../fixtures";
import { E2E_OIDC_EMULATOR_URL } from "../servers";
import { fetchFromPage, signIn, waitForRun } from "./session";

/** The demo's hub user (packages/aws-emulator/src/scenarios/demo.yaml); the emulator does not check secrets. */
const HUB_CREDENTIALS = { accessKeyId: "AKIATRELLISDEMOHUB01", secretAccessKey: "trellis-demo-secret-hub" };
const SCRIPT = `<script>window.__trellisXss = "script"</script>`;
const IMG = `<img src=x onerror="window.__trellisXss = 'img'">`;

declare global {
  interface Window {
    __trellisXss?: string;
  }
}

test("names and tags that AWS returns are rendered as text and never run as script", async ({
  page,
  saveScreenshot,
}) => {
  // Straight into the emulator, as someone with AWS access could name and tag resources.
  const client = {
    region: "us-east-1",
    endpoint: E2E_OIDC_EMULATOR_URL,
    credentials: HUB_CREDENTIALS,
    maxAttempts: 1,
  };
  const serviceName = `xss-probe-${Date.now().toString(36)}`;
  const lattice = new VPCLatticeClient(client);
  const ram = new RAMClient(client);
  const service = await lattice.send(
    new CreateServiceCommand({ name: serviceName, tags: { [IMG]: SCRIPT, owner: IMG } }),
  );
  const share = await ram.send(
    new CreateResourceShareCommand({
      name: `${SCRIPT} ${IMG}`,
      tags: [{ key: SCRIPT, value: IMG }],
      allowExternalPrincipals: false,
    }),
  );
  lattice.destroy();
  ram.destroy();
  const serviceArn = z.string().parse(service.arn);
  const shareArn = z.string().parse(share.resourceShare?.resourceShareArn);

  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signIn(page, "operator");
  const started = await fetchFromPage(page, "POST", "/api/crawls");
  expect(started.status, "the operator starts a crawl").toBe(202);
  await waitForRun(page, z.object({ id: z.number() }).parse(started.body).id);

  await page.goto(`/?selected=${encodeURIComponent(serviceArn)}`);
  const inspector = page.getByTestId("inspector");
  await expect(inspector.getByTestId("inspector-name")).toHaveText(serviceName);
  const tags = inspector.getByTestId("inspector-tags");
  await expect(tags.getByRole("cell", { name: IMG, exact: true })).toHaveCount(2);
  await expect(tags.getByRole("cell", { name: SCRIPT, exact: true })).toHaveCount(1);
  await saveScreenshot("untrusted-service-tags");

  await page.goto(`/?selected=${encodeURIComponent(shareArn)}`);
  await expect(inspector.getByTestId("inspector-name")).toHaveText(`${SCRIPT} ${IMG}`);
  await expect(
    inspector.getByTestId("inspector-tags").getByRole("cell", { name: SCRIPT, exact: true }),
  ).toHaveCount(1);
  await saveScreenshot("untrusted-ram-share-name");

  expect(await page.locator('img[src="x"]').count(), "no payload became an element").toBe(0);
  expect(await page.evaluate(() => window.__trellisXss), "no payload ran").toBeUndefined();
  expect(dialogs, "no payload opened a dialog").toEqual([]);
});
