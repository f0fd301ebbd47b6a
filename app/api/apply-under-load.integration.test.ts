import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import { buildTopology } from "@/lib/domain/topology/topology";
import { resetWriteTokens } from "@/lib/server/auth/rate-limit";
import { replaceAuthSettings } from "@/lib/server/auth/settings";
import { testCrawlEnvironment } from "@/lib/server/crawl/testing";
import { openDatabase } from "@/lib/server/db/database";
import { createIntentRepository } from "@/lib/server/db/intents";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/testing";
import { PostgresProxy } from "@/lib/server/db/testing-proxy";
import { createRuntime, replaceRuntime, type Runtime } from "@/lib/server/runtime";
import { reconcileOpenIntents } from "@/lib/server/services/reconcile/reconcile-intents";
import { auditTrail } from "@/lib/server/testing/audit-trail";
import { ORDER_LISTENER, orderSplit, ROUTING_WRITES } from "@/lib/server/testing/demo-history";
import { crawlAndRecord } from "@/lib/server/testing/record-crawl";
import { testServiceDeps } from "@/lib/server/testing/test-deps";
import { callRoute } from "./_lib/route-testing";

const AWS_WRITES = ROUTING_WRITES;
/** Longer than any answer may take: a request still pending after this is a hang, which is what is tested. */
const HANG = 60_000;

function withinBound<T>(what: string, promise: Promise<T>, ms = HANG): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} hung for ${ms} ms`)), ms)),
  ]);
}

const split = orderSplit;

interface Harness {
  testDb: TestDatabase;
  proxy: PostgresProxy;
  emulator: Emulator;
  runtime: Runtime;
  dataDir: string;
}

/** A console runtime whose database connections all go through a proxy the test can stop or stall. */
async function startHarness(
  scenario: NonNullable<Parameters<typeof startEmulator>[0]>["scenario"],
): Promise<Harness> {
  const testDb = await createTestDatabase("trellis_load");
  const proxy = new PostgresProxy();
  await proxy.start();
  const emulator = await startEmulator({ scenario, port: 0 });
  const env = await testCrawlEnvironment(emulator.url);
  const dataDir = await mkdtemp(path.join(tmpdir(), "trellis-load-"));
  const db = await openDatabase({
    databaseUrl: proxy.urlFor(testDb.url),
    dataDir,
    poolSize: 10,
    statementTimeoutMs: 2_000,
    connectTimeoutMs: 2_000,
  });
  const runtime = await createRuntime({ db, crawlEnv: env });
  await crawlAndRecord(runtime.history, env);
  replaceRuntime(runtime);
  return { testDb, proxy, emulator, runtime, dataDir };
}

async function stopHarness(h: Harness | undefined) {
  if (!h) return;
  replaceRuntime(undefined);
  await h.proxy.start().catch(() => undefined);
  await h.runtime.stop().catch(() => undefined);
  await h.emulator.close();
  await h.proxy.stop();
  await h.testDb.drop();
  await rm(h.dataDir, { recursive: true, force: true });
}

async function plan(target: string, action: unknown): Promise<{ id: string; warnings: { code: string }[] }> {
  const response = await callRoute("POST", "/api/changes", { kind: "forward", target, after: { action } });
  if (response.status !== 201)
    throw new Error(`planning answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string; warnings: { code: string }[] };
}

function apply(change: { id: string; warnings: { code: string }[] }) {
  return callRoute("POST", `/api/changes/${change.id}/apply`, {
    confirm: change.warnings.map((w) => w.code),
  });
}

function writesMade(emulator: Emulator): number {
  const byOperation = emulator.calls.snapshot().byOperation;
  return AWS_WRITES.reduce((n, op) => n + (byOperation[`vpc-lattice:${op}`] ?? 0), 0);
}

async function appliedRows(runtime: Runtime): Promise<number> {
  const entries = await auditTrail(runtime.db).all();
  return entries.filter((e) => e.result === "applied" && AWS_WRITES.includes(e.operation)).length;
}

beforeAll(() => {
  replaceAuthSettings(undefined);
});

beforeEach(() => {
  resetWriteTokens();
});

describe("concurrent applies on the demo's order listener", () => {
  let h: Harness | undefined;

  beforeAll(async () => {
    h = await startHarness({ name: "demo" });
  });
  afterAll(async () => {
    await stopHarness(h);
  });

  it("20 at once: one is applied, the other 19 answer 409, and the audit log has exactly the one write", async () => {
    const { emulator, runtime } = h!;
    const changes = [];
    for (let i = 21; i <= 40; i++) changes.push(await plan(ORDER_LISTENER, split(100 - i, i)));
    emulator.faults.set({ latencyMs: 40 });
    emulator.calls.reset();
    // Planning took write tokens; the applies get a full bucket, so only the lock decides.
    resetWriteTokens();
    const responses = await withinBound(
      "20 concurrent applies",
      Promise.all(changes.map(async (change) => apply(change))),
    );
    const answers = responses.map((r) => r.status);
    // Meanwhile, reads are still served from the same pool.
    const read = await withinBound("a read after the applies", callRoute("GET", "/api/crawls?limit=5"));
    emulator.faults.set({});
    expect(answers.filter((s) => s === 200)).toHaveLength(1);
    expect(answers.filter((s) => s === 409)).toHaveLength(19);
    expect(read.status).toBe(200);
    expect(writesMade(emulator)).toBe(1);
    expect(await appliedRows(runtime)).toBe(1);
    expect(await createIntentRepository(runtime.db).listOpen()).toEqual([]);
    expect(runtime.db.pool.waitingCount).toBe(0);
  });

  it("serves reads while applies hold the listener's lock, without waiting for them", async () => {
    const { emulator } = h!;
    const changes = [];
    for (let canary = 41; canary <= 52; canary++) {
      changes.push(await plan(ORDER_LISTENER, split(100 - canary, canary)));
    }
    resetWriteTokens();
    // Every AWS call takes 300 ms: the applies queue on the lock for seconds.
    emulator.faults.set({ latencyMs: 300 });
    let readAnsweredFirst = false;
    const applies = Promise.all(changes.map((change) => apply(change)));
    const read = callRoute("GET", "/api/crawls?limit=5").then((response) => {
      readAnsweredFirst = true;
      return response.status;
    });
    const finished = applies.then(() => readAnsweredFirst);
    expect(await withinBound("a read during applies", read)).toBe(200);
    expect(await withinBound("the applies", finished)).toBe(true);
    emulator.faults.set({});
  });

  it("answers 503 within a bound while PostgreSQL is stopped, and 200 again once it is back, without a restart", async () => {
    const { proxy, runtime, emulator } = h!;
    const change = await plan(ORDER_LISTENER, split(70, 30));
    const writesBefore = writesMade(emulator);
    await proxy.stop();
    const answers = await withinBound(
      "requests while the database is stopped",
      Promise.all([
        callRoute("GET", "/api/crawls?limit=5"),
        callRoute("GET", "/api/topology"),
        callRoute("GET", "/api/audit"),
        apply(change),
        callRoute("POST", "/api/changes", {
          kind: "forward",
          target: ORDER_LISTENER,
          after: { action: split(60, 40) },
        }),
      ]),
    );
    for (const answer of answers) {
      expect(answer.status, answer.url).toBe(503);
      expect(await answer.json()).toMatchObject({ error: { code: "unavailable" } });
      expect(answer.headers.get("retry-after")).toBeTruthy();
    }
    expect(writesMade(emulator)).toBe(writesBefore);
    await proxy.start();
    const back = await withinBound(
      "a read once the database is back",
      callRoute("GET", "/api/crawls?limit=5"),
    );
    expect(back.status).toBe(200);
    // Nothing of the refused apply was recorded or sent.
    expect((await runtime.db.prisma.change.findUnique({ where: { id: change.id } }))?.status).toBe("planned");
  });

  it("answers 503 within a bound while PostgreSQL hangs, and recovers once it answers again", async () => {
    const { proxy } = h!;
    proxy.stall();
    const answers = await withinBound(
      "requests while the database hangs",
      Promise.all([callRoute("GET", "/api/crawls?limit=5"), callRoute("GET", "/api/audit")]),
    );
    expect(answers.map((a) => a.status)).toEqual([503, 503]);
    proxy.resume();
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      const response = await callRoute("GET", "/api/crawls?limit=5");
      status = response.status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  });

  it("tells the operator the truth when the database goes away right after AWS took the write, and the reconciler records it", async () => {
    const { proxy, runtime, emulator } = h!;
    const change = await plan(ORDER_LISTENER, split(61, 39));
    emulator.calls.reset();
    await auditTrail(runtime.db).mark();
    emulator.faults.set({ holdAnswer: [{ operation: "UpdateListener", ms: 1_500 }] });
    const answer = apply(change);
    // The emulator's own state (not an AWS read): the moment AWS has the write, the database goes away.
    const listener = emulator.world.region("us-east-1").listeners.get(ORDER_LISTENER.split("/").pop()!);
    const canaryWeight = () => {
      const action = listener?.defaultAction;
      return action && "forward" in action ? action.forward.targetGroups[0]?.weight : undefined;
    };
    while (canaryWeight() !== 61) await new Promise((r) => setTimeout(r, 20));
    await proxy.stop();
    const response = await withinBound("the apply", answer);
    emulator.faults.set({});
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("outcome_not_recorded");
    expect(body.error.message).toMatch(/^AWS applied the change/);
    await proxy.start();
    const report = await reconcileOpenIntents(testServiceDeps(runtime.db, runtime.crawlEnv));
    expect(report.settled).toEqual([{ intentId: expect.any(Number), outcome: "applied" }]);
    expect((await runtime.db.prisma.change.findUnique({ where: { id: change.id } }))?.status).toBe("applied");
    expect(writesMade(emulator)).toBe(1);
    expect(await appliedRows(runtime)).toBeGreaterThanOrEqual(1);
    const outcomes = await auditTrail(runtime.db).all();
    expect(outcomes.filter((e) => e.changeId === change.id).map((e) => e.result)).toEqual([
      "pending",
      "applied",
    ]);
  });
});

describe("concurrent applies spread over five listeners", () => {
  let h: Harness | undefined;

  beforeAll(async () => {
    h = await startHarness({ name: "generate", accounts: 1, services: 8, seed: 11 });
  });
  afterAll(async () => {
    await stopHarness(h);
  });

  it("10 at once, two per listener: one winner per listener, the rest 409, audit rows = AWS writes", async () => {
    const { runtime, emulator } = h!;
    const estate = await runtime.history.estateAt("latest");
    const topology = buildTopology(estate!.resources, estate!.relations, estate!.scopes);
    const listeners = topology.nodes
      .filter((n) => n.kind === "listener" && /HTTP/.test(JSON.stringify(n.data ?? {})))
      .map((n) => n.id)
      .slice(0, 5);
    expect(listeners).toHaveLength(5);
    const changes = [];
    for (const listener of listeners) {
      changes.push(await plan(listener, { fixedResponse: { statusCode: 404 } }));
      changes.push(await plan(listener, { fixedResponse: { statusCode: 503 } }));
    }
    emulator.calls.reset();
    emulator.faults.set({ latencyMs: 40 });
    resetWriteTokens();
    const answers = await withinBound(
      "10 concurrent applies",
      Promise.all(changes.map(async (change) => (await apply(change)).status)),
    );
    emulator.faults.set({});
    for (let i = 0; i < 5; i++) {
      expect([answers[2 * i], answers[2 * i + 1]].sort()).toEqual([200, 409]);
    }
    expect(writesMade(emulator)).toBe(5);
    expect(await appliedRows(runtime)).toBe(5);
  });
});
