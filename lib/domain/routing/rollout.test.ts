import { describe, expect, it } from "vitest";
import { healthGate, rolloutRequestSchema, stepAction } from "./rollout";
import { sameAction } from "./rule-schemas";
import { summarizeTargetStatuses } from "./weights";

const action = (...weights: number[]) => ({
  forward: {
    targetGroups: weights.map((weight, i) => ({ targetGroupIdentifier: `tg-0000000000000000${i}`, weight })),
  },
});
const weights = (a: ReturnType<typeof stepAction>) =>
  "forward" in a ? a.forward.targetGroups.map((g) => g.weight) : [];

describe("stepAction", () => {
  it("gives the canary its percent and the stable group the rest", () => {
    expect(weights(stepAction(action(90, 10), "tg-00000000000000001", 25))).toEqual([75, 25]);
    expect(weights(stepAction(action(90, 10), "tg-00000000000000001", 100))).toEqual([0, 100]);
  });

  it("shares the rest between several other groups by their starting weights, summing to 100", () => {
    expect(weights(stepAction(action(60, 30, 10), "tg-00000000000000002", 50))).toEqual([33, 17, 50]);
    expect(
      weights(stepAction(action(1, 1, 1, 0), "tg-00000000000000003", 10)).reduce((a, w) => a! + w!, 0),
    ).toBe(100);
  });

  it("finds the canary by ARN as well as by id", () => {
    const arn = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-00000000000000001";
    expect(weights(stepAction(action(90, 10), arn, 50))).toEqual([50, 50]);
  });
});

describe("sameAction", () => {
  it("treats an id and its ARN as the same group", () => {
    const byArn = {
      forward: {
        targetGroups: [
          {
            targetGroupIdentifier: "arn:aws:vpc-lattice:us-east-1:1:targetgroup/tg-00000000000000000",
            weight: 5,
          },
        ],
      },
    };
    expect(sameAction(action(5), byArn)).toBe(true);
    expect(sameAction(action(6), byArn)).toBe(false);
  });
});

describe("healthGate", () => {
  it("passes with no unhealthy target and stops on one more than allowed, or on no healthy target", () => {
    expect(healthGate(summarizeTargetStatuses(["HEALTHY", "HEALTHY"]), 0).pass).toBe(true);
    expect(healthGate(summarizeTargetStatuses(["HEALTHY", "UNHEALTHY"]), 0)).toEqual({
      pass: false,
      reason: "the canary has 1 unhealthy target (at most 0 allowed)",
    });
    expect(healthGate(summarizeTargetStatuses(["HEALTHY", "UNHEALTHY"]), 1).pass).toBe(true);
    expect(healthGate(summarizeTargetStatuses(["INITIAL"]), 5).pass).toBe(false);
    expect(healthGate(undefined, 0).pass).toBe(false);
  });
});

describe("rolloutRequestSchema", () => {
  it("wants steps that go up, within 1–100", () => {
    const base = {
      target:
        "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001/listener/listener-0orderhttps000001",
      canary: "tg-0ordercanary00001",
    };
    expect(rolloutRequestSchema.safeParse({ ...base, steps: [10, 25, 50, 100] }).success).toBe(true);
    expect(rolloutRequestSchema.safeParse({ ...base, steps: [50, 25] }).success).toBe(false);
    expect(rolloutRequestSchema.safeParse({ ...base, steps: [0, 101] }).success).toBe(false);
  });
});
