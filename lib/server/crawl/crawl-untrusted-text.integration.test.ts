import { TagResourceCommand } from "@aws-sdk/client-vpc-lattice";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import { addTestIdentity, latticeClient } from "@trellis/aws-emulator/testing";
import { buildTopology } from "@/lib/domain/topology/topology";
import type { Runtime } from "../runtime";
import { getResource } from "../services/resources/get-resource";
import { crawlAccountRegion } from "./crawl-account-region";
import { crawlAndWait, createTestRuntimes, testCrawlEnvironment, type TestRuntimes } from "./testing";
import { startCrawlWorker, type CrawlWorker, type ScopeCrawler } from "./worker";

const ORDERING = "222233334444";
const ORDER = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
/** What someone with AWS access can put in tags: NUL, a lone surrogate, the store's own escape, a bidi override. */
const TAGS = {
  "owner\u0000": "team\u0000payments",
  note: "half a pair \uD83D and \uFFFF0000 literally",
  display: "\u202Egnp.exe",
};

describe("crawled text PostgreSQL cannot store as it is", () => {
  let emu: Emulator;
  let runtimes: TestRuntimes;
  let runtime: Runtime;
  let worker: CrawlWorker;
  /** Set by a test to make the next crawl of the ordering account's us-east-1 return an id no index can hold. */
  let poison = false;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    addTestIdentity(emu, "AKIATESTORDERING0001", ORDERING);
    runtimes = await createTestRuntimes();
    runtime = await runtimes.add(await testCrawlEnvironment(emu.url));
    const crawl: ScopeCrawler = async (env, scope, limits) => {
      const snapshot = await crawlAccountRegion(env, scope, limits);
      if (!poison || scope.accountId !== ORDERING || scope.region !== "us-east-1") return snapshot;
      // Random text does not compress, so its index entry is over PostgreSQL's btree limit (54000).
      const id = `${ORDER}/${Array.from({ length: 6_000 }, () => Math.random().toString(36)[2]).join("")}`;
      const [first] = snapshot.resources;
      return { ...snapshot, resources: [...snapshot.resources, { ...first!, id }] };
    };
    worker = await startCrawlWorker(runtime, { concurrency: 4, pollingIntervalSeconds: 0.5, crawl });
    const lattice = latticeClient(emu, "AKIATESTORDERING0001");
    await lattice.send(new TagResourceCommand({ resourceArn: ORDER, tags: TAGS }));
    lattice.destroy();
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await runtimes?.stop();
    await emu?.close();
  });

  it("stores tags holding NUL and lone surrogates and reads them back exactly, on every run", async () => {
    for (let i = 0; i < 2; i++) {
      const run = await crawlAndWait(runtime);
      expect(run.status, JSON.stringify(run.errors)).toBe("ok");
      expect(run.scopes.every((scope) => scope.status === "ok")).toBe(true);
    }
    const estate = await runtime.history.estateAt("latest");
    const order = estate?.resources.find((resource) => resource.id === ORDER);
    expect(order?.data.tags).toMatchObject(TAGS);
    const detail = await getResource(runtime.history, ORDER);
    expect(detail.history, "the second, unchanged crawl wrote no new version").toHaveLength(1);
    expect(detail.resource.data.tags).toMatchObject(TAGS);
  });

  it("marks a scope it could not record failed and stale, with the database's own reason, keeping its data", async () => {
    const before = await runtime.history.estateAt("latest");
    poison = true;
    const run = await crawlAndWait(runtime);
    poison = false;
    expect(run.status).toBe("partial");
    const failed = run.scopes.find((scope) => scope.accountId === ORDERING && scope.region === "us-east-1");
    expect(failed?.status).toBe("failed");
    expect(run.errors).toContainEqual({
      accountId: ORDERING,
      region: "us-east-1",
      operation: "record",
      message: expect.stringMatching(/^Recording what was crawled failed: .*index row size/),
      code: "54000",
    });
    expect(run.scopes.filter((scope) => scope.status === "ok")).toHaveLength(run.scopes.length - 1);

    const estate = await runtime.history.estateAt("latest");
    if (!estate || !before) throw new Error("no estate");
    const scope = estate.scopes.find((s) => s.accountId === ORDERING && s.region === "us-east-1");
    expect(scope).toMatchObject({ status: "failed", stale: true, lastRunId: run.id });
    expect(scope?.lastSuccessRunId).toBeLessThan(run.id);
    const ids = (e: typeof estate) => e.resources.map((resource) => resource.id).sort();
    expect(ids(estate), "what the scope had is kept").toEqual(ids(before));
    const topology = buildTopology(estate.resources, estate.relations, estate.scopes);
    expect(topology.nodes.find((node) => node.id === ORDER)).toMatchObject({ stale: true });

    const next = await crawlAndWait(runtime);
    expect(next.status).toBe("ok");
    const recovered = (await runtime.history.estateAt("latest"))?.scopes.find(
      (s) => s.accountId === ORDERING && s.region === "us-east-1",
    );
    expect(recovered).toMatchObject({ status: "ok", stale: false });
  });
});
