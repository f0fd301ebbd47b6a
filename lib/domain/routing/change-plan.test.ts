import { describe, expect, it } from "vitest";
import { awsCliCommand, shellQuote } from "./aws-cli";
import { planChange } from "./change-plan";
import { type ListenerState, type PlanContext } from "./change-types";
import { summarizeTargetStatuses } from "./weights";

const REGION = "us-east-1";
const ACCOUNT = "222233334444";
const SERVICE = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/svc-0order00000000001`;
const LISTENER = `${SERVICE}/listener/listener-0orderhttps000001`;
const DEFAULT_RULE = `${LISTENER}/rule/rule-0orderdefault00001`;
const V2_RULE = `${LISTENER}/rule/rule-0orderapiv2000001`;
const tg = (id: string) => `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:targetgroup/${id}`;
const STABLE = "tg-0orderstable00001";
const CANARY = "tg-0ordercanary00001";
const V2 = "tg-0orderv2000000001";

const listener: ListenerState = {
  arn: LISTENER,
  name: "https",
  serviceArn: SERVICE,
  serviceName: "order",
  protocol: "HTTPS",
  rules: [
    {
      arn: DEFAULT_RULE,
      name: "default",
      isDefault: true,
      action: {
        forward: {
          targetGroups: [
            { targetGroupIdentifier: STABLE, weight: 90 },
            { targetGroupIdentifier: CANARY, weight: 10 },
          ],
        },
      },
    },
    {
      arn: V2_RULE,
      name: "api-v2",
      isDefault: false,
      priority: 10,
      match: { httpMatch: { method: "GET", pathMatch: { match: { prefix: "/api/v2" } } } },
      action: { forward: { targetGroups: [{ targetGroupIdentifier: V2 }] } },
    },
  ],
};

const ctx: PlanContext = {
  listener,
  health: new Map([
    [tg(STABLE), summarizeTargetStatuses(["HEALTHY", "HEALTHY"])],
    [tg(CANARY), summarizeTargetStatuses(["UNHEALTHY"])],
    [tg(V2), summarizeTargetStatuses(["HEALTHY"])],
  ]),
  targetGroupNames: new Map([
    [tg(STABLE), "order-stable"],
    [tg(CANARY), "order-canary"],
  ]),
  owners: [],
  accountId: ACCOUNT,
  region: REGION,
};

const split = (stable: number, canary: number) => ({
  forward: {
    targetGroups: [
      { targetGroupIdentifier: STABLE, weight: stable },
      { targetGroupIdentifier: CANARY, weight: canary },
    ],
  },
});

describe("planChange: forward", () => {
  it("plans 90/10 → 50/50 on the listener as one UpdateListener, and flags the unhealthy canary", () => {
    const result = planChange({ kind: "forward", target: LISTENER, after: { action: split(50, 50) } }, ctx);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { plan } = result;
    expect(plan.split?.rows).toEqual([
      {
        targetGroupArn: tg(STABLE),
        name: "order-stable",
        before: { weight: 90, percent: 90 },
        after: { weight: 50, percent: 50, effectivePercent: 100 },
        serving: true,
      },
      {
        targetGroupArn: tg(CANARY),
        name: "order-canary",
        before: { weight: 10, percent: 10 },
        after: { weight: 50, percent: 50, effectivePercent: 0 },
        serving: false,
      },
    ]);
    expect(plan.calls).toEqual([
      {
        operation: "UpdateListener",
        serviceArn: SERVICE,
        listenerArn: LISTENER,
        defaultAction: split(50, 50),
      },
    ]);
    const warning = plan.warnings.find((w) => w.code === "no-healthy-target");
    expect(warning?.requiresConfirmation).toBe(true);
    expect(warning?.message).toContain("order-canary");
    expect(plan.warnings.map((w) => w.code)).toContain("propagation");
  });

  it("treats the default rule's ARN as the listener", () => {
    const result = planChange(
      { kind: "forward", target: DEFAULT_RULE, after: { action: split(80, 20) } },
      ctx,
    );
    expect(result.ok && result.plan.calls[0]?.operation).toBe("UpdateListener");
  });

  it("does not warn when weight moves away from the unhealthy group", () => {
    const result = planChange({ kind: "forward", target: LISTENER, after: { action: split(100, 0) } }, ctx);
    expect(result.ok && result.plan.warnings.map((w) => w.code)).toEqual(["propagation"]);
  });

  it("warns that an action whose every weight is 0 reaches no target", () => {
    const result = planChange({ kind: "forward", target: LISTENER, after: { action: split(0, 0) } }, ctx);
    expect(
      result.ok && result.plan.warnings.find((w) => w.code === "action-fails")?.requiresConfirmation,
    ).toBe(true);
  });

  it("passes on who manages the listener, with what to change instead", () => {
    const owned: PlanContext = {
      ...ctx,
      owners: [
        {
          manager: "cloudformation",
          label: "CloudFormation",
          detail: "stack orders",
          advice: "change the stack's template instead",
          evidence: {},
        },
      ],
    };
    const result = planChange({ kind: "forward", target: LISTENER, after: { action: split(50, 50) } }, owned);
    const warning = result.ok ? result.plan.warnings.find((w) => w.code === "managed-resource") : undefined;
    expect(warning?.message).toContain("stack orders");
    expect(warning?.requiresConfirmation).toBe(true);
  });

  it.each([
    [split(1000, 10), "after.action.forward.targetGroups.0.weight", "between 0 and 999"],
    [split(-1, 10), "after.action.forward.targetGroups.0.weight", "between 0 and 999"],
    [split(50.5, 10), "after.action.forward.targetGroups.0.weight", "whole number"],
    [
      {
        forward: {
          targetGroups: Array.from({ length: 11 }, (_, i) => ({
            targetGroupIdentifier: `tg-0000000000000000${i.toString(36)}`,
            weight: 1,
          })),
        },
      },
      "after.action.forward.targetGroups",
      "at most 10",
    ],
    [{ forward: { targetGroups: [] } }, "after.action.forward.targetGroups", "at least one"],
    [
      {
        forward: {
          targetGroups: [
            { targetGroupIdentifier: STABLE, weight: 1 },
            { targetGroupIdentifier: tg(STABLE), weight: 2 },
          ],
        },
      },
      "after.action.forward.targetGroups.1.targetGroupIdentifier",
      "already in this action",
    ],
    [
      {
        forward: {
          targetGroups: [{ targetGroupIdentifier: STABLE, weight: 1 }, { targetGroupIdentifier: CANARY }],
        },
      },
      "after.action.forward.targetGroups.1.weight",
      "is required",
    ],
    [{ fixedResponse: { statusCode: 99 } }, "after.action.fixedResponse.statusCode", "between 100 and 599"],
  ])("rejects %j with an error on %s", (action, field, message) => {
    const result = planChange({ kind: "forward", target: LISTENER, after: { action } }, ctx);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual({ field, message: expect.stringContaining(message) });
  });

  it("rejects a change that changes nothing", () => {
    const result = planChange({ kind: "forward", target: LISTENER, after: { action: split(90, 10) } }, ctx);
    expect(result).toEqual({
      ok: false,
      unchanged: true,
      errors: [{ field: "after.action", message: "is the same as the current action" }],
    });
  });
});

describe("planChange: rules", () => {
  const match = (path: string) => ({ httpMatch: { pathMatch: { match: { prefix: path } } } });
  const create = (after: Record<string, unknown>) =>
    planChange(
      {
        kind: "create-rule",
        target: LISTENER,
        after: { name: "beta", priority: 20, match: match("/beta"), action: split(0, 1), ...after },
      },
      ctx,
    );

  it("creates a rule with one CreateRule call", () => {
    const result = create({});
    expect(result.ok && result.plan.calls).toEqual([
      {
        operation: "CreateRule",
        serviceArn: SERVICE,
        listenerArn: LISTENER,
        name: "beta",
        priority: 20,
        match: match("/beta"),
        action: split(0, 1),
      },
    ]);
  });

  it("rejects a duplicate priority, a taken name and a path without a leading slash", () => {
    expect(create({ priority: 10 })).toEqual({
      ok: false,
      errors: [{ field: "after.priority", message: "10 is already used by rule api-v2" }],
    });
    expect(create({ name: "api-v2" })).toMatchObject({ ok: false, errors: [{ field: "after.name" }] });
    const noSlash = create({ match: match("beta") });
    expect(noSlash.ok).toBe(false);
    expect(!noSlash.ok && noSlash.errors[0]?.field).toMatch(/^after\.match\.httpMatch\.pathMatch\.match/);
    expect(!noSlash.ok && noSlash.errors.map((e) => e.message).join(" ")).toContain("must start with /");
  });

  it.each([
    [{ priority: 0 }, "after.priority"],
    [{ priority: 101 }, "after.priority"],
    [{ match: { httpMatch: {} } }, "after.match.httpMatch"],
    [
      {
        match: {
          httpMatch: {
            headerMatches: Array.from({ length: 6 }, (_, i) => ({ name: `x-h${i}`, match: { exact: "1" } })),
          },
        },
      },
      "after.match.httpMatch.headerMatches",
    ],
    [{ match: { httpMatch: { method: "GET POST" } } }, "after.match.httpMatch.method"],
    [{ name: "Beta_1" }, "after.name"],
  ])("rejects %j on %s", (after, field) => {
    const result = create(after);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.field)).toContain(field);
  });

  it("swaps two priorities in one BatchUpdateRule, and only when asked to", () => {
    const withBeta: PlanContext = {
      ...ctx,
      listener: {
        ...listener,
        rules: [
          ...listener.rules,
          {
            arn: `${LISTENER}/rule/rule-0beta000000000001`,
            name: "beta",
            isDefault: false,
            priority: 20,
            action: split(1, 0),
          },
        ],
      },
    };
    const refused = planChange({ kind: "rule", target: V2_RULE, after: { priority: 20 } }, withBeta);
    expect(refused).toMatchObject({ ok: false, errors: [{ field: "after.priority" }] });
    const swapped = planChange(
      { kind: "rule", target: V2_RULE, after: { priority: 20, swapPriority: true } },
      withBeta,
    );
    expect(swapped.ok && swapped.plan.calls).toEqual([
      {
        operation: "BatchUpdateRule",
        serviceArn: SERVICE,
        listenerArn: LISTENER,
        rules: [
          { ruleIdentifier: V2_RULE, priority: 20 },
          { ruleIdentifier: `${LISTENER}/rule/rule-0beta000000000001`, priority: 10 },
        ],
      },
    ]);
  });

  it("edits the default rule only through its listener, and never deletes it", () => {
    expect(planChange({ kind: "rule", target: DEFAULT_RULE, after: { priority: 5 } }, ctx)).toMatchObject({
      ok: false,
      errors: [{ field: "target" }],
    });
    expect(planChange({ kind: "delete-rule", target: DEFAULT_RULE }, ctx)).toMatchObject({
      ok: false,
      errors: [{ field: "target" }],
    });
  });

  it("deletes a rule after a warning about where its requests go", () => {
    const result = planChange({ kind: "delete-rule", target: V2_RULE }, ctx);
    expect(result.ok && result.plan.calls).toEqual([
      { operation: "DeleteRule", serviceArn: SERVICE, listenerArn: LISTENER, ruleArn: V2_RULE },
    ]);
    expect(result.ok && result.plan.warnings[0]).toMatchObject({
      code: "rule-deleted",
      requiresConfirmation: true,
    });
  });

  it("rejects an unknown kind and a target that is not of this listener", () => {
    expect(planChange({ kind: "move", target: LISTENER }, ctx)).toMatchObject({
      ok: false,
      errors: [{ field: "kind" }],
    });
    expect(
      planChange({ kind: "delete-rule", target: `${LISTENER}/rule/rule-0nothere000000001` }, ctx),
    ).toMatchObject({ ok: false, errors: [{ field: "target" }] });
  });
});

describe("awsCliCommand", () => {
  it("writes the update-listener command with the JSON quoted for a POSIX shell", () => {
    const command = awsCliCommand({
      operation: "UpdateListener",
      serviceArn: SERVICE,
      listenerArn: LISTENER,
      defaultAction: split(50, 50),
    });
    expect(command).toBe(
      `aws vpc-lattice update-listener --region us-east-1 --service-identifier ${SERVICE} --listener-identifier ${LISTENER} --default-action '${JSON.stringify(split(50, 50))}'`,
    );
  });

  it("quotes single quotes inside values", () => {
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
  });
});
