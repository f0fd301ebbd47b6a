import { describe, expect, it } from "vitest";
import { actionMatches, checkAuthPolicyActions, suggestDataPlaneAction } from "./auth-policy-actions";

const policy = (...statements: Record<string, unknown>[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });

describe("actionMatches", () => {
  it("matches IAM-style: case-insensitive with * and ? wildcards", () => {
    expect(actionMatches("vpc-lattice-svcs:invoke", "vpc-lattice-svcs:Invoke")).toBe(true);
    expect(actionMatches("vpc-lattice-svcs:*", "vpc-lattice-svcs:Connect")).toBe(true);
    expect(actionMatches("*", "vpc-lattice-svcs:Invoke")).toBe(true);
    expect(actionMatches("vpc-lattice-svcs:Inv?ke", "vpc-lattice-svcs:Invoke")).toBe(true);
    expect(actionMatches("vpc-lattice:*", "vpc-lattice-svcs:Invoke")).toBe(false);
    expect(actionMatches("vpc-lattice*", "vpc-lattice-svcs:Invoke")).toBe(true);
    expect(actionMatches("vpc-lattice-svcs.Invoke", "vpc-lattice-svcsXInvoke")).toBe(false);
  });
});

describe("checkAuthPolicyActions", () => {
  it("accepts data-plane actions, as a string, an array or a wildcard", () => {
    const check = checkAuthPolicyActions(
      policy(
        { Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" },
        { Effect: "Allow", Principal: "*", Action: ["vpc-lattice-svcs:Connect"], Resource: "*" },
        { Effect: "Deny", Principal: "*", Action: "vpc-lattice-svcs:*", Resource: "*" },
      ),
    );
    expect(check).toEqual({ valid: true, problems: [] });
  });

  it("flags the management-plane vpc-lattice:Invoke as a statement that applies to nothing", () => {
    const check = checkAuthPolicyActions(
      policy({ Sid: "OrderServiceMayPay", Effect: "Allow", Action: "vpc-lattice:Invoke", Resource: "*" }),
    );
    expect(check).toEqual({
      valid: true,
      problems: [
        {
          statement: 0,
          sid: "OrderServiceMayPay",
          effect: "Allow",
          field: "Action",
          invalid: ["vpc-lattice:Invoke"],
          appliesToNothing: true,
        },
      ],
    });
  });

  it("flags a stray entry next to a valid one without calling the statement dead", () => {
    const check = checkAuthPolicyActions(
      JSON.stringify({
        Statement: { Effect: "Allow", Action: ["vpc-lattice-svcs:Invoke", "vpc-lattice:GetService"] },
      }),
    );
    expect(check.valid && check.problems).toEqual([
      {
        statement: 0,
        effect: "Allow",
        field: "Action",
        invalid: ["vpc-lattice:GetService"],
        appliesToNothing: false,
      },
    ]);
  });

  it("reads NotAction: an exclusion of every data-plane action leaves nothing", () => {
    const dead = checkAuthPolicyActions(policy({ Effect: "Allow", NotAction: "vpc-lattice-svcs:*" }));
    expect(dead.valid && dead.problems[0]).toMatchObject({
      field: "NotAction",
      invalid: [],
      appliesToNothing: true,
    });
    const stray = checkAuthPolicyActions(policy({ Effect: "Allow", NotAction: ["vpc-lattice:Invoke"] }));
    expect(stray.valid && stray.problems[0]).toMatchObject({
      field: "NotAction",
      invalid: ["vpc-lattice:Invoke"],
      appliesToNothing: false,
    });
    expect(checkAuthPolicyActions(policy({ Effect: "Deny", NotAction: "vpc-lattice-svcs:Connect" }))).toEqual(
      {
        valid: true,
        problems: [],
      },
    );
  });

  it("reports invalid JSON and documents without statements", () => {
    const broken = checkAuthPolicyActions('{"Statement": [');
    expect(broken.valid).toBe(false);
    expect(!broken.valid && broken.error).toMatch(/^not valid JSON/);
    expect(checkAuthPolicyActions("{}")).toEqual({ valid: false, error: "has no Statement objects" });
    expect(checkAuthPolicyActions("null")).toEqual({ valid: false, error: "has no Statement objects" });
  });
});

describe("suggestDataPlaneAction", () => {
  it("suggests the data-plane action of the same verb", () => {
    expect(suggestDataPlaneAction("vpc-lattice:Invoke")).toBe("vpc-lattice-svcs:Invoke");
    expect(suggestDataPlaneAction("vpc-lattice:Connect")).toBe("vpc-lattice-svcs:Connect");
  });
});
