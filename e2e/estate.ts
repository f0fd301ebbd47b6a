import type { APIRequestContext } from "@playwright/test";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { z } from "zod";
import { expect } from "./fixtures";
import { E2E_APP_URL, E2E_EMULATOR_URL } from "./servers";

export const ORDER_SERVICE = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
export const ORDER_LISTENER_ID = "listener-0orderhttps000001";
const ORDERING_CRAWLER_ROLE = "arn:aws:iam::222233334444:role/TrellisCrawler";
const HUB_CREDENTIALS = { accessKeyId: "AKIATRELLISDEMOHUB01", secretAccessKey: "trellis-demo-secret-hub" };

export const runSchema = z.object({ id: z.number(), status: z.string() });

/** Crawls the estate as the emulator has it now and waits until that run has finished; returns its id. */
export async function crawl(request: APIRequestContext): Promise<number> {
  const started = await request.post(`${E2E_APP_URL}/api/crawls`);
  expect(started.status(), "a crawl can be started").toBe(202);
  const { id } = z.object({ id: z.number() }).parse(await started.json());
  await waitForRun(request, id);
  return id;
}

export async function waitForRun(request: APIRequestContext, id: number): Promise<void> {
  await expect
    .poll(
      async () => runSchema.parse(await (await request.get(`${E2E_APP_URL}/api/crawls/${id}`)).json()).status,
      { timeout: 90_000, intervals: [250, 500, 1000], message: `crawl run ${id} finishes` },
    )
    .toBe("ok");
}

/** Runs `use` with a request context of its own, for hooks (beforeAll/afterAll have no `request` fixture). */
export async function withRequest<T>(
  playwright: { request: { newContext(): Promise<APIRequestContext> } },
  use: (request: APIRequestContext) => Promise<T>,
): Promise<T> {
  const request = await playwright.request.newContext();
  try {
    return await use(request);
  } finally {
    await request.dispose();
  }
}

/** Puts the demo back as written and crawls it, so the latest estate is the demo again. */
export async function resetAndCrawl(request: APIRequestContext): Promise<number> {
  expect((await request.post(`${E2E_EMULATOR_URL}/_emulator/reset`)).ok(), "emulator reset").toBe(true);
  return crawl(request);
}

/** A Lattice client acting in the ordering account (through its role, as a person on that team would). */
export async function orderingLattice(sessionName: string): Promise<VPCLatticeClient> {
  const sts = new STSClient({
    region: "us-east-1",
    endpoint: E2E_EMULATOR_URL,
    credentials: HUB_CREDENTIALS,
  });
  const { Credentials: assumed } = await sts.send(
    new AssumeRoleCommand({ RoleArn: ORDERING_CRAWLER_ROLE, RoleSessionName: sessionName }),
  );
  sts.destroy();
  if (!assumed?.AccessKeyId || !assumed.SecretAccessKey || !assumed.SessionToken) {
    throw new Error("AssumeRole answered without credentials");
  }
  return new VPCLatticeClient({
    region: "us-east-1",
    endpoint: E2E_EMULATOR_URL,
    maxAttempts: 1,
    credentials: {
      accessKeyId: assumed.AccessKeyId,
      secretAccessKey: assumed.SecretAccessKey,
      sessionToken: assumed.SessionToken,
    },
  });
}
