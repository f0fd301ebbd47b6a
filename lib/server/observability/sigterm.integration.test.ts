import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import type { Principal } from "@/lib/domain/auth/auth";
import { demoEnvironment, type CrawlEnvironment } from "../config/load-config";
import { CRAWL_SCOPE_QUEUE, enqueueCrawl, type CrawlScopeJob } from "../crawl/jobs";
import { waitForRun } from "../crawl/testing";
import { openDatabase, type Database } from "../db/database";
import { createIntentRepository } from "../db/intents";
import { createTestDatabase, type TestDatabase } from "../db/testing";
import { createRuntime, type Runtime } from "../runtime";
import { ROLLOUT_STEP_QUEUE, scheduleRolloutStep } from "../services/rollouts/rollout-jobs";
import { startRollout } from "../services/rollouts/start-rollout";
import { auditTrail } from "../testing/audit-trail";
import { ORDER_CANARY, ORDER_LISTENER } from "../testing/demo-history";
import { crawlAndRecord } from "../testing/record-crawl";
import { testServiceDeps } from "../testing/test-deps";

const operator: Principal = { id: "op-1", name: "Olga Operator", role: "operator", via: "oidc" };

interface Worker {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/**
 * `npm run worker` and SIGTERM, as Kubernetes stops a pod: jobs in progress finish within the bound, or go back to
 * the queue for another worker with nothing half-written; every AWS write's intent gets its outcome in the audit log.
 */
describe("SIGTERM to a worker", () => {
  let testDb: TestDatabase;
  let db: Database;
  let runtime: Runtime;
  let emulator: Emulator;
  let env: CrawlEnvironment;
  let trail: ReturnType<typeof auditTrail>;
  const workers: ChildProcess[] = [];

  async function startWorker(shutdownSeconds: number): Promise<Worker> {
    const settings = {
      DATABASE_URL: testDb.url,
      EMULATOR_URL: emulator.url,
      TRELLIS_CONFIG: "",
      TRELLIS_WORKER_CONCURRENCY: "2",
      TRELLIS_SHUTDOWN_TIMEOUT_SECONDS: String(shutdownSeconds),
      TRELLIS_LOG_FORMAT: "json",
      TRELLIS_METRICS_LISTEN: "",
    };
    // Through env(1): the worker inherits this environment plus its settings, as `npm run worker` would.
    const child = spawn(
      "/usr/bin/env",
      [
        ...Object.entries(settings).map(([name, value]) => `${name}=${value}`),
        process.execPath,
        "--conditions=react-server",
        "--import",
        "tsx",
        "scripts/worker.ts",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    workers.push(child);
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const worker = { child, output: () => out, exited };
    await until("the worker starting", () => /worker \S+ started/.test(out), worker);
    return worker;
  }

  async function until(what: string, test: () => Promise<boolean> | boolean, worker?: Worker, ms = 60_000) {
    const deadline = Date.now() + ms;
    while (!(await test())) {
      if (Date.now() > deadline)
        throw new Error(`${what} did not happen. The worker said:\n${worker?.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function stop(worker: Worker): Promise<number | null> {
    worker.child.kill("SIGTERM");
    return worker.exited;
  }

  const calls = (operation: string) => emulator.calls.snapshot().byOperation[operation] ?? 0;

  beforeAll(async () => {
    testDb = await createTestDatabase("trellis_sigterm");
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused", poolSize: 4 });
    emulator = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    env = await demoEnvironment(emulator.url);
    runtime = await createRuntime({ db, crawlEnv: env });
    await crawlAndRecord(runtime.history, env);
    trail = auditTrail(db);
  });

  afterAll(async () => {
    for (const child of workers) child.kill("SIGKILL");
    await runtime?.stop();
    await emulator?.close();
    await testDb?.drop();
  });

  beforeEach(async () => {
    emulator.reset();
    await trail.mark();
  });

  it("during a crawl: the scopes in progress are written whole or not at all, and retried by another worker", async () => {
    emulator.faults.set({ latencyMs: 1_500 });
    const first = await startWorker(1);
    const { runId } = await enqueueCrawl(runtime, { trigger: "manual" });
    await until("crawling under way", () => emulator.calls.snapshot().total > 2, first);
    expect(await stop(first)).toBe(0);
    expect(first.output()).toMatch(/"message":"SIGTERM: not ready any more/);
    expect(first.output()).toMatch(/still running after 1 s: crawl worker/);

    const recorded = await db.pool.query<{ account_id: string; region: string }>(
      "SELECT account_id, region FROM crawl_run_scope WHERE run_id = $1",
      [runId],
    );
    expect(recorded.rows.length).toBeLessThan(8);
    const written = await db.pool.query<{ account_id: string; region: string }>(
      `SELECT DISTINCT account_id, region FROM resource_version WHERE valid_from_run = $1
       UNION SELECT DISTINCT account_id, region FROM crawl_error WHERE run_id = $1`,
      [runId],
    );
    const whole = new Set(recorded.rows.map((r) => `${r.account_id}/${r.region}`));
    for (const row of written.rows)
      expect(whole, "half-written scope").toContain(`${row.account_id}/${row.region}`);
    const jobs = await runtime.boss.findJobs<CrawlScopeJob>(CRAWL_SCOPE_QUEUE, { data: { runId } });
    expect(jobs.some((job) => job.state === "retry")).toBe(true);
    expect(jobs.filter((job) => job.state === "active")).toEqual([]);

    emulator.faults.set({});
    const second = await startWorker(20);
    const run = await waitForRun(runtime, runId, 90_000);
    expect(run.status).toBe("ok");
    expect(run.progress).toEqual({ done: 8, total: 8 });
    expect(run.scopes).toHaveLength(8);
    expect(await stop(second)).toBe(0);
  }, 180_000);

  async function startOrderRollout() {
    // The emulator was reset to the demo's weights: an earlier test's rollout is over, as far as this one goes.
    await db.pool.query("UPDATE rollout SET status = 'aborted' WHERE status IN ('running', 'paused')");
    const deps = testServiceDeps(db, env);
    const started = await startRollout(deps, operator, {
      target: ORDER_LISTENER,
      canary: ORDER_CANARY,
      steps: [30, 100],
      waitSeconds: 600,
      maxUnhealthy: 1,
    });
    if (started.status !== "started") throw new Error(JSON.stringify(started));
    return { deps, rollout: started.rollout };
  }

  async function auditComplete() {
    const entries = await trail.all();
    const pending = entries.filter((e) => e.result === "pending");
    const settledIds = new Set(entries.map((e) => e.intentId).filter((id) => id !== undefined));
    const writes = calls("vpc-lattice:UpdateListener");
    const applied = entries.filter((e) => e.operation === "UpdateListener" && e.result === "applied").length;
    return { unsettled: pending.filter((p) => !settledIds.has(p.id)).length, writes, applied };
  }

  it("during a rollout step: the running apply finishes and is recorded before the worker exits", async () => {
    const { deps, rollout } = await startOrderRollout();
    emulator.faults.set({ holdAnswer: [{ operation: "UpdateListener", ms: 3_000 }] });
    const worker = await startWorker(20);
    await scheduleRolloutStep(runtime.boss, rollout.id, 0);
    await until("the step's write reaching AWS", () => calls("vpc-lattice:UpdateListener") > 0, worker);
    expect(await stop(worker)).toBe(0);
    expect(worker.output()).not.toMatch(/still running after/);

    expect((await deps.rollouts.get(rollout.id))?.stepsDone).toBe(1);
    expect(await auditComplete()).toEqual({ unsettled: 0, writes: 1, applied: 1 });
    expect(await createIntentRepository(db).listOpen()).toEqual([]);
    const jobs = await runtime.boss.findJobs(ROLLOUT_STEP_QUEUE, { data: { rolloutId: rollout.id } });
    expect(jobs.map((job) => job.state).sort()).toEqual(["completed", "created"]);
  }, 120_000);

  it("during a rollout step that outlasts the bound: the job is retried elsewhere and the intent settled", async () => {
    const { deps, rollout } = await startOrderRollout();
    emulator.faults.set({ holdAnswer: [{ operation: "UpdateListener", ms: 8_000 }] });
    const first = await startWorker(1);
    await scheduleRolloutStep(runtime.boss, rollout.id, 0);
    await until("the step's write reaching AWS", () => calls("vpc-lattice:UpdateListener") > 0, first);
    expect(await stop(first)).toBe(0);
    expect(first.output()).toMatch(/still running after 1 s: rollout worker/);
    expect((await auditComplete()).unsettled).toBe(1);
    const jobs = await runtime.boss.findJobs(ROLLOUT_STEP_QUEUE, { data: { rolloutId: rollout.id } });
    expect(jobs.map((job) => job.state)).toEqual(["retry"]);

    emulator.faults.set({});
    const second = await startWorker(20);
    await until(
      "the step retried",
      async () => (await deps.rollouts.get(rollout.id))?.stepsDone === 1,
      second,
      90_000,
    );
    await until("the intent settled", async () => (await auditComplete()).unsettled === 0, second);
    expect(await auditComplete()).toEqual({ unsettled: 0, writes: 1, applied: 1 });
    expect(await stop(second)).toBe(0);
  }, 180_000);
});
