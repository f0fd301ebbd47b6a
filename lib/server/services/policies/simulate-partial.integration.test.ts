import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import { organizationOf } from "@/lib/domain/config/config";
import { unknownBecause } from "@/lib/domain/topology/incomplete";
import { connectivityUnknowns } from "@/lib/domain/policy/connectivity-unknowns";
import type { Topology } from "@/lib/domain/topology/topology";
import { demoEnvironment, type CrawlEnvironment } from "../../config/load-config";
import { testContext } from "../../testing/test-deps";
import { openDatabase, type Database } from "../../db/database";
import { createHistoryRepository } from "../../db/history";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { crawlAndRecord } from "../../testing/record-crawl";
import { getTopology } from "../topology/get-topology";
import { diffPolicy } from "./diff-policy";
import { simulateAccess } from "./simulate-access";

const HUB = "111122223333";
const NETWORK = `arn:aws:vpc-lattice:us-east-1:${HUB}:servicenetwork/sn-0retailnetwork001`;
const ORDER = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
/** inventory-pod-role may GET order; its VPC is associated with the hub's network. */
const QUERY = {
  principal: "arn:aws:iam::222233334444:role/inventory-pod-role",
  sourceVpc: "vpc-02222000000000002",
  method: "GET",
  path: "/orders",
  service: "order",
};

/** The estate as the console serves it, after one crawl of the demo with these calls of the hub denied. */
async function firstCrawl(emulator: Emulator, env: CrawlEnvironment, db: Database, denied: string[]) {
  emulator.faults.set({ accessDenied: denied.map((operation) => ({ accountId: HUB, operation })) });
  const history = createHistoryRepository(db);
  await crawlAndRecord(history, env);
  emulator.faults.set({});
  return (await getTopology({ history, crawlEnv: env }, { run: "latest" })).topology;
}

describe("the access simulator over a first crawl whose association listing failed", () => {
  let testDb: TestDatabase;
  let cleanDb: TestDatabase;
  let db: Database;
  let clean: Database;
  let emulator: Emulator;
  let env: CrawlEnvironment;
  let topology: Topology;
  let complete: Topology;

  beforeAll(async () => {
    [testDb, cleanDb] = await Promise.all([
      createTestDatabase("trellis_simulate_partial"),
      createTestDatabase("trellis_simulate_clean"),
    ]);
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused" });
    clean = await openDatabase({ databaseUrl: cleanDb.url, dataDir: "/nonexistent-unused" });
    emulator = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    env = await demoEnvironment(emulator.url);
    topology = await firstCrawl(emulator, env, db, ["vpc-lattice:ListServiceNetworkVpcAssociations"]);
    complete = await firstCrawl(emulator, env, clean, []);
  });

  afterAll(async () => {
    await Promise.all([db?.stop(), clean?.stop()]);
    await Promise.all([testDb?.drop(), cleanDb?.drop()]);
    await emulator?.close();
  });

  it("answers unknown, naming the failed listing, where a complete crawl answers allow", async () => {
    const organization = organizationOf(env.config);
    const deps = (t: Topology) => ({ topology: async () => t, organization });
    const allowed = await simulateAccess(deps(complete), QUERY);
    expect(allowed).toMatchObject({ status: "ok", simulation: { decision: "allow" } });

    const partial = await simulateAccess(deps(topology), QUERY);
    if (partial.status !== "ok") throw new Error("invalid query");
    expect(partial.simulation.decision).toBe("unknown");
    expect(partial.simulation.reason).toBe(
      `unknown: ListServiceNetworkVpcAssociations failed in ${HUB}/us-east-1; as far as it was read, ` +
        "vpc-02222000000000002 is not associated with a service network of order and has no VPC endpoint to one",
    );
    expect(partial.simulation.unknown).toEqual([
      expect.objectContaining({
        operation: "ListServiceNetworkVpcAssociations",
        subjectId: NETWORK,
        code: "AccessDeniedException",
      }),
    ]);
  });

  it("tells the policy diff which failed reads connectivity of a scope depends on", () => {
    expect(unknownBecause(connectivityUnknowns(topology, ORDER))).toBe(
      `unknown: ListServiceNetworkVpcAssociations failed in ${HUB}/us-east-1`,
    );
    expect(unknownBecause(connectivityUnknowns(topology, NETWORK))).toBe(
      `unknown: ListServiceNetworkVpcAssociations failed in ${HUB}/us-east-1`,
    );
    expect(connectivityUnknowns(complete, ORDER)).toEqual([]);
  });

  it("has the policy diff say unknown, with the failed listing, where its answer depends on it", async () => {
    const organization = organizationOf(env.config);
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" }],
    });
    const body = {
      scope: { arn: ORDER },
      before: policy,
      authTypeBefore: "AWS_IAM",
      after: JSON.parse(
        policy.replace(
          '"Invoke",',
          '"Invoke","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}},',
        ),
      ),
      authTypeAfter: "AWS_IAM",
    };
    const diffOver = (t: Topology) =>
      diffPolicy(
        testContext({
          topology: async () => t,
          organization,
        }),
        body,
      );
    const partial = await diffOver(topology);
    if (partial.status !== "ok") throw new Error(JSON.stringify(partial));
    expect(partial.diff.unknown).toEqual([
      `unknown: ListServiceNetworkVpcAssociations failed in ${HUB}/us-east-1`,
    ]);
    const full = await diffOver(complete);
    if (full.status !== "ok") throw new Error(JSON.stringify(full));
    expect(full.diff.unknown).toBeUndefined();
  });
});
