import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/database";
import { createTestDatabase, type TestDatabase } from "../db/testing";
import { CallSlotTimeoutError, ClusterLimits } from "./cluster-limits";

const ACCOUNT = "222233334444";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `count` calls of `ms` each through the limits and returns the most that ran at once. */
function counter() {
  let now = 0;
  let max = 0;
  return {
    get max() {
      return max;
    },
    call: (ms: number) => async () => {
      now++;
      max = Math.max(max, now);
      await sleep(ms);
      now--;
      return "done";
    },
  };
}

describe("cluster-wide crawl limits (two limiters on one database, as two workers)", () => {
  let testDb: TestDatabase;
  let db: Database;
  let dbB: Database;
  const opened: ClusterLimits[] = [];

  function limiter(settings: Partial<ConstructorParameters<typeof ClusterLimits>[1]> = {}, on = db) {
    const limits = new ClusterLimits(on.pool, {
      concurrency: 64,
      perAccountConcurrency: 3,
      pollMs: 10,
      holdMs: 200,
      ...settings,
    });
    opened.push(limits);
    return limits;
  }

  beforeAll(async () => {
    testDb = await createTestDatabase("trellis_cluster_limits");
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused", poolSize: 4 });
    dbB = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused", poolSize: 4 });
  });

  afterAll(async () => {
    await Promise.all(opened.map((limits) => limits.close()));
    await db?.stop();
    await dbB?.stop();
    await testDb?.drop();
  });

  it("holds the per-account limit across both, in different regions, and uses all of it", async () => {
    const a = limiter().forScope(ACCOUNT, "us-east-1");
    const b = limiter({}, dbB).forScope(ACCOUNT, "eu-west-1");
    const seen = counter();
    const results = await Promise.all([
      ...Array.from({ length: 30 }, () => a.limit(seen.call(25))),
      ...Array.from({ length: 30 }, () => b.limit(seen.call(25))),
    ]);
    a.close();
    b.close();
    expect(results).toHaveLength(60);
    expect(seen.max).toBe(3);
  });

  it("holds the global limit across both", async () => {
    const a = limiter({ concurrency: 4, perAccountConcurrency: 4 });
    const b = limiter({ concurrency: 4, perAccountConcurrency: 4 }, dbB);
    const seen = counter();
    const scopes = ["111111111111", "333333333333"].flatMap((account) => [
      a.forScope(account, "us-east-1"),
      b.forScope(account, "us-west-2"),
    ]);
    await Promise.all(
      scopes.flatMap((scope) => Array.from({ length: 12 }, () => scope.limit(seen.call(20)))),
    );
    expect(seen.max).toBe(4);
  });

  it("gives a dead worker's slots back when their lease runs out, and bounds every wait", async () => {
    const dead = limiter({ perAccountConcurrency: 1, leaseMs: 600 });
    const account = "444444444444";
    const held = dead.forScope(account, "us-east-1").limit(() => sleep(60_000));
    void held.catch(() => undefined);
    await sleep(100);
    // The worker dies holding its slot: its renewals stop, nothing is given back.
    dead.abandon();

    const impatient = limiter({ perAccountConcurrency: 1, waitMs: 150 }, dbB).forScope(account, "us-east-1");
    const refused = await impatient.limit(async () => "ran").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CallSlotTimeoutError);
    expect((refused as Error).message).toContain(`account:${account}`);

    const patient = limiter({ perAccountConcurrency: 1, waitMs: 5_000 }, dbB).forScope(account, "us-east-1");
    expect(await patient.limit(async () => "ran")).toBe("ran");
  });

  it("shares a documented API rate (EC2 Describe*: 100 at once, 20 a second) through the database", async () => {
    const a = limiter().forScope("555555555555", "us-east-1");
    const b = limiter({}, dbB).forScope("555555555555", "us-east-1");
    let done = 0;
    const call = async () => {
      done++;
    };
    await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).limit(call, "DescribeVpcs")));
    expect(done).toBe(100);
    const bucket = await db.pool.query<{ tokens: number }>(
      "SELECT tokens FROM crawl_rate_bucket WHERE key = $1",
      ["555555555555/us-east-1/ec2:DescribeVpcs"],
    );
    expect(bucket.rows[0]!.tokens).toBeLessThan(20);
    // The next calls wait for the refill instead of going over: 40 more need more than a second at 20 a second.
    const started = Date.now();
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).limit(call, "DescribeVpcs")));
    expect(done).toBe(140);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    // Lattice documents no rate: its calls take no token.
    await a.limit(call, "ListServices");
    const buckets = await db.pool.query("SELECT key FROM crawl_rate_bucket ORDER BY key");
    expect(buckets.rows).toEqual([{ key: "555555555555/us-east-1/ec2:DescribeVpcs" }]);
  });

  it("slows every worker down on an account AWS throttled", async () => {
    const a = limiter({ perAccountConcurrency: 8 });
    const b = limiter({ perAccountConcurrency: 8 }, dbB);
    a.noteThrottle("666666666666");
    b.forScope("666666666666", "us-east-1");
    await sleep(1_300);
    expect(b.factor("666666666666")).toBeGreaterThan(0.4);
    expect(b.factor("666666666666")).toBeLessThan(0.8);
    const seen = counter();
    const scope = b.forScope("666666666666", "us-east-1");
    await Promise.all(Array.from({ length: 16 }, () => scope.limit(seen.call(20))));
    expect(seen.max).toBeLessThanOrEqual(Math.floor(8 * 0.8));
  });
});
