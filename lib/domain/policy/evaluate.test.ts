import { describe, expect, it } from "vitest";
import { evaluateLattice, evaluatePolicy, invokeRequest, type LatticeLayers } from "./evaluate";
import {
  notPrincipalExcludes,
  principalContext,
  principalMatches,
  requestPrincipal,
  type RequestPrincipal,
} from "./principals";
import {
  allowInvoke,
  denyInvoke,
  NETWORK_ARN,
  NETWORK_POLICY,
  ORDER_ARN,
  ORDER_POLICY,
  ORDERING,
  ORGANIZATION,
  PARTNER,
  PAYMENT_ARN,
  PAYMENT_POLICY,
  PAYMENTS,
  policyDoc,
  ROLE,
  VPC,
} from "./testing";

const aws = (arn: string): RequestPrincipal => requestPrincipal(arn, ORGANIZATION);
const anonymous: RequestPrincipal = { type: "anonymous" };
const session = `arn:aws:sts::${ORDERING}:assumed-role/order-task-role/task-1234`;

const call = (principal: RequestPrincipal, extra: Partial<Parameters<typeof invokeRequest>[0]> = {}) =>
  invokeRequest({
    principal,
    serviceArn: ORDER_ARN,
    method: "GET",
    path: "/api/v2/orders",
    sourceVpc: VPC.order,
    ...extra,
  });

describe("principal matching", () => {
  it('"*" and {"AWS": "*"} match anyone, anonymous callers included', () => {
    for (const element of ["*", { AWS: ["*"] }] as const) {
      expect(principalMatches(element, anonymous)).toBe(true);
      expect(principalMatches(element, aws(ROLE.orderTask))).toBe(true);
    }
    expect(principalMatches({ AWS: [ORDERING] }, anonymous)).toBe(false);
  });

  it("an account (ID or root ARN) matches every identity in it; roles and users match exactly", () => {
    expect(principalMatches({ AWS: [ORDERING] }, aws(ROLE.orderTask))).toBe(true);
    expect(principalMatches({ AWS: [`arn:aws:iam::${ORDERING}:root`] }, aws(session))).toBe(true);
    expect(principalMatches({ AWS: [`arn:aws:iam::${PAYMENTS}:root`] }, aws(ROLE.orderTask))).toBe(false);
    expect(principalMatches({ AWS: [ROLE.orderTask] }, aws(ROLE.orderTask))).toBe(true);
    expect(principalMatches({ AWS: [ROLE.orderTask] }, aws(ROLE.inventoryPod))).toBe(false);
    expect(principalMatches({ AWS: [ROLE.orderTask] }, aws(`arn:aws:iam::${ORDERING}:root`))).toBe(false);
    expect(principalMatches({ AWS: [ROLE.partnerAdmin] }, aws(ROLE.partnerAdmin))).toBe(true);
  });

  it("an assumed-role session matches its role (path or not), and a session ARN matches only that session", () => {
    expect(principalMatches({ AWS: [ROLE.orderTask] }, aws(session))).toBe(true);
    expect(
      principalMatches({ AWS: [`arn:aws:iam::${ORDERING}:role/ecs/order-task-role`] }, aws(session)),
    ).toBe(true);
    expect(principalMatches({ AWS: [session] }, aws(session))).toBe(true);
    expect(principalMatches({ AWS: [session] }, aws(ROLE.orderTask))).toBe(false);
    expect(principalMatches({ Service: ["lambda.amazonaws.com"] }, aws(ROLE.orderTask))).toBe(false);
  });

  it("NotPrincipal excludes an identity only when its account is listed too", () => {
    expect(notPrincipalExcludes({ AWS: [ROLE.orderTask] }, aws(session))).toBe(false);
    expect(notPrincipalExcludes({ AWS: [ROLE.orderTask, ORDERING] }, aws(session))).toBe(true);
    expect(notPrincipalExcludes({ AWS: [ORDERING] }, aws(`arn:aws:iam::${ORDERING}:root`))).toBe(true);
    expect(notPrincipalExcludes({ AWS: [ORDERING] }, anonymous)).toBe(false);
  });

  it("fills the aws:Principal* keys", () => {
    expect(principalContext(aws(session))).toEqual({
      "aws:PrincipalArn": ROLE.orderTask,
      "aws:PrincipalAccount": ORDERING,
      "aws:PrincipalType": "AssumedRole",
      "aws:PrincipalOrgID": ORGANIZATION.id,
    });
    expect(principalContext(anonymous)).toEqual({ "aws:PrincipalType": "Anonymous" });
    expect(principalContext(aws(PARTNER))).toMatchObject({ "aws:PrincipalType": "Account" });
    expect(principalContext(aws(PARTNER))).not.toHaveProperty("aws:PrincipalOrgID");
    expect(principalContext({ type: "aws", arn: ROLE.partnerAdmin, tags: { Team: "audit" } })).toMatchObject({
      "aws:username": "partner-admin",
      "aws:PrincipalTag/Team": "audit",
    });
  });
});

describe("invokeRequest", () => {
  it("builds the resource from the service ARN and path, and the Lattice condition keys", () => {
    const request = invokeRequest({
      principal: aws(ROLE.orderTask),
      serviceArn: PAYMENT_ARN,
      method: "post",
      path: "refunds?id=1",
      sourceVpc: VPC.order,
      sourceVpcOwnerAccount: ORDERING,
      serviceNetworkArn: NETWORK_ARN,
      port: 443,
      headers: { "X-Canary": "true" },
      query: { id: "1" },
    });
    expect(request.resource).toBe(`${PAYMENT_ARN}/refunds`);
    expect(request.context).toMatchObject({
      "vpc-lattice-svcs:RequestMethod": "POST",
      "vpc-lattice-svcs:RequestPath": "/refunds",
      "vpc-lattice-svcs:Port": "443",
      "vpc-lattice-svcs:ServiceArn": PAYMENT_ARN,
      "vpc-lattice-svcs:ServiceNetworkArn": NETWORK_ARN,
      "vpc-lattice-svcs:SourceVpcOwnerAccount": ORDERING,
      "vpc-lattice-svcs:RequestHeader/x-canary": "true",
      "vpc-lattice-svcs:RequestQueryString/id": "1",
    });
    const connect = invokeRequest({
      principal: anonymous,
      serviceArn: PAYMENT_ARN,
      action: "vpc-lattice-svcs:Connect",
    });
    expect(connect.resource).toBe(PAYMENT_ARN);
    expect(connect.context).not.toHaveProperty("vpc-lattice-svcs:RequestPath");
  });
});

describe("evaluatePolicy", () => {
  it("allows with the first matching Allow, and an explicit Deny wins", () => {
    const doc = policyDoc(
      { Sid: "Readers", ...allowInvoke({ AWS: ORDERING }) },
      { Sid: "NoAdmin", ...denyInvoke("*", { Resource: `${ORDER_ARN}/admin/*` }) },
    );
    expect(evaluatePolicy(doc, call(aws(ROLE.orderTask)))).toEqual({
      decision: "allow",
      statement: { index: 0, sid: "Readers" },
      allowedBy: [{ index: 0, sid: "Readers" }],
      deniedBy: [],
    });
    expect(evaluatePolicy(doc, call(aws(ROLE.orderTask), { path: "/admin/users" }))).toMatchObject({
      decision: "deny",
      statement: { index: 1, sid: "NoAdmin" },
    });
    expect(evaluatePolicy(doc, call(aws(ROLE.partnerAdmin)))).toMatchObject({ decision: "implicit-deny" });
  });

  it("reads JSON text, and matches Resource with wildcards across the ARN", () => {
    const text = JSON.stringify(policyDoc(allowInvoke("*", { Resource: "*/api/*" })));
    expect(evaluatePolicy(text, call(anonymous)).decision).toBe("allow");
    expect(evaluatePolicy(text, call(anonymous, { path: "/health" })).decision).toBe("implicit-deny");
    expect(evaluatePolicy("{not json", call(anonymous)).decision).toBe("implicit-deny");
  });

  it("NotAction, NotResource and NotPrincipal statements", () => {
    const notAction = policyDoc(
      allowInvoke("*", { Action: undefined, NotAction: "vpc-lattice-svcs:Connect" }),
    );
    expect(evaluatePolicy(notAction, call(anonymous)).decision).toBe("allow");
    const notResource = policyDoc(
      allowInvoke("*", { Resource: undefined, NotResource: `${ORDER_ARN}/api/*` }),
    );
    expect(evaluatePolicy(notResource, call(anonymous)).decision).toBe("implicit-deny");
    const notPrincipal = policyDoc(
      allowInvoke("*"),
      denyInvoke(undefined, { Principal: undefined, NotPrincipal: { AWS: [ORDERING] } }),
    );
    expect(evaluatePolicy(notPrincipal, call(aws(`arn:aws:iam::${ORDERING}:root`))).decision).toBe("allow");
    expect(evaluatePolicy(notPrincipal, call(aws(ROLE.partnerAdmin))).decision).toBe("deny");
    expect(evaluatePolicy(notPrincipal, call(anonymous)).decision).toBe("deny");
  });

  it("a statement without Principal, Action or Resource applies to nothing", () => {
    const doc = policyDoc(
      { Effect: "Allow", Action: "*", Resource: "*" },
      { Effect: "Allow", Principal: "*", Resource: "*" },
    );
    expect(evaluatePolicy(doc, call(anonymous)).decision).toBe("implicit-deny");
  });

  it("the seeds' vpc-lattice:Invoke allows nothing", () => {
    const request = invokeRequest({ principal: aws(ROLE.orderTask), serviceArn: PAYMENT_ARN, path: "/" });
    expect(evaluatePolicy(PAYMENT_POLICY, request).decision).toBe("implicit-deny");
  });

  it("conditions on Lattice keys: the demo order policy", () => {
    expect(evaluatePolicy(ORDER_POLICY, call(aws(ROLE.inventoryPod))).statement?.sid).toBe(
      "OrderingWorkloadsReadOrders",
    );
    expect(evaluatePolicy(ORDER_POLICY, call(aws(ROLE.inventoryPod), { method: "POST" })).decision).toBe(
      "implicit-deny",
    );
    const callback = call(aws(`arn:aws:iam::${PAYMENTS}:role/refunds`), {
      method: "POST",
      path: "/callbacks/refund",
    });
    expect(evaluatePolicy(ORDER_POLICY, callback).statement?.sid).toBe("PaymentsCallbacks");
  });
});

describe("evaluateLattice", () => {
  const iam = (policy: unknown): LatticeLayers["service"] => ({
    authType: "AWS_IAM",
    policy: policy as Record<string, unknown>,
  });
  const request = call(aws(ROLE.inventoryPod), { serviceNetworkArn: NETWORK_ARN });

  it("both enforced layers must allow", () => {
    const result = evaluateLattice({ network: iam(NETWORK_POLICY), service: iam(ORDER_POLICY) }, request);
    expect(result.decision).toBe("allow");
    expect(result.decidedBy).toBeUndefined();
    expect(result.layers.map((l) => [l.layer, l.decision, l.statement?.index])).toEqual([
      ["network", "allow", 0],
      ["service", "allow", 0],
    ]);
    const outsider = call(aws(ROLE.partnerAdmin));
    expect(
      evaluateLattice({ network: iam(NETWORK_POLICY), service: iam(policyDoc(allowInvoke("*"))) }, outsider),
    ).toMatchObject({
      decision: "implicit-deny",
      decidedBy: "network",
    });
  });

  it("a layer with auth type NONE is not enforced, whatever its policy", () => {
    const result = evaluateLattice(
      { network: { authType: "NONE", policy: policyDoc(denyInvoke("*")) }, service: { authType: "NONE" } },
      call(anonymous),
    );
    expect(result.decision).toBe("allow");
    expect(result.layers.map((l) => l.decision)).toEqual(["not-enforced", "not-enforced"]);
  });

  it("AWS_IAM with no policy denies; an explicit deny in either layer wins", () => {
    const noPolicy = evaluateLattice({ service: { authType: "AWS_IAM", policy: null } }, request);
    expect(noPolicy).toMatchObject({ decision: "implicit-deny", decidedBy: "service" });
    expect(noPolicy.layers[0]?.reason).toMatch(/no auth policy/);
    const masked = evaluateLattice(
      {
        network: iam(policyDoc(allowInvoke("*"), denyInvoke({ AWS: ORDERING }))),
        service: iam(policyDoc(allowInvoke("*"))),
      },
      request,
    );
    expect(masked).toMatchObject({ decision: "deny", decidedBy: "network" });
    expect(masked.layers[0]?.reason).toBe("explicitly denied by statement 1");
    const invalid = evaluateLattice({ service: { authType: "AWS_IAM", policy: "[]" } }, request);
    expect(invalid.layers[0]?.reason).toMatch(/not a JSON object/);
  });
});
