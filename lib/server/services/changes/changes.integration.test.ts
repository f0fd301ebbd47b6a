import {
  DeleteRuleCommand,
  GetListenerCommand,
  GetRuleCommand,
  VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/domain/auth/auth";
import { latticeForApply } from "../../aws/account-clients";
import type { Emulator } from "@trellis/aws-emulator";
import type { CrawlEnvironment } from "../../config/load-config";
import type { Database } from "../../db/database";
import { demoLattice, latestNodes, startDemoStack, type DemoStack } from "../../testing/demo-stack";
import { testContext } from "../../testing/test-deps";
import { createChangeRepository } from "../../db/changes";
import { ORDER_LISTENER, ORDER_SERVICE, orderSplit, ROUTING_WRITES } from "../../testing/demo-history";
import { applyChange } from "./apply-change";
import { createChange } from "./create-change";
import type { ServicesContext } from "../context";

const operator: Principal = { id: "op-1", name: "Olga Operator", role: "operator", via: "oidc" };
const ORDER_V2_RULE = `${ORDER_LISTENER}/rule/rule-0orderapiv2000001`;
const ORDER_CANARY_RULE = `${ORDER_LISTENER}/rule/rule-0ordercanary00001`;
const WRITES = ROUTING_WRITES;

const split = orderSplit;

describe("routing changes against the demo emulator", () => {
  let stack: DemoStack;
  let db: Database;
  let emulator: Emulator;
  let env: CrawlEnvironment;
  let deps: ServicesContext;
  let trail: DemoStack["trail"];
  let lattice: VPCLatticeClient;

  beforeAll(async () => {
    stack = await startDemoStack("trellis_changes");
    ({ db, emulator, env, trail } = stack);
    const nodes = await latestNodes(stack.history);
    deps = testContext({
      db,
      changes: createChangeRepository(db.prisma),
      crawlEnv: env,
      nodes: async () => nodes,
      lattice: (accountId, region) => latticeForApply(env, accountId, region),
      recrawl: async () => undefined,
    });
    lattice = demoLattice(emulator.url, "ordering");
  });

  afterAll(async () => {
    lattice?.destroy();
    await stack?.stop();
  });

  beforeEach(() => stack.reset());

  async function liveWeights() {
    const listener = await lattice.send(
      new GetListenerCommand({ serviceIdentifier: ORDER_SERVICE, listenerIdentifier: ORDER_LISTENER }),
    );
    return listener.defaultAction?.forward?.targetGroups?.map((g) => g.weight);
  }

  function writesMade(): number {
    const byOperation = emulator.calls.snapshot().byOperation;
    return WRITES.reduce((n, op) => n + (byOperation[`vpc-lattice:${op}`] ?? 0), 0);
  }

  it("moves the canary 90/10 → 50/50 once the unhealthy-canary warning is confirmed, and audits it", async () => {
    const created = await createChange(deps, operator, {
      kind: "forward",
      target: ORDER_LISTENER,
      after: { action: split(50, 50) },
    });
    if (created.status !== "planned") throw new Error(JSON.stringify(created));
    expect(created.change.plan.split?.rows.map((r) => [r.before?.percent, r.after?.percent])).toEqual([
      [90, 50],
      [10, 50],
    ]);
    expect(created.change.warnings.map((w) => w.code)).toContain("unhealthy-targets");
    expect(created.change.cli[0]).toMatch(/^aws vpc-lattice update-listener --region us-east-1 /);

    const unconfirmed = await applyChange(deps, operator, created.change.id, {});
    expect(unconfirmed.status).toBe("invalid");
    expect(writesMade()).toBe(0);
    expect(await liveWeights()).toEqual([90, 10]);

    const applied = await applyChange(deps, operator, created.change.id, { confirm: ["unhealthy-targets"] });
    expect(applied).toMatchObject({
      status: "applied",
      result: { calls: [{ operation: "UpdateListener" }] },
    });
    expect(await liveWeights()).toEqual([50, 50]);
    expect((await trail.outcomes()).at(-1)).toMatchObject({
      actor: { id: "op-1" },
      operation: "UpdateListener",
      resourceArn: ORDER_LISTENER,
      result: "applied",
      awsRequestId: expect.any(String),
    });

    const again = await applyChange(deps, operator, created.change.id, { confirm: ["unhealthy-targets"] });
    expect(again.status).toBe("settled");
  });

  it("answers the second of two plans from the same state with a conflict and the live state, overwriting nothing", async () => {
    const first = await createChange(deps, operator, {
      kind: "forward",
      target: ORDER_LISTENER,
      after: { action: split(80, 20) },
    });
    const second = await createChange(deps, operator, {
      kind: "forward",
      target: ORDER_LISTENER,
      after: { action: split(70, 30) },
    });
    if (first.status !== "planned" || second.status !== "planned") throw new Error("not planned");
    const confirm = { confirm: ["unhealthy-targets"] };
    expect((await applyChange(deps, operator, first.change.id, confirm)).status).toBe("applied");
    const conflict = await applyChange(deps, operator, second.change.id, confirm);
    if (conflict.status !== "conflict") throw new Error(JSON.stringify(conflict));
    const liveDefault = conflict.live.rules.find((r) => r.isDefault)?.action;
    expect(
      liveDefault && "forward" in liveDefault && liveDefault.forward.targetGroups.map((g) => g.weight),
    ).toEqual([80, 20]);
    expect(conflict.plan?.split?.rows.map((r) => [r.before?.weight, r.after?.weight])).toEqual([
      [80, 70],
      [20, 30],
    ]);
    expect(await liveWeights()).toEqual([80, 20]);
    expect((await trail.outcomes()).at(-1)).toMatchObject({ result: "conflict" });
  });

  it("does not call a change drift when only another rule of the listener changed", async () => {
    const created = await createChange(deps, operator, {
      kind: "forward",
      target: ORDER_LISTENER,
      after: { action: split(100, 0) },
    });
    if (created.status !== "planned") throw new Error(JSON.stringify(created));
    const other = await createChange(deps, operator, {
      kind: "rule",
      target: ORDER_V2_RULE,
      after: { priority: 42 },
    });
    if (other.status !== "planned") throw new Error(JSON.stringify(other));
    expect((await applyChange(deps, operator, other.change.id, {})).status).toBe("applied");
    expect((await applyChange(deps, operator, created.change.id, {})).status).toBe("applied");
    expect(await liveWeights()).toEqual([100, 0]);
  });

  it.each([
    [
      "weight 1000",
      { kind: "forward", target: ORDER_LISTENER, after: { action: split(1000, 10) } },
      "after.action.forward.targetGroups.0.weight",
    ],
    [
      "11 target groups",
      {
        kind: "forward",
        target: ORDER_LISTENER,
        after: {
          action: {
            forward: {
              targetGroups: Array.from({ length: 11 }, (_, i) => ({
                targetGroupIdentifier: `tg-0000000000000000${i.toString(36)}`,
                weight: 1,
              })),
            },
          },
        },
      },
      "after.action.forward.targetGroups",
    ],
    [
      "a duplicate priority",
      {
        kind: "create-rule",
        target: ORDER_LISTENER,
        after: {
          name: "beta",
          priority: 10,
          match: { httpMatch: { pathMatch: { match: { prefix: "/beta" } } } },
          action: split(1, 0),
        },
      },
      "after.priority",
    ],
    [
      "a path without a leading slash",
      {
        kind: "create-rule",
        target: ORDER_LISTENER,
        after: {
          name: "beta",
          priority: 30,
          match: { httpMatch: { pathMatch: { match: { prefix: "beta" } } } },
          action: split(1, 0),
        },
      },
      "after.match.httpMatch.pathMatch.match.prefix",
    ],
    [
      "an account Trellis does not know",
      {
        kind: "delete-rule",
        target:
          "arn:aws:vpc-lattice:us-east-1:999988887777:service/svc-0aaaaaaaaaaaaaaaa/listener/listener-0aaaaaaaaaaaaaaaa/rule/rule-0aaaaaaaaaaaaaaaa",
      },
      "target",
    ],
  ])("rejects %s with a field error and no AWS write", async (_what, body, field) => {
    const result = await createChange(deps, operator, body);
    expect(result.status).toBe("invalid");
    expect(result.status === "invalid" && result.errors.map((e) => e.field)).toContain(field);
    expect(writesMade()).toBe(0);
  });

  async function liveRule(ruleIdentifier: string) {
    return lattice.send(
      new GetRuleCommand({
        serviceIdentifier: ORDER_SERVICE,
        listenerIdentifier: ORDER_LISTENER,
        ruleIdentifier,
      }),
    );
  }

  /** Deps whose apply client lets `race` run, as another writer would, just before its BatchUpdateRule goes out. */
  function racingDeps(race: () => Promise<void>): ServicesContext {
    return {
      ...deps,
      lattice: (accountId, region) => {
        const client = latticeForApply(env, accountId, region);
        client?.middlewareStack.add(
          (next, context) => async (args) => {
            if (context.commandName === "BatchUpdateRuleCommand") await race();
            return next(args);
          },
          { step: "initialize", name: "concurrentWriter" },
        );
        return client;
      },
    };
  }

  /** Another writer's DeleteRule of the rule api-v2 swaps priorities with. */
  async function deleteCanaryRule() {
    await lattice.send(
      new DeleteRuleCommand({
        serviceIdentifier: ORDER_SERVICE,
        listenerIdentifier: ORDER_LISTENER,
        ruleIdentifier: ORDER_CANARY_RULE,
      }),
    );
  }

  const swapV2IntoTwenty = {
    kind: "rule",
    target: ORDER_V2_RULE,
    after: {
      priority: 20,
      swapPriority: true,
      match: { httpMatch: { pathMatch: { match: { prefix: "/v3" } } } },
    },
  };

  it("swaps two rules' priorities in one BatchUpdateRule", async () => {
    const created = await createChange(deps, operator, swapV2IntoTwenty);
    if (created.status !== "planned") throw new Error(JSON.stringify(created));
    expect(created.change.plan.calls.map((c) => c.operation)).toEqual(["BatchUpdateRule"]);
    const result = await applyChange(deps, operator, created.change.id, { confirm: ["propagation"] });
    expect(result.status).toBe("applied");
    expect((await liveRule(ORDER_V2_RULE)).priority).toBe(20);
    expect((await liveRule(ORDER_CANARY_RULE)).priority).toBe(10);
    expect((await trail.outcomes()).at(-1)).toMatchObject({
      operation: "BatchUpdateRule",
      result: "applied",
    });
  });

  it("puts back the half of a swap AWS applied when it refused the other half, and audits both", async () => {
    const before = await liveRule(ORDER_V2_RULE);
    const created = await createChange(deps, operator, swapV2IntoTwenty);
    if (created.status !== "planned") throw new Error(JSON.stringify(created));
    // Someone deletes the other rule after Trellis's drift check: AWS moves v2 to 20 and refuses the other entry.
    const raced = racingDeps(deleteCanaryRule);
    const result = await applyChange(raced, operator, created.change.id, { confirm: ["propagation"] });

    expect(result.status).toBe("aws-error");
    if (result.status !== "aws-error") return;
    expect(result.error.message).toMatch(/applied only in part/);
    expect(result.error.message).toMatch(/put .* back as it was, so nothing of this change is applied/);
    expect(result.compensation).toMatchObject({ restored: true, calls: [{ operation: "UpdateRule" }] });
    const v2 = await liveRule(ORDER_V2_RULE);
    expect(v2.priority).toBe(before.priority);
    expect(v2.match).toEqual(before.match);
    expect(result.compensation?.live?.rules.find((r) => r.arn === ORDER_V2_RULE)?.priority).toBe(10);
    const calls = emulator.calls.snapshot().byOperation;
    expect(calls["vpc-lattice:BatchUpdateRule"]).toBe(1);
    expect(calls["vpc-lattice:UpdateRule"]).toBe(1);
    expect((await trail.outcomes()).slice(-2)).toMatchObject([
      { operation: "BatchUpdateRule", result: "aws-error" },
      { operation: "UpdateRule", result: "applied" },
    ]);
    expect((await deps.changes.get(created.change.id))?.status).toBe("failed");
  });

  it("says so, with the live listener, when putting the applied half back fails too", async () => {
    const created = await createChange(deps, operator, swapV2IntoTwenty);
    if (created.status !== "planned") throw new Error(JSON.stringify(created));
    const raced = racingDeps(async () => {
      await deleteCanaryRule();
      emulator.faults.set({ accessDenied: [{ operation: "UpdateRule" }] });
    });
    const result = await applyChange(raced, operator, created.change.id, { confirm: ["propagation"] });

    expect(result.status).toBe("aws-error");
    if (result.status !== "aws-error") return;
    expect(result.error.message).toMatch(/Putting api-v2 back failed too \(AccessDeniedException/);
    expect(result.compensation?.restored).toBe(false);
    expect(result.compensation?.live?.rules.find((r) => r.arn === ORDER_V2_RULE)?.priority).toBe(20);
    expect((await trail.outcomes()).slice(-2)).toMatchObject([
      { operation: "BatchUpdateRule", result: "aws-error" },
      { operation: "UpdateRule", result: "aws-error" },
    ]);
  });
});
