import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/domain/http/api-errors";
import { topologyQuerySchema } from "@/lib/domain/http/api-queries";
import type { TopologyResponse } from "@/lib/domain/http/api-responses";
import { CallLimits } from "../../crawl/limits";
import { crawlAccountRegion } from "../../crawl/crawl-account-region";
import { openDatabase, type Database } from "../../db/database";
import { createHistoryRepository, type HistoryRepository } from "../../db/history";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { syntheticSnapshots } from "../../testing/synthetic-estate";
import {
  CANARY_TARGET,
  createDemoHistory,
  HUB,
  ORDER_CANARY,
  ORDER_LISTENER,
  ORDER_SERVICE,
  ORDER_STABLE,
  ORDERING,
  PARTNER,
  PAYMENTS,
  RETAIL_NETWORK,
  setOrderSplit,
  type DemoHistory,
} from "../../testing/demo-history";
import { getTopology, type TopologyDeps } from "./get-topology";

const query = (input: Record<string, string> = {}) => topologyQuerySchema.parse(input);

/** The weights of the forward edges of order's default action, by target group. */
function defaultWeights(topology: TopologyResponse): Record<string, number | undefined> {
  const forwards = topology.edges.filter(
    (edge) => edge.kind === "forward" && edge.data?.listenerArn === ORDER_LISTENER && edge.data.isDefault,
  );
  return Object.fromEntries(forwards.map((edge) => [edge.target, edge.weight]));
}

describe("getTopology", () => {
  let demo: DemoHistory;
  let deps: TopologyDeps;

  beforeAll(async () => {
    demo = await createDemoHistory();
    deps = { history: demo.history, crawlEnv: demo.env };
  });

  afterAll(async () => {
    await demo?.close();
  });

  it("serves the latest crawl of the demo organisation: accounts, the shared network, order's services", async () => {
    const { topology } = await getTopology(deps, query());
    expect(topology.run).toMatchObject({ id: demo.second.id, status: "partial" });
    expect(topology.run?.finishedAt).toEqual(expect.any(String));
    expect(topology.demo).toBe(true);

    const accounts = topology.nodes.filter((node) => node.kind === "account").map((node) => node.id);
    expect(accounts.sort()).toEqual([HUB, ORDERING, PAYMENTS, PARTNER].map((id) => `account:${id}`));
    expect(topology.nodes.find((node) => node.id === `account:${ORDERING}`)).toMatchObject({
      name: "ordering",
      region: "global",
    });

    const network = topology.nodes.find((node) => node.id === RETAIL_NETWORK);
    expect(network).toMatchObject({ kind: "service-network", name: "retail-network", accountId: HUB });
    const sharedWith = topology.edges
      .filter((edge) => edge.kind === "shared-with")
      .map((edge) => edge.target);
    expect(sharedWith).toEqual(expect.arrayContaining([`account:${ORDERING}`, `account:${PAYMENTS}`]));
    expect(topology.edges).toContainEqual(
      expect.objectContaining({ kind: "sn-service", source: RETAIL_NETWORK, target: ORDER_SERVICE }),
    );
    expect(topology.nodes.find((node) => node.id === ORDER_SERVICE)).toMatchObject({
      kind: "service",
      name: "order",
      status: "ACTIVE",
      parentId: `account:${ORDERING}`,
    });
    for (const node of topology.nodes) expect(node).not.toHaveProperty("raw");
  });

  it("carries the forward weights on the edges, and the changed split once re-crawled", async () => {
    const latest = await getTopology(deps, query());
    expect(defaultWeights(latest.topology)).toEqual({ [ORDER_STABLE]: 50, [ORDER_CANARY]: 50 });
    const older = await getTopology(deps, query({ run: String(demo.first.id) }));
    expect(defaultWeights(older.topology)).toEqual({ [ORDER_STABLE]: 90, [ORDER_CANARY]: 10 });
  });

  it("marks the nodes of a scope that failed to crawl as stale, keeping their last known state", async () => {
    const { topology } = await getTopology(deps, query());
    const payments = topology.scopes.find(
      (scope) => scope.accountId === PAYMENTS && scope.region === "us-east-1",
    );
    const paymentsAt = (await demo.history.getRun(demo.first.id))?.scopes.find(
      (scope) => scope.accountId === PAYMENTS && scope.region === "us-east-1",
    );
    expect(payments).toMatchObject({ status: "failed", stale: true, lastSuccessAt: paymentsAt?.finishedAt });
    expect(
      topology.scopes.find((scope) => scope.accountId === ORDERING && scope.region === "us-east-1"),
    ).toMatchObject({
      stale: false,
    });

    const paymentServices = topology.nodes.filter(
      (node) => node.kind === "service" && node.accountId === PAYMENTS,
    );
    expect(paymentServices.map((node) => node.name).sort()).toEqual(["notification", "payment"]);
    for (const node of paymentServices) expect(node.stale).toBe(true);
    expect(topology.nodes.find((node) => node.id === ORDER_SERVICE)?.stale).toBeUndefined();

    const before = await getTopology(deps, query({ run: String(demo.first.id) }));
    expect(before.topology.run?.id).toBe(demo.first.id);
    expect(before.topology.nodes.some((node) => node.stale)).toBe(false);
    expect(before.topology.scopes.every((scope) => !scope.stale)).toBe(true);
  });

  it("shows a run's own state: a target deregistered later is still there at the first run", async () => {
    const older = await getTopology(deps, query({ run: String(demo.first.id) }));
    expect(older.topology.nodes.map((node) => node.id)).toContain(CANARY_TARGET);
    expect(older.topology.edges.map((edge) => edge.target)).toContain(CANARY_TARGET);
  });

  it("filters by account and region", async () => {
    const { topology } = await getTopology(deps, query({ account: ORDERING, region: "eu-west-1" }));
    const crawled = topology.nodes.filter((node) => !node.external);
    expect(crawled.length).toBeGreaterThan(1);
    for (const node of crawled) {
      expect(node.accountId).toBe(ORDERING);
      expect(["eu-west-1", "global"]).toContain(node.region);
    }
    expect(topology.scopes).toEqual([expect.objectContaining({ accountId: ORDERING, region: "eu-west-1" })]);
  });

  it("answers 404 for a run that does not exist", async () => {
    const error = await getTopology(deps, query({ run: String(demo.second.id + 100) })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: "not_found" });
  });

  it("builds once per run and keeps serving the newest finished run while a newer one records", async () => {
    const history = createHistoryRepository(demo.db);
    let estateReads = 0;
    const counting: TopologyDeps = {
      crawlEnv: demo.env,
      history: {
        listRuns: history.listRuns,
        estateAt: (...args) => {
          estateReads++;
          return history.estateAt(...args);
        },
      },
    };
    const first = await getTopology(counting, query());
    expect(await getTopology(counting, query())).toBe(first);
    expect(await getTopology(counting, query({ run: String(demo.second.id) }))).toBe(first);
    expect(estateReads).toBe(1);
    expect(JSON.parse(Buffer.from(first.json()).toString("utf8"))).toEqual(first.topology);

    await setOrderSplit(demo, 70, 30);
    const third = await history.startRun({ trigger: "test" });
    const scope = { accountId: ORDERING, region: "us-east-1" };
    await history.recordScopeSnapshot(
      third.id,
      await crawlAccountRegion(demo.env, scope, new CallLimits(16, 8)),
    );

    expect(await getTopology(counting, query())).toBe(first);
    const running = await getTopology(counting, query({ run: String(third.id) }));
    expect(running.topology.run).toMatchObject({ id: third.id, status: "running", finishedAt: null });
    expect(defaultWeights(running.topology)).toEqual({ [ORDER_STABLE]: 70, [ORDER_CANARY]: 30 });
    expect(running.etag).not.toBe(first.etag);
    expect(estateReads).toBe(2);

    await history.finishRun(third.id);
    const finished = await getTopology(counting, query());
    expect(finished.topology.run).toMatchObject({ id: third.id, status: "ok" });
    expect(defaultWeights(finished.topology)).toEqual({ [ORDER_STABLE]: 70, [ORDER_CANARY]: 30 });
    expect(await getTopology(counting, query())).toBe(finished);
    expect(estateReads).toBe(3);
  });
});

describe("getTopology before the first crawl has finished", () => {
  let testDb: TestDatabase;
  let db: Database;
  let history: HistoryRepository;
  let deps: TopologyDeps;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused" });
    history = createHistoryRepository(db);
    deps = { history, crawlEnv: { mode: "aws" } };
  });

  afterAll(async () => {
    await db?.stop();
    await testDb?.drop();
  });

  it("is empty with no run, then shows what the first run has recorded so far", async () => {
    const empty = await getTopology(deps, query());
    expect(empty.topology).toEqual({ run: null, demo: false, scopes: [], nodes: [], edges: [] });

    const started = await history.startRun({ trigger: "startup" });
    const [snapshot] = syntheticSnapshots({ accounts: 1, servicesPerAccount: 2 });
    if (!snapshot) throw new Error("the synthetic estate has no scope");
    await history.recordScopeSnapshot(started.id, snapshot);

    const partial = await getTopology(deps, query());
    expect(partial.topology.run).toMatchObject({ id: started.id, status: "running" });
    expect(partial.topology.nodes).toHaveLength(snapshot.resources.length);
  });
});
