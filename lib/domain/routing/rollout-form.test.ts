import { describe, expect, it } from "vitest";
import { checkRolloutForm, preflightGate } from "./rollout-form";
import { summarizeTargetStatuses } from "./weights";

const form = (steps: string, waitSeconds = "300", maxUnhealthy = "0") =>
  checkRolloutForm({ steps, waitSeconds, maxUnhealthy });

describe("checkRolloutForm", () => {
  it("reads steps written with commas, spaces, arrows or percent signs", () => {
    expect(form("10, 25, 50, 100").values).toEqual({
      steps: [10, 25, 50, 100],
      waitSeconds: 300,
      maxUnhealthy: 0,
    });
    expect(form("10 → 50% → 100").values?.steps).toEqual([10, 50, 100]);
  });

  it("says in words what is wrong with the steps, one message", () => {
    expect(form("10, 50, 25").errors.steps).toBe(
      "Each step must be larger than the one before (25 % comes after 50 %)",
    );
    expect(form("10, 50, 50").errors.steps).toMatch(/^Each step must be larger than the one before/);
    expect(form("0, 50").errors.steps).toBe("Each step must be from 1 to 100 % (0 is not)");
    expect(form("10, half").errors.steps).toMatch(/^“half” is not a whole percent/);
    expect(form("").errors.steps).toMatch(/^Enter the canary's share at each step/);
    expect(form("1,2,3,4,5,6,7,8,9,10,11").errors.steps).toBe("At most 10 steps (11 given)");
  });

  it("checks the wait and the unhealthy allowance as whole numbers in range", () => {
    expect(form("10, 100", "5m").errors.waitSeconds).toBe("Use a whole number from 0 to 86,400");
    expect(form("10, 100", "90000").errors.waitSeconds).toBe("Must be from 0 to 86,400");
    expect(form("10, 100", "300", "").errors.maxUnhealthy).toMatch(/^Enter how many unhealthy targets/);
    expect(form("10, 100", "300", "1").errors).toEqual({});
  });

  it("notes a rollout that stops short of 100 %", () => {
    expect(form("10, 50").notes).toEqual([
      "The last step is 50 %: the rollout ends with the canary at 50 %, not 100 %.",
    ]);
    expect(form("10, 100").notes).toEqual([]);
  });
});

describe("preflightGate", () => {
  const oneOfTwoUnhealthy = summarizeTargetStatuses(["HEALTHY", "UNHEALTHY"]);

  it("warns when the canary already fails the gate it will be held to", () => {
    expect(preflightGate(oneOfTwoUnhealthy, 0, 4)).toEqual({
      pass: false,
      reason: "the canary has 1 unhealthy target (at most 0 allowed)",
    });
    expect(preflightGate(summarizeTargetStatuses(["UNHEALTHY"]), 5, 2)?.reason).toBe(
      "the canary has no healthy target (1 registered)",
    );
  });

  it("says nothing when the gate passes, or when a single step never meets it", () => {
    expect(preflightGate(oneOfTwoUnhealthy, 1, 4)).toBeUndefined();
    expect(preflightGate(oneOfTwoUnhealthy, 0, 1)).toBeUndefined();
  });
});
