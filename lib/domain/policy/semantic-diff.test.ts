import { describe, expect, it } from "vitest";
import { policiesFromTopology } from "./connectivity";
import { requestMatrix } from "./matrix";
import { semanticDiff } from "./semantic-diff";
import {
  allowInvoke,
  demoTopology,
  denyInvoke,
  NETWORK_ARN,
  ORGANIZATION,
  PAYMENT_ARN,
  ROLE,
  VPC,
} from "./testing";
import { FIXED, fixedPayment, iam, NONE } from "./testing-diff";

describe("semanticDiff: rows", () => {
  const topology = demoTopology();
  const estate = policiesFromTopology(topology);
  const scope = { kind: "service", arn: PAYMENT_ARN } as const;

  it("names the deciding statement: after the change for gains, before it for losses", () => {
    const before = iam(fixedPayment(), { Sid: "Inventory", ...allowInvoke({ AWS: ROLE.inventoryPod }) });
    const after = iam(fixedPayment({ Principal: { AWS: [ROLE.orderTask, ROLE.partnerAudit] } }));
    const matrix = requestMatrix(topology, scope, {
      organization: ORGANIZATION,
      policies: [before.policy, after.policy],
    });
    const diff = semanticDiff(before, after, matrix, estate);
    const gain = diff.gains.find((r) => r.sourceVpc === VPC.order);
    expect(gain).toMatchObject({
      principal: ROLE.partnerAudit,
      principalSources: ["policy"],
      service: { arn: PAYMENT_ARN, name: "payment" },
      method: "*",
      path: "*",
      sourceVpcLabel: `order-vpc (${VPC.order})`,
      networkArn: NETWORK_ARN,
      reachable: true,
      decidingStatement: { layer: "service", index: 0, sid: "OrderServiceMayPay" },
      before: { layer: "service", decision: "implicit-deny" },
      after: { layer: "service", decision: "allow" },
    });
    expect(gain?.requests).toEqual([
      { method: "GET", path: "/" },
      { method: "POST", path: "/refunds" },
      { method: "POST", path: "/refunds/…" },
    ]);
    const loss = diff.losses.find((r) => r.sourceVpc === VPC.partner);
    expect(loss).toMatchObject({
      principal: ROLE.inventoryPod,
      reachable: false,
      sourceVpcLabel: "partner-vpc (not connected)",
      decidingStatement: { layer: "service", index: 1, sid: "Inventory" },
    });
    expect(diff.evaluated).toBe(matrix.requests.length);
  });

  it("a loss to a new Deny shows the Deny in the after trace", () => {
    const diff = semanticDiff(
      FIXED,
      iam(fixedPayment(), { Sid: "NoRefunds", ...denyInvoke("*", { Resource: `${PAYMENT_ARN}/refunds*` }) }),
      requestMatrix(topology, scope, { organization: ORGANIZATION }),
      estate,
    );
    const row = diff.losses.find((r) => r.path === "/refunds" && r.sourceVpc === VPC.order);
    expect(row).toMatchObject({
      method: "POST",
      decidingStatement: { layer: "service", index: 0, sid: "OrderServiceMayPay" },
      after: { decision: "deny", statement: { index: 1, sid: "NoRefunds" } },
    });
  });

  it("a switch to NONE is decided by the auth type, not a statement", () => {
    const diff = semanticDiff(
      FIXED,
      NONE,
      requestMatrix(topology, scope, { organization: ORGANIZATION }),
      estate,
    );
    expect(diff.gains[0]?.decidingStatement).toEqual({ layer: "service", reason: "not-enforced" });
  });

  it("rows that change only some routes are not collapsed", () => {
    const diff = semanticDiff(
      FIXED,
      iam(fixedPayment({ Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "GET" } } })),
      requestMatrix(topology, scope, { organization: ORGANIZATION }),
      estate,
    );
    expect(diff.losses.filter((r) => r.sourceVpc === VPC.order).map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /refunds",
      "POST /refunds/…",
    ]);
  });
});
