import { describe, expect, it } from "vitest";
import {
  minifyPolicy,
  planPolicyApply,
  policyTargetOf,
  requiredConfirmations,
  sameAuthState,
  type AuthState,
} from "./apply-plan";
import { lintPolicy } from "./validate";
import { allowInvoke, NETWORK_ARN, PAYMENT_ARN, policyDoc, ROLE } from "./testing";

const service = { kind: "service", arn: PAYMENT_ARN } as const;
const network = { kind: "service-network", arn: NETWORK_ARN } as const;
const open = policyDoc(allowInvoke({ AWS: ROLE.orderTask }));
const pretty = JSON.stringify(open, null, 2);

function operations(scope: typeof service | typeof network, before: AuthState, after: AuthState) {
  const plan = planPolicyApply(scope, before, after);
  if (!plan.ok) throw new Error(plan.message);
  return plan.steps.map((s) => s.operation);
}

describe("planPolicyApply", () => {
  it("writes the policy before switching a service to AWS_IAM", () => {
    expect(
      operations(service, { authType: "NONE", policy: null }, { authType: "AWS_IAM", policy: open }),
    ).toEqual(["PutAuthPolicy", "UpdateService"]);
  });

  it("switches a service network to NONE before deleting its policy", () => {
    expect(
      operations(network, { authType: "AWS_IAM", policy: open }, { authType: "NONE", policy: null }),
    ).toEqual(["UpdateServiceNetwork", "DeleteAuthPolicy"]);
  });

  it("replaces the policy in one write when the auth type stays", () => {
    const plan = planPolicyApply(
      service,
      { authType: "AWS_IAM", policy: policyDoc(allowInvoke("*")) },
      { authType: "AWS_IAM", policy: pretty },
    );
    expect(plan).toEqual({
      ok: true,
      steps: [{ operation: "PutAuthPolicy", resourceArn: PAYMENT_ARN, policy: JSON.stringify(open) }],
    });
    expect(plan.ok && plan.steps[0]?.operation === "PutAuthPolicy" && plan.steps[0].policy).not.toMatch(/\s/);
  });

  it("makes no write for a reformatted or reordered policy", () => {
    const reordered = { Statement: open.Statement, Version: "2012-10-17" };
    expect(
      operations(
        service,
        { authType: "AWS_IAM", policy: pretty },
        { authType: "AWS_IAM", policy: reordered },
      ),
    ).toEqual([]);
    expect(
      sameAuthState({ authType: "AWS_IAM", policy: pretty }, { authType: "AWS_IAM", policy: reordered }),
    ).toBe(true);
    expect(
      sameAuthState({ authType: "AWS_IAM", policy: pretty }, { authType: "NONE", policy: reordered }),
    ).toBe(false);
  });

  it("refuses a policy over 10,000 characters once minified", () => {
    const huge = policyDoc(allowInvoke({ AWS: ROLE.orderTask }, { Sid: "x".repeat(10_001) }));
    expect(minifyPolicy(huge).ok).toBe(false);
    expect(
      planPolicyApply(service, { authType: "AWS_IAM", policy: null }, { authType: "AWS_IAM", policy: huge }),
    ).toMatchObject({ ok: false, message: expect.stringContaining("10000") });
  });
});

describe("policyTargetOf", () => {
  it("reads services and service networks, and nothing else", () => {
    expect(policyTargetOf(PAYMENT_ARN)).toEqual({
      kind: "service",
      arn: PAYMENT_ARN,
      accountId: "333344445555",
      region: "us-east-1",
    });
    expect(policyTargetOf(NETWORK_ARN)?.kind).toBe("service-network");
    expect(policyTargetOf(`${PAYMENT_ARN}/listener/listener-0paymenthttps0001`)).toBeUndefined();
  });
});

describe("requiredConfirmations", () => {
  it("asks to confirm AWS_IAM without a policy and an open Principal '*'", () => {
    const scope = { kind: "service", arn: PAYMENT_ARN, authType: "AWS_IAM" } as const;
    expect(requiredConfirmations(lintPolicy("", scope)).map((c) => c.id)).toEqual([
      "auth-iam-without-policy",
    ]);
    const wide = JSON.stringify(policyDoc(allowInvoke("*")));
    expect(requiredConfirmations(lintPolicy(wide, scope)).map((c) => c.id)).toEqual([
      "principal-wildcard-open",
    ]);
    expect(requiredConfirmations(lintPolicy(JSON.stringify(open), scope))).toEqual([]);
  });
});
