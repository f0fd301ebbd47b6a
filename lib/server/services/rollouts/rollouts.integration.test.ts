import { GetListenerCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_SCENARIO_PATH, readScenarioFile, startEmulator, type Emulator } from "@trellis/aws-emulator";
import type { Principal } from "@/lib/domain/auth/auth";
import { latticeForApply } from "../../aws/account-clients";
import { demoEnvironment } from "../../config/load-config";
import { auditTrail } from "../../testing/audit-trail";
import { createTestRuntimes, type TestRuntimes } from "../../crawl/testing";
import { demoLattice, latestNodes } from "../../testing/demo-stack";
import { testContext } from "../../testing/test-deps";
import { createChangeRepository } from "../../db/changes";
import { createAuditRepository } from "../../db/audit";
import { createRolloutRepository, type StoredRollout } from "../../db/rollouts";
import type { Runtime } from "../../runtime";
import { crawlAndRecord } from "../../testing/record-crawl";
import { ORDER_CANARY, ORDER_LISTENER, ORDER_SERVICE } from "../../testing/demo-history";
import { controlRollout } from "./control-rollout";
import type { ServicesContext } from "../context";
import { scheduleRolloutStep, startRolloutWorker } from "./rollout-jobs";
import { runRolloutStep } from "./rollout-step";
import { startRollout } from "./start-rollout";

const operator: Principal = { id: "op-1", name: "Olga Operator", role: "operator", via: "oidc" };

describe("staged canary rollouts (pg-boss jobs, the demo emulator)", () => {
  let runtimes: TestRuntimes;
  let runtime: Runtime;
  let emulator: Emulator;
  let deps: ServicesContext;
  let lattice: VPCLatticeClient;
  let worker: { stop(): Promise<void> };
  let trail: ReturnType<typeof auditTrail>;

  beforeAll(async () => {
    emulator = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    const env = await demoEnvironment(emulator.url);
    runtimes = await createTestRuntimes();
    runtime = await runtimes.add(env);
    trail = auditTrail(runtime.db);
    await crawlAndRecord(runtime.history, env);
    const nodes = await latestNodes(runtime.history);
    deps = testContext({
      db: runtime.db,
      changes: createChangeRepository(runtime.db.prisma),
      rollouts: createRolloutRepository(runtime.db.prisma),
      crawlEnv: env,
      nodes: async () => nodes,
      lattice: (accountId, region) => latticeForApply(env, accountId, region),
      recrawl: async () => undefined,
      scheduleStep: (id, delay) => scheduleRolloutStep(runtime.boss, id, delay),
    });
    worker = await startRolloutWorker(runtime.boss, (id) => runRolloutStep(deps, id), {
      pollingIntervalSeconds: 0.5,
    });
    lattice = demoLattice(emulator.url, "ordering");
  });

  afterAll(async () => {
    lattice?.destroy();
    await worker?.stop();
    await runtimes?.stop();
    await emulator?.close();
  });

  beforeEach(async () => {
    emulator.reset();
    await trail.mark();
  });

  async function setCanaryTarget(targetId: string, status: "HEALTHY" | "UNHEALTHY") {
    const response = await fetch(`${emulator.url}/_emulator/target-health`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ targetGroup: ORDER_CANARY, targetId, status }),
    });
    expect(response.status).toBe(200);
  }

  async function weights() {
    const listener = await lattice.send(
      new GetListenerCommand({ serviceIdentifier: ORDER_SERVICE, listenerIdentifier: ORDER_LISTENER }),
    );
    return listener.defaultAction?.forward?.targetGroups?.map((g) => g.weight);
  }

  async function waitFor(id: string, test: (r: StoredRollout) => boolean, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rollout = await deps.rollouts.get(id);
      if (rollout && test(rollout)) return rollout;
      if (Date.now() > deadline)
        throw new Error(`rollout ${id} did not get there: ${JSON.stringify(rollout)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function start(steps: number[], waitSeconds = 1) {
    const started = await startRollout(deps, operator, {
      target: ORDER_LISTENER,
      canary: ORDER_CANARY,
      steps,
      waitSeconds,
    });
    if (started.status !== "started") throw new Error(JSON.stringify(started));
    return started.rollout;
  }

  it("steps 20 → 50 → 100 while the canary stays healthy, one audited apply per step", async () => {
    await setCanaryTarget("10.1.2.91", "HEALTHY");
    const rollout = await start([20, 50, 100]);
    const done = await waitFor(rollout.id, (r) => r.status !== "running");
    expect(done).toMatchObject({ status: "completed", stepsDone: 3 });
    expect(await weights()).toEqual([0, 100]);
    expect(
      (await trail.outcomes()).filter((a) => a.result === "applied" && a.operation === "UpdateListener"),
    ).toHaveLength(3);
    expect(done.events.map((e) => e.message)).toContain("Step 2: 50 % to the canary");
  });

  it("takes a step with one Lattice client and one read of the listener before its write", async () => {
    await setCanaryTarget("10.1.2.91", "HEALTHY");
    const started = await startRollout({ ...deps, scheduleStep: async () => undefined }, operator, {
      target: ORDER_LISTENER,
      canary: ORDER_CANARY,
      steps: [20, 100],
      waitSeconds: 3600,
    });
    if (started.status !== "started") throw new Error(JSON.stringify(started));
    let clients = 0;
    const operations: string[] = [];
    const counting: ServicesContext = {
      ...deps,
      scheduleStep: async () => undefined,
      lattice(accountId, region) {
        const client = deps.lattice(accountId, region);
        if (client) clients++;
        client?.middlewareStack.add(
          (next, context) => async (args) => {
            operations.push(String(context.commandName).replace(/Command$/, ""));
            return next(args);
          },
          { step: "initialize", name: "countStepOperations" },
        );
        return client;
      },
    };
    await runRolloutStep(counting, started.rollout.id);
    expect(await deps.rollouts.get(started.rollout.id)).toMatchObject({ stepsDone: 1 });
    expect(clients).toBe(1);
    const write = operations.indexOf("UpdateListener");
    expect(write).toBeGreaterThan(0);
    // The action check, the plan and the drift check share one read; the one after the write records the outcome.
    expect(operations.slice(0, write).filter((op) => op === "GetListener")).toHaveLength(1);
    expect(operations.slice(write + 1).filter((op) => op === "GetListener")).toHaveLength(1);
    await controlRollout(deps, operator, started.rollout.id, "abort");
  });

  it("stops at the gate when the scenario turns the canary unhealthy mid-way, and aborts to the starting weights", async () => {
    // The demo with a health timeline: the canary's second target recovers at once, its first fails 2 s later,
    // after step 1 (25 %) and before the gate of step 2 (4 s after step 1).
    const demo = readScenarioFile(DEMO_SCENARIO_PATH) as { healthTimeline?: unknown[] };
    emulator.load({
      name: "inline",
      data: {
        ...demo,
        healthTimeline: [
          ...(demo.healthTimeline ?? []),
          { afterSeconds: 0, targetGroup: "order-canary", target: "10.1.2.91", status: "HEALTHY" },
          {
            afterSeconds: 2,
            targetGroup: "order-canary",
            target: "10.1.1.88",
            status: "UNHEALTHY",
            reasonCode: "HealthCheckFailed",
          },
        ],
      },
    });
    try {
      const rollout = await start([25, 50, 100], 4);
      await waitFor(rollout.id, (r) => r.stepsDone === 1);
      expect(await weights()).toEqual([75, 25]);
      const stopped = await waitFor(rollout.id, (r) => r.status !== "running");
      expect(stopped.status).toBe("aborted");
      expect(stopped.stepsDone).toBe(1);
      expect(stopped.message).toMatch(/Health gate failed before step 2: the canary has 1 unhealthy target/);
      expect(await weights()).toEqual([90, 10]);
    } finally {
      emulator.load({ name: "demo" });
    }
  });

  it("pauses, resumes and aborts on request; a paused rollout takes no step", async () => {
    await setCanaryTarget("10.1.2.91", "HEALTHY");
    const rollout = await start([20, 60, 100], 3);
    await waitFor(rollout.id, (r) => r.stepsDone === 1);
    expect((await controlRollout(deps, operator, rollout.id, "pause")).status).toBe("ok");
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await deps.rollouts.get(rollout.id))?.stepsDone).toBe(1);
    expect(await weights()).toEqual([80, 20]);
    expect(await controlRollout(deps, operator, rollout.id, "pause")).toMatchObject({ status: "invalid" });
    expect((await controlRollout(deps, operator, rollout.id, "resume")).status).toBe("ok");
    await waitFor(rollout.id, (r) => r.stepsDone === 2);
    const aborted = await controlRollout(deps, operator, rollout.id, "abort");
    expect(aborted).toMatchObject({ status: "ok", rollout: { status: "aborted" } });
    expect(await weights()).toEqual([90, 10]);

    // The whole life of the rollout is in the audit log, each entry naming it, with who did what.
    const lifecycle = (
      await createAuditRepository(runtime.db.prisma).list({ rollout: rollout.id }, { limit: 50 })
    )
      .reverse()
      .map((e) => [e.operation, e.result, e.actor.name]);
    expect(lifecycle).toEqual([
      ["StartRollout", "applied", "Olga Operator"],
      ["UpdateListener", "pending", "Olga Operator"],
      ["UpdateListener", "applied", "Olga Operator"],
      ["PauseRollout", "applied", "Olga Operator"],
      ["PauseRollout", "rejected", "Olga Operator"],
      ["ResumeRollout", "applied", "Olga Operator"],
      ["UpdateListener", "pending", "Olga Operator"],
      ["UpdateListener", "applied", "Olga Operator"],
      ["UpdateListener", "pending", "Olga Operator"],
      ["UpdateListener", "applied", "Olga Operator"],
      ["AbortRollout", "applied", "Olga Operator"],
    ]);
  });

  it("audits a refused start, and an abort by the health gate with its reason, as the gate's", async () => {
    const refused = await startRollout(deps, operator, {
      target: ORDER_LISTENER,
      canary: ORDER_CANARY,
      steps: [50, 20],
    });
    expect(refused.status).toBe("invalid");
    expect((await trail.outcomes()).at(-1)).toMatchObject({
      operation: "StartRollout",
      result: "rejected",
      resourceArn: ORDER_LISTENER,
      message: expect.stringContaining("steps"),
    });
    await setCanaryTarget("10.1.2.91", "UNHEALTHY");
    const rollout = await start([20, 60], 1);
    const ended = await waitFor(rollout.id, (r) => r.status !== "running");
    expect(ended.status).toBe("aborted");
    const entries = await createAuditRepository(runtime.db.prisma).list(
      { rollout: rollout.id },
      { limit: 50 },
    );
    const abort = entries.find((e) => e.operation === "AbortRollout");
    expect(abort).toMatchObject({
      result: "applied",
      actor: { name: "Rollout health gate", via: "system" },
      message: expect.stringContaining("Health gate failed before step 2"),
    });
    const restore = entries.find(
      (e) => e.operation === "UpdateListener" && e.result === "applied" && e.actor.via === "system",
    );
    expect(restore?.message).toMatch(/aborted \(Health gate failed before step 2/);
  });

  it("refuses a canary that is not in the action, and steps that go down", async () => {
    const notIn = await startRollout(deps, operator, {
      target: ORDER_LISTENER,
      canary: "tg-0orderv2000000001",
      steps: [50],
    });
    expect(notIn).toMatchObject({ status: "invalid", errors: [{ field: "canary" }] });
    const down = await startRollout(deps, operator, {
      target: ORDER_LISTENER,
      canary: ORDER_CANARY,
      steps: [50, 20],
    });
    expect(down).toMatchObject({ status: "invalid", errors: [{ field: "steps" }] });
  });

  it("takes the next step after the process that scheduled it went away: the step waits in PostgreSQL", async () => {
    await setCanaryTarget("10.1.2.91", "HEALTHY");
    // Two console processes one after the other on the same database, each with its own pg-boss and pool.
    await worker.stop();
    const depsOn = (r: Runtime): ServicesContext => ({
      ...deps,
      db: r.db,
      changes: createChangeRepository(r.db.prisma),
      rollouts: createRolloutRepository(r.db.prisma),
      scheduleStep: (id, delay) => scheduleRolloutStep(r.boss, id, delay),
    });
    try {
      const first = await runtimes.add(deps.crawlEnv);
      const firstDeps = depsOn(first);
      await startRolloutWorker(first.boss, (id) => runRolloutStep(firstDeps, id), {
        pollingIntervalSeconds: 0.5,
      });
      const started = await startRollout(firstDeps, operator, {
        target: ORDER_LISTENER,
        canary: ORDER_CANARY,
        steps: [30, 60],
        waitSeconds: 2,
      });
      if (started.status !== "started") throw new Error(JSON.stringify(started));
      const id = started.rollout.id;
      await waitFor(id, (r) => r.stepsDone === 1);
      await first.stop();

      // Nothing runs while no process is up, however long the wait.
      await new Promise((r) => setTimeout(r, 3_000));
      expect((await deps.rollouts.get(id))?.stepsDone).toBe(1);
      expect(await weights()).toEqual([70, 30]);

      const second = await runtimes.add(deps.crawlEnv);
      const secondDeps = depsOn(second);
      await startRolloutWorker(second.boss, (rolloutId) => runRolloutStep(secondDeps, rolloutId), {
        pollingIntervalSeconds: 0.5,
      });
      const done = await waitFor(id, (r) => r.status !== "running");
      expect(done).toMatchObject({ status: "completed", stepsDone: 2 });
      expect(await weights()).toEqual([40, 60]);
    } finally {
      worker = await startRolloutWorker(runtime.boss, (id) => runRolloutStep(deps, id), {
        pollingIntervalSeconds: 0.5,
      });
    }
  });
});
