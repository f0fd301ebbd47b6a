import { spawn, type ChildProcess } from "node:child_process";
import { GetAuthPolicyCommand, GetListenerCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuditEntry } from "@/lib/domain/audit/audit";
import type { Principal } from "@/lib/domain/auth/auth";
import { createIntentRepository } from "../../db/intents";
import { createChange } from "../changes/create-change";
import { runRolloutStep } from "../rollouts/rollout-step";
import { startRollout } from "../rollouts/start-rollout";
import {
  ORDER_CANARY,
  ORDER_LISTENER,
  ORDER_SERVICE,
  orderSplit,
  ROUTING_WRITES,
} from "../../testing/demo-history";
import type { Emulator } from "@trellis/aws-emulator";
import type { Database } from "../../db/database";
import type { TestDatabase } from "../../db/testing";
import { demoLattice, startDemoStack, type DemoStack } from "../../testing/demo-stack";
import { testServiceDeps } from "../../testing/test-deps";
import { reconcileOpenIntents } from "./reconcile-intents";

const operator: Principal = { id: "op-1", name: "Olga Operator", role: "admin", via: "oidc" };
const PAYMENT = "arn:aws:vpc-lattice:us-east-1:333344445555:service/svc-0payment000000001";
const AWS_WRITES = [...ROUTING_WRITES, "PutAuthPolicy"];
const HOLD = 120_000;

const split = orderSplit;

describe("an apply killed after AWS accepted its write is recorded on restart", () => {
  let stack: DemoStack;
  let testDb: TestDatabase;
  let db: Database;
  let emulator: Emulator;
  let deps: ReturnType<typeof testServiceDeps>;
  let lattice: VPCLatticeClient;
  let trail: DemoStack["trail"];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    stack = await startDemoStack("trellis_crash");
    ({ testDb, db, emulator, trail } = stack);
    deps = testServiceDeps(db, stack.env);
    lattice = demoLattice(emulator.url, "ordering");
  });

  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    lattice?.destroy();
    await stack?.stop();
  });

  beforeEach(() => stack.reset());

  /** Starts `op` in a process of its own, as a console or worker would run it. */
  function startChild(op: unknown): { child: ChildProcess; output: () => string } {
    // Node itself, with tsx as a loader: the tsx binary would run the script in a grandchild that SIGKILL misses.
    const child = spawn(
      process.execPath,
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        "lib/server/testing/apply-child.ts",
        JSON.stringify({ databaseUrl: testDb.url, emulatorUrl: emulator.url, actor: operator, op }),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    children.push(child);
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    return { child, output: () => out };
  }

  async function until(what: string, test: () => Promise<boolean> | boolean, output: () => string) {
    const deadline = Date.now() + 45_000;
    while (!(await test())) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen. Child said:\n${output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function kill(child: ChildProcess) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  async function weights() {
    const listener = await lattice.send(
      new GetListenerCommand({ serviceIdentifier: ORDER_SERVICE, listenerIdentifier: ORDER_LISTENER }),
    );
    return listener.defaultAction?.forward?.targetGroups?.map((g) => g.weight);
  }

  /** AWS writes the emulator performed, and `applied` audit entries of AWS writes: these must always agree. */
  async function writesAndAppliedRows(): Promise<{ writes: number; applied: number }> {
    const byOperation = emulator.calls.snapshot().byOperation;
    const writes = AWS_WRITES.reduce((n, op) => n + (byOperation[`vpc-lattice:${op}`] ?? 0), 0);
    const applied = (await trail.all()).filter(
      (e: AuditEntry) => e.result === "applied" && AWS_WRITES.includes(e.operation),
    ).length;
    return { writes, applied };
  }

  function holdAnswers(operation: string) {
    emulator.faults.set({ holdAnswer: [{ operation, ms: HOLD }] });
  }

  it("a routing change: the pending entry is there at once, the reconciler records it applied", async () => {
    const created = await createChange(deps, operator, {
      kind: "forward",
      target: ORDER_LISTENER,
      after: { action: split(55, 45) },
    });
    if (created.status !== "planned") throw new Error(JSON.stringify(created));
    holdAnswers("UpdateListener");
    const { child, output } = startChild({
      kind: "change",
      id: created.change.id,
      confirm: created.change.warnings.map((w) => w.code),
    });
    await until("the emulator accepting UpdateListener", async () => (await weights())?.[0] === 55, output);
    await kill(child);
    emulator.faults.set({});

    const change = await deps.changes.get(created.change.id);
    expect(change?.status).toBe("applying");
    expect((await trail.all()).map((e) => [e.operation, e.result])).toEqual([["UpdateListener", "pending"]]);
    expect(await createIntentRepository(db).listOpen()).toHaveLength(1);

    const report = await reconcileOpenIntents(deps);
    expect(report).toMatchObject({ settled: [{ outcome: "applied" }], open: [] });
    const entries = await trail.all();
    const pending = entries.find((e) => e.result === "pending");
    expect(entries.find((e) => e.result === "applied")).toMatchObject({
      operation: "UpdateListener",
      actor: { id: "op-1" },
      intentId: pending?.id,
      changeId: created.change.id,
      message: expect.stringContaining("reconciler"),
    });
    expect((await deps.changes.get(created.change.id))?.status).toBe("applied");
    expect(await createIntentRepository(db).listOpen()).toEqual([]);
    expect(await writesAndAppliedRows()).toEqual({ writes: 1, applied: 1 });

    // A second pass finds nothing left: the outcome is recorded once.
    expect(await reconcileOpenIntents(deps)).toEqual({ settled: [], open: [] });
  });

  it("a routing change killed before AWS took it is recorded as not applied", async () => {
    const created = await createChange(deps, operator, {
      kind: "forward",
      target: ORDER_LISTENER,
      after: { action: split(60, 40) },
    });
    if (created.status !== "planned") throw new Error(JSON.stringify(created));
    // The write is held on its way in, and the process dies before AWS performs it.
    emulator.faults.set({ holdAnswer: [{ operation: "UpdateListener", ms: HOLD, when: "before" }] });
    const { child, output } = startChild({
      kind: "change",
      id: created.change.id,
      confirm: created.change.warnings.map((w) => w.code),
    });
    await until(
      "UpdateListener reaching the emulator",
      () => (emulator.calls.snapshot().byOperation["vpc-lattice:UpdateListener"] ?? 0) > 0,
      output,
    );
    await kill(child);
    emulator.faults.set({});
    expect((await trail.all()).map((e) => e.result)).toEqual(["pending"]);

    const report = await reconcileOpenIntents(deps);
    expect(report).toMatchObject({ settled: [{ outcome: "not-applied" }], open: [] });
    expect(await weights()).toEqual([90, 10]);
    expect((await trail.outcomes()).at(-1)).toMatchObject({
      result: "not-applied",
      changeId: created.change.id,
    });
    expect((await deps.changes.get(created.change.id))?.status).toBe("failed");
    expect((await writesAndAppliedRows()).applied).toBe(0);
  });

  it("a policy apply: the reconciler reads the auth state back and records it applied", async () => {
    const payments = new VPCLatticeClient({
      region: "us-east-1",
      endpoint: emulator.url,
      credentials: { accessKeyId: "AKIATRELLISDEMOPAY01", secretAccessKey: "trellis-demo-secret-payments" },
    });
    const livePolicy = async () =>
      (await payments.send(new GetAuthPolicyCommand({ resourceIdentifier: PAYMENT }))).policy ?? null;
    const before = await livePolicy();
    const after = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::222233334444:role/order-task-role" },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
        },
      ],
    };
    holdAnswers("PutAuthPolicy");
    const { child, output } = startChild({
      kind: "policy",
      body: {
        scope: { arn: PAYMENT },
        base: { authType: "AWS_IAM", policy: before },
        after: { authType: "AWS_IAM", policy: after },
      },
    });
    await until("the emulator accepting PutAuthPolicy", async () => (await livePolicy()) !== before, output);
    await kill(child);
    emulator.faults.set({});
    payments.destroy();
    expect((await trail.all()).map((e) => e.result)).toEqual(["pending"]);

    const report = await reconcileOpenIntents(deps);
    expect(report).toMatchObject({ settled: [{ outcome: "applied" }], open: [] });
    expect((await trail.outcomes()).at(-1)).toMatchObject({
      operation: "PutAuthPolicy",
      result: "applied",
      resourceArn: PAYMENT,
      after: { authType: "AWS_IAM", policy: after },
    });
    expect(await writesAndAppliedRows()).toEqual({ writes: 1, applied: 1 });
  });

  it("a rollout step: recorded, attributed to the rollout, and the step counted with its change", async () => {
    const started = await startRollout(deps, operator, {
      target: ORDER_LISTENER,
      canary: ORDER_CANARY,
      steps: [30, 100],
      waitSeconds: 1,
      maxUnhealthy: 1,
    });
    if (started.status !== "started") throw new Error(JSON.stringify(started));
    const { rollout } = started;
    holdAnswers("UpdateListener");
    const { child, output } = startChild({ kind: "rollout-step", id: rollout.id });
    await until("the emulator accepting step 1", async () => (await weights())?.[1] === 30, output);
    await kill(child);
    emulator.faults.set({});
    expect((await deps.rollouts.get(rollout.id))?.stepsDone).toBe(0);

    const report = await reconcileOpenIntents(deps);
    expect(report).toMatchObject({ settled: [{ outcome: "applied" }] });
    // The step's job is retried (here: run again) and finds its write in place, made by its own change.
    await runRolloutStep(deps, rollout.id);
    const stepped = await deps.rollouts.get(rollout.id);
    expect(stepped?.stepsDone).toBe(1);
    const step = stepped?.events.find((e) => e.step === 1 && e.message.startsWith("Step 1"));
    expect(step?.changeId).toBeTruthy();
    const applied = (await trail.outcomes()).find((e) => e.operation === "UpdateListener");
    expect(applied).toMatchObject({ result: "applied", rolloutId: rollout.id, changeId: step?.changeId });
    expect(await writesAndAppliedRows()).toEqual({ writes: 1, applied: 1 });
    expect((await trail.all()).map((e) => e.operation)).toContain("StartRollout");
  });
});
