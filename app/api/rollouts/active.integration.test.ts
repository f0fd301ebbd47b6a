import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import { DEFAULT_AUTH_CONFIG, resolveAuthSettings } from "@/lib/domain/auth/auth-config";
import type { Principal } from "@/lib/domain/auth/auth";
import type { RolloutStatus } from "@/lib/domain/routing/rollout";
import { GET } from "./route";
import { replaceAuthSettings } from "@/lib/server/auth/settings";
import { createTestRuntimes, testCrawlEnvironment, type TestRuntimes } from "@/lib/server/crawl/testing";
import { createRolloutRepository, type RolloutRepository } from "@/lib/server/db/rollouts";
import { replaceRuntime, type Runtime } from "@/lib/server/runtime";
import { servicesContext } from "@/lib/server/services/context";
import { ORDER_CANARY, ORDER_LISTENER } from "@/lib/server/testing/demo-history";
import { startRollout } from "@/lib/server/services/rollouts/start-rollout";

const operator: Principal = { id: "op-1", name: "Olga Operator", role: "operator", via: "oidc" };
const OTHER_LISTENER =
  "arn:aws:vpc-lattice:us-east-1:333344445555:service/svc-0payment000000001/listener/listener-0paymenthttps0001";

/** GET /api/rollouts through the real handler, as Next calls it. */
async function list(query: string): Promise<{ status: number; json: unknown }> {
  const request = new NextRequest(`http://127.0.0.1:3000/api/rollouts${query}`, {
    headers: { host: "127.0.0.1:3000" },
  });
  const response = await GET(request, { params: Promise.resolve({}) });
  return { status: response.status, json: await response.json() };
}

function ids(json: unknown): string[] {
  return (json as { rollouts: { id: string }[] }).rollouts.map((r) => r.id);
}

describe("GET /api/rollouts?active=1 (real PostgreSQL, the demo emulator)", () => {
  let emulator: Emulator;
  let runtimes: TestRuntimes;
  let runtime: Runtime;
  let repository: RolloutRepository;
  const made: Partial<Record<string, string>> = {};

  /** A rollout in `status`, last updated `minutesAgo` (when it ended, for an ended one). */
  async function rollout(name: string, status: RolloutStatus, minutesAgo: number, listener = OTHER_LISTENER) {
    const id = randomUUID();
    await repository.create({
      id,
      createdBy: operator,
      target: listener,
      listener,
      accountId: "333344445555",
      region: "us-east-1",
      canary: "arn:aws:vpc-lattice:us-east-1:333344445555:targetgroup/tg-0paymentcanary001",
      startAction: { forward: { targetGroups: [] } },
      steps: [10, 50, 100],
      waitSeconds: 300,
      maxUnhealthy: 0,
      status,
    });
    await runtime.db.prisma.$executeRaw`
      UPDATE rollout SET updated_at = now() - make_interval(mins => ${minutesAgo}::int) WHERE id = ${id}::uuid`;
    made[name] = id;
  }

  beforeAll(async () => {
    emulator = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    runtimes = await createTestRuntimes();
    runtime = await runtimes.add(await testCrawlEnvironment(emulator.url));
    replaceRuntime(runtime);
    replaceAuthSettings(resolveAuthSettings(DEFAULT_AUTH_CONFIG, {}));
    repository = createRolloutRepository(runtime.db.prisma);

    // One started for real on the demo's order listener: it reads the action from the emulator and stays
    // running (no worker takes its first step here).
    const started = await startRollout(servicesContext(runtime), operator, {
      target: ORDER_LISTENER,
      canary: ORDER_CANARY,
      steps: [10, 25, 50, 100],
      waitSeconds: 600,
    });
    if (started.status !== "started") throw new Error(JSON.stringify(started));
    made.running = started.rollout.id;

    await rollout("paused", "paused", 90);
    await rollout("completedJustNow", "completed", 1);
    await rollout("abortedAWhileAgo", "aborted", 14);
    await rollout("failedTooLongAgo", "failed", 16);
    await rollout("completedLongAgo", "completed", 120);
  });

  afterAll(async () => {
    replaceRuntime(undefined);
    replaceAuthSettings(undefined);
    await runtimes?.stop();
    await emulator?.close();
  });

  it("answers running and paused rollouts and those that ended in the last 15 minutes, newest first", async () => {
    const { status, json } = await list("?active=1");
    expect(status).toBe(200);
    expect(ids(json)).toEqual([made.abortedAWhileAgo, made.completedJustNow, made.paused, made.running]);
    const running = (json as { rollouts: { id: string; status: string; target: string }[] }).rollouts.find(
      (r) => r.id === made.running,
    );
    expect(running).toMatchObject({ status: "running", target: ORDER_LISTENER, canary: ORDER_CANARY });
  });

  it("narrows the active list to a listener, and still lists every rollout without the flag", async () => {
    expect(ids((await list(`?active=1&listener=${encodeURIComponent(ORDER_LISTENER)}`)).json)).toEqual([
      made.running,
    ]);
    expect(ids((await list("?active=0")).json)).toHaveLength(6);
    expect(ids((await list("")).json)).toHaveLength(6);
    expect(ids((await list(`?listener=${encodeURIComponent(OTHER_LISTENER)}&limit=2`)).json)).toEqual([
      made.completedLongAgo,
      made.failedTooLongAgo,
    ]);
  });

  it("refuses a bad query with 400 naming the parameter", async () => {
    const { status, json } = await list("?active=yes&listener=svc-1");
    expect(status).toBe(400);
    expect(json).toEqual({
      error: {
        code: "invalid_request",
        message: "Invalid query: listener: listener must be a listener ARN; active: active must be 1 or 0",
        issues: [
          { path: "listener", message: "listener must be a listener ARN" },
          { path: "active", message: "active must be 1 or 0" },
        ],
      },
    });
  });

  it("can read the active list from the (status, updated_at) index", async () => {
    const plan = await runtime.db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
        `EXPLAIN SELECT id FROM rollout
          WHERE status IN ('running', 'paused')
             OR (status IN ('completed', 'aborted', 'failed') AND updated_at >= now() - interval '15 minutes')`,
      );
    });
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toContain("rollout_status_updated_at_idx");
  });
});
