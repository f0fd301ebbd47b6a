import { describe, expect, it } from "vitest";
import { compensationFor, describeBatchOutcome } from "./change-compensation";
import type { ListenerState, PlannedCall } from "./change-types";

const S = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
const L = `${S}/listener/listener-0orderhttps000001`;
const A = `${L}/rule/rule-0a000000000000001`;
const B = `${L}/rule/rule-0b000000000000001`;
const C = `${L}/rule/rule-0c000000000000001`;
const fwd = (tg: string) => ({ forward: { targetGroups: [{ targetGroupIdentifier: tg, weight: 1 }] } });
const prefix = (p: string) => ({ httpMatch: { pathMatch: { match: { prefix: p } } } });

const before: ListenerState = {
  arn: L,
  name: "https",
  serviceArn: S,
  serviceName: "order",
  protocol: "HTTPS",
  rules: [
    { arn: `${L}/rule/rule-0default0000000001`, name: "default", isDefault: true, action: fwd("tg-0d") },
    { arn: A, name: "a", isDefault: false, priority: 10, match: prefix("/a"), action: fwd("tg-0a") },
    { arn: B, name: "b", isDefault: false, priority: 20, match: prefix("/b"), action: fwd("tg-0b") },
    { arn: C, name: "c", isDefault: false, priority: 30, match: prefix("/c"), action: fwd("tg-0c") },
  ],
};

/** Rule a takes priority 20 with a new match and action; rule b takes a's 10. */
const swap: Extract<PlannedCall, { operation: "BatchUpdateRule" }> = {
  operation: "BatchUpdateRule",
  serviceArn: S,
  listenerArn: L,
  rules: [
    { ruleIdentifier: A, priority: 20, match: prefix("/new"), action: fwd("tg-0new") },
    { ruleIdentifier: B, priority: 10 },
  ],
};

describe("compensationFor", () => {
  it("puts back every field the batch set on the rule AWS updated, and only those", () => {
    const result = compensationFor(
      swap,
      { successful: [A], unsuccessful: [{ ruleIdentifier: B, failureCode: "ResourceNotFoundException" }] },
      before,
    );
    expect(result).toEqual({
      call: {
        operation: "UpdateRule",
        serviceArn: S,
        listenerArn: L,
        ruleArn: A,
        priority: 10,
        match: prefix("/a"),
        action: fwd("tg-0a"),
      },
      unrestorable: [],
      restores: [A],
    });
  });

  it("restores only the priority of a rule whose entry only moved it", () => {
    const result = compensationFor(swap, { successful: [B], unsuccessful: [{ ruleIdentifier: A }] }, before);
    expect(result.call).toEqual({
      operation: "UpdateRule",
      serviceArn: S,
      listenerArn: L,
      ruleArn: B,
      priority: 20,
    });
  });

  it("recognises rules AWS reports by id, as well as by ARN", () => {
    const result = compensationFor(
      swap,
      { successful: ["rule-0a000000000000001"], unsuccessful: [{ ruleIdentifier: B }] },
      before,
    );
    expect(result.restores).toEqual([A]);
  });

  it("undoes several applied entries in one BatchUpdateRule", () => {
    const three = { ...swap, rules: [...swap.rules, { ruleIdentifier: C, priority: 40 }] };
    const result = compensationFor(
      three,
      { successful: [A, C], unsuccessful: [{ ruleIdentifier: B }] },
      before,
    );
    expect(result.call).toEqual({
      operation: "BatchUpdateRule",
      serviceArn: S,
      listenerArn: L,
      rules: [
        { ruleIdentifier: A, priority: 10, match: prefix("/a"), action: fwd("tg-0a") },
        { ruleIdentifier: C, priority: 30 },
      ],
    });
  });

  it("makes no call when AWS applied nothing", () => {
    const result = compensationFor(
      swap,
      { successful: [], unsuccessful: [{ ruleIdentifier: A }, { ruleIdentifier: B }] },
      before,
    );
    expect(result).toEqual({ call: undefined, unrestorable: [], restores: [] });
  });

  it("reports a rule it has no earlier state of as one it cannot put back", () => {
    const unknown = `${L}/rule/rule-0z000000000000001`;
    const odd = { ...swap, rules: [{ ruleIdentifier: unknown, priority: 50 }, swap.rules[1]!] };
    const result = compensationFor(odd, { successful: [unknown, B], unsuccessful: [] }, before);
    expect(result.unrestorable).toEqual([unknown]);
    expect(result.call).toMatchObject({ operation: "UpdateRule", ruleArn: B, priority: 20 });
  });
});

describe("describeBatchOutcome", () => {
  it("names the rules updated and refused, with AWS's reasons", () => {
    expect(
      describeBatchOutcome(
        {
          successful: [A],
          unsuccessful: [{ ruleIdentifier: B, failureCode: "ConflictException", failureMessage: "taken" }],
        },
        before,
      ),
    ).toBe(
      "BatchUpdateRule was applied only in part: AWS updated a and refused b (ConflictException: taken)",
    );
  });
});
