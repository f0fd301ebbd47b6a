import { CreateResourceShareCommand, RAMClient } from "@aws-sdk/client-ram";
import { PutAuthPolicyCommand, TagResourceCommand } from "@aws-sdk/client-vpc-lattice";
import { z } from "zod";
import { crawl, ORDER_SERVICE, orderingLattice, resetAndCrawl, withRequest } from "./estate";
import { expect, test } from "./fixtures";
import { E2E_APP_URL, E2E_EMULATOR_URL } from "./servers";

/** The demo's hub user (packages/aws-emulator/src/scenarios/demo.yaml); the emulator does not check secrets. */
const HUB_CREDENTIALS = { accessKeyId: "AKIATRELLISDEMOHUB01", secretAccessKey: "trellis-demo-secret-hub" };
/** Reads "invoiceexe.pdf" on screen when the override is left to work: the classic file-name spoof. */
const SPOOFED = "invoice\u202Efdp.exe";
const SHOWN = "invoice⟨U+202E⟩fdp.exe";

test.afterAll(async ({ playwright }) => {
  // Other specs expect the demo as written to be the latest estate.
  await withRequest(playwright, resetAndCrawl);
});

test("bidi overrides and zero-width characters in names, tags and policies show as ⟨U+…⟩ markers", async ({
  page,
  request,
  saveScreenshot,
}) => {
  // Straight into the emulator, as anyone with AWS access could name and tag resources.
  const ram = new RAMClient({
    region: "us-east-1",
    endpoint: E2E_EMULATOR_URL,
    credentials: HUB_CREDENTIALS,
    maxAttempts: 1,
  });
  const share = await ram.send(
    new CreateResourceShareCommand({
      name: SPOOFED,
      tags: [{ key: "owner\u200B", value: "\u2066admin\u2069" }],
      allowExternalPrincipals: false,
    }),
  );
  ram.destroy();
  const shareArn = z.string().parse(share.resourceShare?.resourceShareArn);
  const lattice = await orderingLattice("trellis-e2e-invisible");
  await lattice.send(new TagResourceCommand({ resourceArn: ORDER_SERVICE, tags: { release: SPOOFED } }));
  await lattice.send(
    new PutAuthPolicyCommand({
      resourceIdentifier: ORDER_SERVICE,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Allow\u202EOrg",
            Effect: "Allow",
            Principal: "*",
            Action: "vpc-lattice-svcs:Invoke",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" } },
          },
        ],
      }),
    }),
  );
  lattice.destroy();
  await crawl(request);

  await page.goto(`/?selected=${encodeURIComponent(shareArn)}`);
  const node = page.locator(`.react-flow__node [data-id="${shareArn}"]`);
  await expect(node).toContainText(SHOWN);
  await expect(node.locator("[data-invisible-character]")).toHaveText("⟨U+202E⟩");
  const inspector = page.getByTestId("inspector");
  await expect(inspector.getByTestId("inspector-name")).toHaveText(SHOWN);
  const tags = inspector.getByTestId("inspector-tags");
  await expect(tags.getByRole("cell", { name: "owner⟨U+200B⟩", exact: true })).toHaveCount(1);
  await expect(tags.getByRole("cell", { name: "⟨U+2066⟩admin⟨U+2069⟩", exact: true })).toHaveCount(1);
  expect(await node.textContent(), "the override itself is not in the page").not.toContain("\u202E");
  await saveScreenshot("invisible-characters-map-and-inspector");

  await page.goto(`/?selected=${encodeURIComponent(ORDER_SERVICE)}`);
  await expect(
    inspector.getByTestId("inspector-tags").getByRole("cell", { name: SHOWN, exact: true }),
  ).toHaveCount(1);
  await expect(inspector.getByTestId("auth-policy")).toContainText('"Sid": "Allow⟨U+202E⟩Org"');
  await inspector.getByTestId("inspector-auth").getByRole("button", { name: "Edit policy" }).click();
  const editor = page.getByRole("dialog").getByTestId("policy-editor");
  await expect(editor.locator(".cm-invisibleChar")).toHaveText("⟨U+202E⟩");
  await expect(editor.locator(".cm-content")).toContainText("Allow⟨U+202E⟩Org");
  await saveScreenshot("invisible-characters-policy-editor");
});

test("TRACE and other methods no route answers get 405 with JSON, not a 500 page", async ({ request }) => {
  for (const [method, path] of [
    ["TRACE", "/api/topology"],
    ["TRACE", "/"],
    ["PROPFIND", "/api/audit"],
  ] as const) {
    const response = await request.fetch(`${E2E_APP_URL}${path}`, { method });
    expect(response.status(), `${method} ${path}`).toBe(405);
    expect(response.headers()["allow"]).toContain("GET");
    expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  }
  const undecodable = await request.get(`${E2E_APP_URL}/api/resources/%c0%af`);
  expect(undecodable.status()).toBe(400);
  expect(await undecodable.json()).toMatchObject({ error: { code: "invalid_request" } });
});
