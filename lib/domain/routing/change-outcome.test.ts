import { describe, expect, it } from "vitest";
import { changeOutcome } from "./change-outcome";
import type { ListenerState, PlannedCall, RuleState } from "./change-types";

const S = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
const L = `${S}/listener/listener-0orderhttps000001`;
const A = `${L}/rule/rule-0a000000000000001`;
const B = `${L}/rule/rule-0b000000000000001`;
const split = (stable: number, canary: number) => ({
  forward: {
    targetGroups: [
      { targetGroupIdentifier: "tg-0stable", weight: stable },
      { targetGroupIdentifier: "tg-0canary", weight: canary },
    ],
  },
});
const prefix = (p: string) => ({ httpMatch: { pathMatch: { match: { prefix: p } } } });

const base: ListenerState = {
  arn: L,
  name: "https",
  serviceArn: S,
  serviceName: "order",
  protocol: "HTTPS",
  rules: [
    { arn: `${L}/rule/rule-0default0000000001`, name: "default", isDefault: true, action: split(90, 10) },
    { arn: A, name: "a", isDefault: false, priority: 10, match: prefix("/a"), action: split(100, 0) },
    { arn: B, name: "b", isDefault: false, priority: 20, match: prefix("/b"), action: split(100, 0) },
  ],
};

function withRules(change: (rules: RuleState[]) => RuleState[]): ListenerState {
  return { ...base, rules: change(base.rules.map((r) => ({ ...r }))) };
}

const updateListener: PlannedCall = {
  operation: "UpdateListener",
  serviceArn: S,
  listenerArn: L,
  defaultAction: split(50, 50),
};

describe("changeOutcome", () => {
  it("says applied when the listener shows the write, not applied when it is as planned from, else other", () => {
    const applied = withRules((rules) =>
      rules.map((r) => (r.isDefault ? { ...r, action: split(50, 50) } : r)),
    );
    const elsewhere = withRules((rules) =>
      rules.map((r) => (r.isDefault ? { ...r, action: split(70, 30) } : r)),
    );
    expect(changeOutcome([updateListener], base, applied)).toEqual({ outcome: "applied" });
    expect(changeOutcome([updateListener], base, base)).toEqual({ outcome: "not-applied" });
    expect(changeOutcome([updateListener], base, elsewhere)).toEqual({
      outcome: "other",
      made: 0,
      notMade: 0,
      other: 1,
    });
  });

  it("compares target groups by id, whichever form AWS answers with", () => {
    const asArns = withRules((rules) =>
      rules.map((r) =>
        r.isDefault
          ? {
              ...r,
              action: {
                forward: {
                  targetGroups: [
                    {
                      targetGroupIdentifier:
                        "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0stable",
                      weight: 50,
                    },
                    {
                      targetGroupIdentifier:
                        "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0canary",
                      weight: 50,
                    },
                  ],
                },
              },
            }
          : r,
      ),
    );
    expect(changeOutcome([updateListener], base, asArns)).toEqual({ outcome: "applied" });
  });

  it("reports half of a priority swap as other, not as applied", () => {
    const swap: PlannedCall = {
      operation: "BatchUpdateRule",
      serviceArn: S,
      listenerArn: L,
      rules: [
        { ruleIdentifier: A, priority: 20 },
        { ruleIdentifier: B, priority: 10 },
      ],
    };
    const both = withRules((rules) =>
      rules.map((r) => (r.arn === A ? { ...r, priority: 20 } : r.arn === B ? { ...r, priority: 10 } : r)),
    );
    const half = withRules((rules) => rules.map((r) => (r.arn === A ? { ...r, priority: 20 } : r)));
    expect(changeOutcome([swap], base, both)).toEqual({ outcome: "applied" });
    expect(changeOutcome([swap], base, half)).toEqual({ outcome: "other", made: 1, notMade: 1, other: 0 });
  });

  it("judges a created rule by its name and a deleted one by its absence", () => {
    const create: PlannedCall = {
      operation: "CreateRule",
      serviceArn: S,
      listenerArn: L,
      name: "c",
      priority: 30,
      match: prefix("/c"),
      action: split(100, 0),
    };
    const created = withRules((rules) => [
      ...rules,
      {
        arn: `${L}/rule/rule-0c000000000000001`,
        name: "c",
        isDefault: false,
        priority: 30,
        match: prefix("/c"),
        action: split(100, 0),
      },
    ]);
    expect(changeOutcome([create], base, created)).toEqual({ outcome: "applied" });
    expect(changeOutcome([create], base, base)).toEqual({ outcome: "not-applied" });

    const remove: PlannedCall = { operation: "DeleteRule", serviceArn: S, listenerArn: L, ruleArn: B };
    expect(
      changeOutcome(
        [remove],
        base,
        withRules((rules) => rules.filter((r) => r.arn !== B)),
      ),
    ).toEqual({
      outcome: "applied",
    });
    expect(changeOutcome([remove], base, base)).toEqual({ outcome: "not-applied" });
    const edited = withRules((rules) => rules.map((r) => (r.arn === B ? { ...r, priority: 40 } : r)));
    expect(changeOutcome([remove], base, edited)).toMatchObject({ outcome: "other" });
  });
});
