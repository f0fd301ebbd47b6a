import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { topologyQuerySchema } from "@/lib/domain/http/api-queries";
import { openDatabase, type Database } from "../../db/database";
import { createHistoryRepository } from "../../db/history";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { recordRun } from "../../testing/record-crawl";
import { syntheticResourceCount, syntheticSnapshots } from "../../testing/synthetic-estate";
import { getTopology, type TopologyDeps } from "./get-topology";

const ESTATE = { accounts: 25, servicesPerAccount: 50 };
const WARM_CALLS = 200;
const COLD_CALLS = 5;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(samples: number[]): string {
  return `p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms (n=${samples.length})`;
}

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

/** Prints latencies of the topology service on a large estate; timing goals live in the benchmark, not here. */
describe("getTopology on a large estate", () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused" });
    await recordRun(createHistoryRepository(db), syntheticSnapshots(ESTATE));
  });

  afterAll(async () => {
    await db?.stop();
    await testDb?.drop();
  });

  it("builds once per run and then answers from memory", async () => {
    const query = topologyQuerySchema.parse({});
    const crawlEnv = { mode: "aws" as const };

    const cold: number[] = [];
    const serialise: number[] = [];
    let sizes = { json: 0, nodes: 0, edges: 0 };
    for (let i = 0; i < COLD_CALLS; i++) {
      // A new repository object has a cache of its own: every call here builds from the database.
      const deps: TopologyDeps = { history: createHistoryRepository(db), crawlEnv };
      const [result, ms] = await timed(() => getTopology(deps, query));
      const [json, jsonMs] = await timed(() => result.json());
      cold.push(ms);
      serialise.push(jsonMs);
      sizes = {
        json: json.byteLength,
        nodes: result.topology.nodes.length,
        edges: result.topology.edges.length,
      };
    }
    expect(sizes.nodes).toBeGreaterThanOrEqual(syntheticResourceCount(ESTATE));

    const deps: TopologyDeps = { history: createHistoryRepository(db), crawlEnv };
    const first = await getTopology(deps, query);
    first.json();
    const warm: number[] = [];
    for (let i = 0; i < WARM_CALLS; i++) {
      const [result, ms] = await timed(async () => {
        const hit = await getTopology(deps, query);
        hit.json();
        return hit;
      });
      expect(result).toBe(first);
      warm.push(ms);
    }

    console.log(
      [
        `topology of ${sizes.nodes} nodes, ${sizes.edges} edges: JSON ${(sizes.json / 1e6).toFixed(1)} MB`,
        `  cold build (estate query + buildTopology): ${summary(cold)}`,
        `  serialise JSON once per run: ${summary(serialise)}`,
        `  warm (latest-run check + cached body): ${summary(warm)}`,
      ].join("\n"),
    );
  });
});
