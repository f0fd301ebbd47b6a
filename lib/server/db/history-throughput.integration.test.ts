import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrawledRelation, CrawledResource, ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import { relationId } from "@/lib/domain/topology/snapshot";
import { openDatabase, type Database } from "./database";
import { createHistoryRepository, type HistoryRepository } from "./history";
import { createTestDatabase, type TestDatabase } from "./testing";

const ACCOUNT = "333333333333";
const REGION = "eu-west-1";
const SERVICES = 1_000;
const LISTENERS_PER_SERVICE = 3;
const RULES_PER_LISTENER = 2;
const TARGET_GROUPS = 2_000;
const TARGETS_PER_GROUP = 4;

/** ~20,000 resources and ~24,000 relations in one account × region; `generation` changes 1 % of listeners. */
function largeSnapshot(generation: number): ScopeSnapshot {
  const base = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}`;
  const resources: CrawledResource[] = [];
  const relations: CrawledRelation[] = [];
  const add = (id: string, kind: CrawledResource["kind"], data: Record<string, unknown>, parentId?: string) =>
    resources.push({
      id,
      kind,
      accountId: ACCOUNT,
      region: REGION,
      name: id.slice(-24),
      parentId,
      data,
      raw: { Get: { arn: id, ...data, createdAt: "2026-01-01T00:00:00Z" } },
    });
  const link = (
    kind: CrawledRelation["kind"],
    source: string,
    target: string,
    data?: Record<string, unknown>,
  ) =>
    relations.push({
      id: relationId(kind, source, target),
      kind,
      source,
      target,
      accountId: ACCOUNT,
      region: REGION,
      data,
    });

  const sn = `${base}:servicenetwork/sn-bench`;
  add(sn, "service-network", { authType: "AWS_IAM" });
  for (let g = 0; g < TARGET_GROUPS; g++) {
    const tg = `${base}:targetgroup/tg-${g.toString().padStart(17, "0")}`;
    add(tg, "target-group", { type: "INSTANCE", protocol: "HTTP", port: 8080, vpcIdentifier: "vpc-0bench" });
    for (let t = 0; t < TARGETS_PER_GROUP; t++) {
      const target = `${tg}/target/i-${g}-${t}:8080`;
      add(target, "target", { id: `i-${g}-${t}`, port: 8080, status: "HEALTHY" }, tg);
      link("tg-target", tg, target);
    }
  }
  for (let s = 0; s < SERVICES; s++) {
    const service = `${base}:service/svc-${s.toString().padStart(17, "0")}`;
    add(service, "service", { authType: "NONE", dnsEntry: { domainName: `svc-${s}.bench.lattice` } });
    link("sn-service", sn, service);
    for (let l = 0; l < LISTENERS_PER_SERVICE; l++) {
      const listener = `${service}/listener/listener-${l}`;
      const changed = generation > 0 && (s * LISTENERS_PER_SERVICE + l) % 100 === 0;
      const weight = changed ? 50 + generation : 100;
      const tg = `${base}:targetgroup/tg-${((s + l) % TARGET_GROUPS).toString().padStart(17, "0")}`;
      add(
        listener,
        "listener",
        { protocol: "HTTP", port: 80 + l, defaultAction: { forward: { targetGroups: [{ tg, weight }] } } },
        service,
      );
      link("service-listener", service, listener);
      link("forward", listener, tg, { weight });
      for (let r = 0; r < RULES_PER_LISTENER; r++) {
        const rule = `${listener}/rule/rule-${r}`;
        add(
          rule,
          "rule",
          { priority: r + 1, match: { httpMatch: { pathMatch: { match: { prefix: `/p${r}` } } } } },
          listener,
        );
        link("listener-rule", listener, rule);
      }
    }
  }
  return {
    accountId: ACCOUNT,
    region: REGION,
    status: "ok",
    resources,
    relations,
    complete: [
      { kind: "service-network" },
      { kind: "service" },
      { kind: "listener" },
      { kind: "rule" },
      { kind: "target-group" },
      { kind: "target" },
      { kind: "sn-service" },
      { kind: "service-listener" },
      { kind: "listener-rule" },
      { kind: "forward" },
      { kind: "tg-target" },
    ],
    errors: [],
    calls: 20_000,
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
  };
}

describe("history write throughput", () => {
  let testDb: TestDatabase;
  let db: Database;
  let history: HistoryRepository;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused" });
    history = createHistoryRepository(db);
  });

  afterAll(async () => {
    await db?.stop();
    await testDb?.drop();
  });

  async function timedCrawl(generation: number) {
    const snapshot = largeSnapshot(generation);
    const run = await history.startRun({ trigger: "bench" });
    const started = performance.now();
    const recorded = await history.recordScopeSnapshot(run.id, snapshot);
    const seconds = (performance.now() - started) / 1000;
    await history.finishRun(run.id);
    const rows = snapshot.resources.length + snapshot.relations.length;
    return { run, recorded, seconds, rows, resources: snapshot.resources.length };
  }

  it("records ~20,000 resources in bulk, and a re-crawl only what changed", async () => {
    const first = await timedCrawl(0);
    expect(first.resources).toBeGreaterThanOrEqual(20_000);
    expect(first.recorded.versionsAdded).toBe(first.rows);

    const unchanged = await timedCrawl(0);
    expect(unchanged.recorded.versionsAdded).toBe(0);

    const onePercent = await timedCrawl(1);
    const changedListeners = (SERVICES * LISTENERS_PER_SERVICE) / 100;
    expect(onePercent.recorded.resources.changed).toBe(changedListeners);
    expect(onePercent.recorded.relations.changed).toBe(changedListeners);

    const started = performance.now();
    const estate = await history.estateAt("latest");
    const readLatest = (performance.now() - started) / 1000;
    const startedOld = performance.now();
    const old = await history.estateAt(first.run.id);
    const readOld = (performance.now() - startedOld) / 1000;
    expect(estate?.resources).toHaveLength(first.resources);
    expect(old?.resources).toHaveLength(first.resources);
    const startedDiff = performance.now();
    const diff = await history.diff(first.run.id, onePercent.run.id);
    const diffSeconds = (performance.now() - startedDiff) / 1000;
    expect(diff?.resources.changed).toHaveLength(changedListeners);

    const rate = (rows: number, seconds: number) => Math.round(rows / seconds).toLocaleString("en");
    console.log(
      [
        `history throughput (${first.resources} resources + ${first.rows - first.resources} relations per crawl):`,
        `  first crawl      ${first.seconds.toFixed(2)} s  ${rate(first.rows, first.seconds)} rows/s written`,
        `  unchanged crawl  ${unchanged.seconds.toFixed(2)} s  ${rate(unchanged.rows, unchanged.seconds)} rows/s compared`,
        `  1 % changed      ${onePercent.seconds.toFixed(2)} s  ${rate(onePercent.rows, onePercent.seconds)} rows/s compared`,
        `  estateAt(latest) ${readLatest.toFixed(2)} s, estateAt(first) ${readOld.toFixed(2)} s, diff ${diffSeconds.toFixed(2)} s`,
      ].join("\n"),
    );
  });
});
