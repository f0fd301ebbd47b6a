import { describe, expect, it } from "vitest";
import { evaluateLattice, toPolicy, type LayerPolicy } from "../evaluate";
import { policyTemplates } from "../templates";
import {
  allowInvoke,
  demoTopology,
  denyInvoke,
  NETWORK_ARN,
  NETWORK_POLICY,
  ORDER_ARN,
  ORDERING,
  ORGANIZATION,
  PAYMENT_ARN,
  VPC,
} from "../testing";
import { FIXED, fixedPayment, iam, NONE } from "../testing-diff";
import { exampleRequest } from "./classify";
import { reviewAccess, type ReviewLayer } from "./review";
import { reviewInputFromTopology } from "./review-input";

const APP = `arn:aws:iam::${ORDERING}:role/App`;

function review(scopeArn: string, before: ReviewLayer, after: ReviewLayer) {
  const kind = scopeArn === NETWORK_ARN ? "service-network" : "service";
  return reviewAccess(
    reviewInputFromTopology(demoTopology(), { kind, arn: scopeArn }, { before, after }, ORGANIZATION),
  );
}

const lines = (rows: ReturnType<typeof review>["losses"]) =>
  rows.map((r) => `${r.principal.label} | ${r.service.name} | ${r.request.description}`);

describe("reviewAccess: the cases that a sampled review got wrong", () => {
  it("adding a RequestMethod = GET condition loses every other method (the API case)", () => {
    const result = review(
      PAYMENT_ARN,
      iam(allowInvoke({ AWS: APP })),
      iam(
        allowInvoke(
          { AWS: APP },
          { Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "GET" } } },
        ),
      ),
    );
    expect(result.undecided).toEqual([]);
    expect(result.gains).toEqual([]);
    expect(lines(result.losses)).toEqual([
      "role App in ordering (222233334444) | payment | from any VPC associated with retail-network; any method but GET (POST, PUT, DELETE, PATCH, …)",
      "role App in ordering (222233334444) | payment | from any VPC not associated with retail-network; any method but GET (POST, PUT, DELETE, PATCH, …)",
    ]);
    const [today] = result.losses;
    expect(today).toMatchObject({
      reachable: true,
      principal: { id: APP },
      example: { principal: APP, method: "POST", path: "/", sourceVpc: VPC.order, port: 443 },
      before: { layer: "service", decision: "allow", statement: { index: 0 } },
      after: { layer: "service", decision: "implicit-deny", reason: "no statement allows this request" },
    });
  });

  it('the demo journey: "*" on order, then the read-only GET template, loses POST, PUT, DELETE … for the organisation', () => {
    const topology = demoTopology();
    const template = policyTemplates(topology, { kind: "service", arn: ORDER_ARN }).find(
      (t) => t.id === "read-only",
    );
    const result = review(ORDER_ARN, iam(allowInvoke("*")), {
      authType: "AWS_IAM",
      policy: template?.policy ?? null,
    });
    expect(result.gains).toEqual([]);
    expect(lines(result.losses.filter((r) => r.reachable))).toEqual([
      "any identity in network-hub (111122223333) | order | from any VPC associated with retail-network; any method but GET (POST, PUT, DELETE, PATCH, …)",
      "any identity in ordering (222233334444) | order | from any VPC associated with retail-network; any method but GET (POST, PUT, DELETE, PATCH, …)",
      "any identity in payments (333344445555) | order | from any VPC associated with retail-network; any method but GET (POST, PUT, DELETE, PATCH, …)",
    ]);
    expect(result.losses[0]?.after).toMatchObject({ decision: "implicit-deny" });
  });

  it("paths under a prefix, in words, with an example inside the class", () => {
    const result = review(
      PAYMENT_ARN,
      FIXED,
      iam(fixedPayment(), denyInvoke("*", { Sid: "NoAdmin", Resource: `${PAYMENT_ARN}/admin/*` })),
    );
    expect(lines(result.losses.filter((r) => r.reachable))).toEqual([
      "role order-task-role in ordering (222233334444) | payment | from any VPC associated with retail-network; paths under /admin/",
    ]);
    expect(result.losses[0]).toMatchObject({
      example: { path: "/admin/x" },
      before: { decision: "allow", statement: { index: 0, sid: "OrderServiceMayPay" } },
      after: {
        decision: "deny",
        statement: { index: 1, sid: "NoAdmin" },
        reason: "explicitly denied by statement 1 (NoAdmin)",
      },
    });
  });

  it("a VPC condition: from any VPC but the one named, and from any VPC not associated", () => {
    const result = review(
      PAYMENT_ARN,
      FIXED,
      iam(fixedPayment({ Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": VPC.order } } })),
    );
    expect(result.losses.map((r) => r.request.description)).toEqual([
      "from any source VPC but order-vpc (vpc-02222000000000001)",
      "from any VPC not associated with retail-network",
    ]);
  });

  it("a switch to NONE is decided by the auth type; deleting the policy by its absence", () => {
    const opened = review(PAYMENT_ARN, FIXED, NONE);
    expect(opened.gains[0]?.after).toMatchObject({ decision: "not-enforced" });
    const closed = review(PAYMENT_ARN, FIXED, { authType: "AWS_IAM", policy: null });
    expect(closed.losses[0]?.after.reason).toBe("auth type AWS_IAM with no auth policy denies every request");
  });

  it("says what it cannot decide instead of reporting no change", () => {
    const result = review(
      PAYMENT_ARN,
      FIXED,
      iam(fixedPayment({ Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/admin-*" } } })),
    );
    expect(result.undecided.map((u) => u.construct)).toEqual(["ArnLike on aws:PrincipalArn"]);
    const variable = review(
      PAYMENT_ARN,
      FIXED,
      iam(fixedPayment({ Resource: `${PAYMENT_ARN}/\${aws:username}/*` })),
    );
    expect(variable.undecided.map((u) => u.construct)).toEqual(["policy variable in Resource"]);
  });

  it("every example really changes, through both layers", () => {
    const network: LayerPolicy = { authType: "AWS_IAM", policy: toPolicy(NETWORK_POLICY) ?? null };
    const before = iam(allowInvoke("*"));
    const after = iam(
      allowInvoke("*", { Condition: { StringLike: { "vpc-lattice-svcs:RequestPath": "/refunds*" } } }),
    );
    const result = review(PAYMENT_ARN, before, after);
    expect(result.losses.length).toBeGreaterThan(0);
    for (const row of result.losses) {
      const request = exampleRequest(row.example, ORGANIZATION);
      const decide = (state: ReviewLayer) =>
        evaluateLattice(
          { network, service: { authType: state.authType, policy: toPolicy(state.policy ?? "") ?? null } },
          request,
        ).decision;
      expect([decide(before), decide(after)]).toEqual(["allow", "implicit-deny"]);
    }
  });

  it("stops when its budget says so", () => {
    let calls = 0;
    const budget = {
      check() {
        if (++calls > 3) throw new Error("review took too long");
      },
    };
    const input = reviewInputFromTopology(
      demoTopology(),
      { kind: "service-network", arn: NETWORK_ARN },
      { before: iam(allowInvoke("*")), after: NONE },
      ORGANIZATION,
    );
    expect(() => reviewAccess(input, budget)).toThrow("review took too long");
  });
});
