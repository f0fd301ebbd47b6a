import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrawledRelation, CrawledResource, ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import { relationId } from "@/lib/domain/topology/snapshot";
import { openDatabase, type Database } from "./database";
import { createHistoryRepository, RunStateError, StaleRunError, type HistoryRepository } from "./history";
import { createNodePositionRepository } from "./node-positions";
import { createTestDatabase, type TestDatabase } from "./testing";

const ACCOUNT = "111111111111";
const OTHER_ACCOUNT = "222222222222";
const REGION = "us-east-1";
const base = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}`;
const SN = `${base}:servicenetwork/sn-0001`;
const SERVICE = `${base}:service/svc-0001`;
const LISTENER = `${SERVICE}/listener/listener-0001`;
const TG_BLUE = `${base}:targetgroup/tg-blue`;
const TG_GREEN = `${base}:targetgroup/tg-green`;
const TARGET_GREEN = `${TG_GREEN}/target/i-0green:80`;

function resource(
  id: string,
  kind: CrawledResource["kind"],
  data: Record<string, unknown>,
  parentId?: string,
) {
  const name = id.split("/").pop() ?? id;
  return { id, kind, accountId: ACCOUNT, region: REGION, name, parentId, data, raw: { Get: { arn: id } } };
}

function relation(
  kind: CrawledRelation["kind"],
  source: string,
  target: string,
  data?: Record<string, unknown>,
) {
  return {
    id: relationId(kind, source, target),
    kind,
    source,
    target,
    accountId: ACCOUNT,
    region: REGION,
    data,
  };
}

function estate(blueWeight: number, greenWeight: number) {
  const resources: CrawledResource[] = [
    resource(SN, "service-network", { authType: "NONE" }),
    resource(SERVICE, "service", { authType: "AWS_IAM", dnsEntry: { domainName: "svc.example" } }),
    resource(
      LISTENER,
      "listener",
      {
        protocol: "HTTP",
        port: 80,
        defaultAction: {
          forward: {
            targetGroups: [
              { targetGroupIdentifier: TG_BLUE, weight: blueWeight },
              { targetGroupIdentifier: TG_GREEN, weight: greenWeight },
            ],
          },
        },
      },
      SERVICE,
    ),
    resource(TG_BLUE, "target-group", { type: "INSTANCE", port: 80 }),
    resource(TG_GREEN, "target-group", { type: "INSTANCE", port: 80 }),
    resource(TARGET_GREEN, "target", { id: "i-0green", port: 80, status: "HEALTHY" }, TG_GREEN),
  ];
  const relations: CrawledRelation[] = [
    relation("sn-service", SN, SERVICE),
    relation("service-listener", SERVICE, LISTENER),
    relation("forward", LISTENER, TG_BLUE, { weight: blueWeight }),
    relation("forward", LISTENER, TG_GREEN, { weight: greenWeight }),
    relation("tg-target", TG_GREEN, TARGET_GREEN),
  ];
  return { resources, relations };
}

const ALL_LISTINGS: ScopeSnapshot["complete"] = [
  { kind: "service-network" },
  { kind: "service" },
  { kind: "listener", parentId: SERVICE },
  { kind: "target-group" },
  { kind: "target", parentId: TG_BLUE },
  { kind: "target", parentId: TG_GREEN },
  { kind: "sn-service", parentId: SN },
  { kind: "service-listener", parentId: SERVICE },
  { kind: "forward", parentId: LISTENER },
  { kind: "tg-target", parentId: TG_BLUE },
  { kind: "tg-target", parentId: TG_GREEN },
];

let clock = Date.parse("2026-11-01T10:00:00Z");

function snapshot(overrides: Partial<ScopeSnapshot> = {}): ScopeSnapshot {
  const startedAt = new Date((clock += 60_000)).toISOString();
  const finishedAt = new Date((clock += 5_000)).toISOString();
  return {
    accountId: ACCOUNT,
    region: REGION,
    status: "ok",
    ...estate(90, 10),
    complete: ALL_LISTINGS,
    errors: [],
    calls: 12,
    startedAt,
    finishedAt,
    ...overrides,
  };
}

describe("history repository", () => {
  let testDb: TestDatabase;
  let db: Database;
  let history: HistoryRepository;

  async function versionCount(): Promise<number> {
    const { rows } = await db.pool.query<{ count: number }>(
      "SELECT (SELECT count(*) FROM resource_version) + (SELECT count(*) FROM relation_version) AS count",
    );
    return Number(rows[0]?.count);
  }

  async function crawl(snap: ScopeSnapshot) {
    const run = await history.startRun({ trigger: "test" });
    const recorded = await history.recordScopeSnapshot(run.id, snap);
    const finished = await history.finishRun(run.id);
    return { run: finished, recorded };
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused" });
    history = createHistoryRepository(db);
  });

  afterAll(async () => {
    await db?.stop();
    await testDb?.drop();
  });

  let first: Awaited<ReturnType<typeof crawl>>;
  let second: Awaited<ReturnType<typeof crawl>>;
  let third: Awaited<ReturnType<typeof crawl>>;

  it("records a first crawl as one open version per resource and relation", async () => {
    first = await crawl(snapshot());
    expect(first.recorded.resources).toEqual({ added: 6, changed: 0, closed: 0 });
    expect(first.recorded.relations).toEqual({ added: 5, changed: 0, closed: 0 });
    expect(first.run.status).toBe("ok");
    expect(first.run.counts).toEqual({
      "service-network": 1,
      service: 1,
      listener: 1,
      "target-group": 2,
      target: 1,
    });
    expect(first.run.calls).toBe(12);

    const latest = await history.estateAt("latest");
    expect(latest?.run?.id).toBe(first.run.id);
    expect(latest?.resources.map((r) => r.id).sort()).toEqual(
      [SN, SERVICE, LISTENER, TG_BLUE, TG_GREEN, TARGET_GREEN].sort(),
    );
    expect(latest?.relations).toHaveLength(5);
    expect(latest?.resources.find((r) => r.id === LISTENER)).toMatchObject({
      kind: "listener",
      parentId: SERVICE,
      validFromRun: first.run.id,
      validToRun: null,
      raw: null,
    });
    expect(latest?.scopes).toEqual([
      expect.objectContaining({ accountId: ACCOUNT, region: REGION, status: "ok", stale: false }),
    ]);
  });

  it("writes no version for an unchanged re-crawl, whatever the key order", async () => {
    const before = await versionCount();
    const same = snapshot();
    const shuffled = same.resources.map((r) => ({
      ...r,
      data: Object.fromEntries(Object.entries(r.data).reverse()),
      raw: { Get: { arn: r.id, requestId: "changes-every-crawl" } },
    }));
    second = await crawl({ ...same, resources: shuffled.reverse() });
    expect(second.recorded.versionsAdded).toBe(0);
    expect(second.recorded.versionsClosed).toBe(0);
    expect(await versionCount()).toBe(before);
  });

  it("writes exactly one new version for one changed weight and reports old and new values", async () => {
    const before = await versionCount();
    const changed = estate(50, 50);
    // Only the listener's data and the green forward relation change; blue's relation keeps weight 90 → 50 too,
    // so keep it as it was to change exactly one relation.
    changed.relations = changed.relations.map((r) =>
      r.kind === "forward" && r.target === TG_BLUE ? { ...r, data: { weight: 90 } } : r,
    );
    third = await crawl(snapshot(changed));
    expect(third.recorded.resources).toEqual({ added: 0, changed: 1, closed: 0 });
    expect(third.recorded.relations).toEqual({ added: 0, changed: 1, closed: 0 });
    expect(await versionCount()).toBe(before + 2);

    const diff = await history.diff(second.run.id, third.run.id);
    expect(diff?.resources.added).toEqual([]);
    expect(diff?.resources.removed).toEqual([]);
    expect(diff?.resources.changed).toHaveLength(1);
    expect(diff?.resources.changed[0]?.after.id).toBe(LISTENER);
    expect(diff?.resources.changed[0]?.changes).toEqual([
      { path: "data.defaultAction.forward.targetGroups[0].weight", kind: "changed", before: 90, after: 50 },
      { path: "data.defaultAction.forward.targetGroups[1].weight", kind: "changed", before: 10, after: 50 },
    ]);
    expect(diff?.relations.changed).toHaveLength(1);
    expect(diff?.relations.changed[0]?.after.id).toBe(relationId("forward", LISTENER, TG_GREEN));
    expect(diff?.relations.changed[0]?.changes).toEqual([
      { path: "data.weight", kind: "changed", before: 10, after: 50 },
    ]);

    const backwards = await history.diff(third.run.id, second.run.id);
    expect(backwards?.relations.changed[0]?.changes).toEqual([
      { path: "data.weight", kind: "changed", before: 50, after: 10 },
    ]);
  });

  it("serves the old state at an older run", async () => {
    const old = await history.estateAt(second.run.id);
    const current = await history.estateAt(third.run.id);
    const weightOf = (e: typeof old) =>
      e?.relations.find((r) => r.id === relationId("forward", LISTENER, TG_GREEN))?.data.weight;
    expect(weightOf(old)).toBe(10);
    expect(weightOf(current)).toBe(50);
    expect(old?.run?.id).toBe(second.run.id);
    expect(old?.resources).toHaveLength(6);
    expect(await history.estateAt(999_999)).toBeNull();
  });

  it("lists a resource's versions with their run ranges and changes", async () => {
    const versions = await history.resourceHistory(LISTENER);
    expect(versions).toHaveLength(2);
    expect(versions[0]?.from.runId).toBe(first.run.id);
    expect(versions[0]?.to?.runId).toBe(third.run.id);
    expect(versions[0]?.changes).toEqual([]);
    expect(versions[1]?.from.runId).toBe(third.run.id);
    expect(versions[1]?.to).toBeNull();
    expect(versions[1]?.changes.map((change) => change.path)).toEqual([
      "data.defaultAction.forward.targetGroups[0].weight",
      "data.defaultAction.forward.targetGroups[1].weight",
    ]);
    expect(versions[1]?.resource.raw).toEqual({ Get: { arn: LISTENER } });
  });

  let failedRunId = 0;

  it("keeps a failed scope's data visible and marks it stale with its last successful crawl", async () => {
    const lastGood = third.run.id;
    const failed = await crawl(
      snapshot({
        status: "failed",
        resources: [],
        relations: [],
        complete: [],
        errors: [
          {
            accountId: ACCOUNT,
            region: REGION,
            operation: "ListServiceNetworks",
            message: "Rate exceeded",
            code: "ThrottlingException",
          },
        ],
      }),
    );
    failedRunId = failed.run.id;
    expect(failed.run.status).toBe("failed");
    expect(failed.run.errorCount).toBe(1);
    expect(failed.recorded.versionsClosed).toBe(0);

    const latest = await history.estateAt("latest");
    expect(latest?.resources).toHaveLength(6);
    expect(latest?.relations).toHaveLength(5);
    const scope = latest?.scopes[0];
    expect(scope).toMatchObject({
      status: "failed",
      stale: true,
      lastRunId: failed.run.id,
      lastSuccessRunId: lastGood,
    });
    const thirdDetail = await history.getRun(lastGood);
    expect(scope?.lastSuccessAt).toBe(thirdDetail?.scopes[0]?.finishedAt);

    const atFailedRun = await history.estateAt(failed.run.id);
    expect(atFailedRun?.scopes[0]).toMatchObject({ stale: true, lastSuccessRunId: lastGood });
    const atGoodRun = await history.estateAt(lastGood);
    expect(atGoodRun?.scopes[0]).toMatchObject({ stale: false, lastSuccessRunId: lastGood });

    const detail = await history.getRun(failed.run.id);
    expect(detail?.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        operation: "ListServiceNetworks",
        message: "Rate exceeded",
        code: "ThrottlingException",
      },
    ]);
    expect(detail?.scopes[0]).toMatchObject({ status: "failed", versionsAdded: 0, versionsClosed: 0 });
  });

  it("keeps a missing resource open when its listing was not complete", async () => {
    const current = estate(50, 50);
    const withoutBlue = {
      resources: current.resources.filter((r) => r.id !== TG_BLUE),
      relations: current.relations.filter((r) => r.target !== TG_BLUE),
    };
    const partial = await crawl(
      snapshot({
        status: "partial",
        ...withoutBlue,
        complete: ALL_LISTINGS.filter(
          (listing) => listing.kind !== "target-group" && listing.kind !== "forward",
        ),
      }),
    );
    expect(partial.recorded.versionsClosed).toBe(0);
    const latest = await history.estateAt("latest");
    expect(latest?.resources.map((r) => r.id)).toContain(TG_BLUE);
    expect(latest?.relations.map((r) => r.id)).toContain(relationId("forward", LISTENER, TG_BLUE));
    expect(latest?.scopes[0]).toMatchObject({
      status: "partial",
      stale: false,
      lastSuccessRunId: partial.run.id,
    });
  });

  it("closes what a complete listing no longer returns, with its children and relations", async () => {
    const current = estate(100, 0);
    const withoutGreen = {
      resources: current.resources.filter((r) => r.id !== TG_GREEN && r.id !== TARGET_GREEN),
      relations: current.relations.filter((r) => r.target !== TG_GREEN && r.source !== TG_GREEN),
    };
    const deletion = await crawl(
      snapshot({
        ...withoutGreen,
        complete: [{ kind: "target-group" }, { kind: "forward", parentId: LISTENER }],
      }),
    );
    // tg-green by the listing, its target by cascade; forward→green by the listing, tg-target by cascade.
    expect(deletion.recorded.resources.closed).toBe(2);
    expect(deletion.recorded.relations.closed).toBe(2);
    const latest = await history.estateAt("latest");
    expect(latest?.resources.map((r) => r.id)).not.toContain(TG_GREEN);
    expect(latest?.resources.map((r) => r.id)).not.toContain(TARGET_GREEN);
    expect(latest?.relations.map((r) => r.id).sort()).toEqual(
      [
        relationId("sn-service", SN, SERVICE),
        relationId("service-listener", SERVICE, LISTENER),
        relationId("forward", LISTENER, TG_BLUE),
      ].sort(),
    );

    const diff = await history.diff(failedRunId, deletion.run.id);
    expect(diff?.resources.removed.map((r) => r.id).sort()).toEqual([TARGET_GREEN, TG_GREEN].sort());
    const stillThere = await history.estateAt(failedRunId);
    expect(stillThere?.resources.map((r) => r.id)).toContain(TG_GREEN);
  });

  it("never closes another scope's resources", async () => {
    const other = await history.startRun({ trigger: "test" });
    const recorded = await history.recordScopeSnapshot(
      other.id,
      snapshot({ accountId: OTHER_ACCOUNT, resources: [], relations: [], complete: ALL_LISTINGS }),
    );
    await history.finishRun(other.id);
    expect(recorded.versionsClosed).toBe(0);
    const latest = await history.estateAt("latest", { accountId: ACCOUNT });
    expect(latest?.resources.length).toBeGreaterThan(0);
    const otherOnly = await history.estateAt("latest", { accountId: OTHER_ACCOUNT });
    expect(otherOnly?.resources).toEqual([]);
    expect(otherOnly?.scopes.map((s) => s.accountId)).toEqual([OTHER_ACCOUNT]);
  });

  it("refuses to record into a finished run or a run older than the scope's last", async () => {
    const older = await history.startRun({ trigger: "test" });
    const newer = await crawl(snapshot());
    await expect(history.recordScopeSnapshot(older.id, snapshot())).rejects.toBeInstanceOf(StaleRunError);
    await expect(history.recordScopeSnapshot(newer.run.id, snapshot())).rejects.toBeInstanceOf(RunStateError);
    await history.finishRun(older.id, { status: "failed" });
  });

  it("lists runs newest first and pages back", async () => {
    const runs = await history.listRuns({ limit: 3 });
    expect(runs).toHaveLength(3);
    expect(runs[0]!.id).toBeGreaterThan(runs[1]!.id);
    const older = await history.listRuns({ limit: 2, beforeId: runs[2]!.id });
    expect(older.every((run) => run.id < runs[2]!.id)).toBe(true);
    expect(await history.getRun(999_999)).toBeNull();
  });

  it("saves and clears graph node positions per layout", async () => {
    const positions = createNodePositionRepository(db.prisma);
    await positions.save("default", [
      { nodeId: SN, x: 10, y: 20 },
      { nodeId: SERVICE, x: 30.5, y: -4 },
    ]);
    await positions.save("default", [{ nodeId: SN, x: 11, y: 21 }]);
    expect((await positions.get("default")).map(({ nodeId, x, y }) => ({ nodeId, x, y }))).toEqual(
      [
        { nodeId: SN, x: 11, y: 21 },
        { nodeId: SERVICE, x: 30.5, y: -4 },
      ].sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1)),
    );
    expect(await positions.get("other")).toEqual([]);
    expect(await positions.clear("default", [SN])).toEqual([{ nodeId: SN, x: 11, y: 21 }]);
    expect((await positions.get("default")).map((p) => p.nodeId)).toEqual([SERVICE]);
  });
});
