import { describe, expect, it } from "vitest";
import { computeFindings, countBySeverity, filterFindings, type Finding } from "./findings";
import type { IncompleteMark } from "./incomplete";
import { buildTopology, type TopologyRelationInput, type TopologyResourceInput } from "./topology";

const HUB = "111122223333";
const ORD = "222233334444";
const PAY = "333344445555";
const PTN = "444455556666";
const arn = (account: string, resource: string, region = "us-east-1") =>
  `arn:aws:vpc-lattice:${region}:${account}:${resource}`;

function res(
  id: string,
  kind: TopologyResourceInput["kind"],
  name: string,
  data: Record<string, unknown> = {},
  parentId?: string,
): TopologyResourceInput {
  const accountId = id.startsWith("account:") ? id.slice(8) : (id.split(":")[4] ?? HUB);
  const region = id.startsWith("account:") ? "global" : (id.split(":")[3] ?? "us-east-1");
  return { id, kind, accountId, region, name, ...(parentId ? { parentId } : {}), data };
}

function rel(
  kind: TopologyRelationInput["kind"],
  source: string,
  target: string,
  data?: Record<string, unknown>,
): TopologyRelationInput {
  return { id: `${kind}|${source}|${target}`, kind, source, target, ...(data ? { data } : {}) };
}

const allowInvoke = (action = "vpc-lattice-svcs:Invoke") => ({
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "OrderServiceMayPay", Effect: "Allow", Principal: "*", Action: action, Resource: "*" },
    ],
  }),
  state: "Active",
});

function targetGroup(
  account: string,
  id: string,
  name: string,
  statuses: string[],
  data: Record<string, unknown> = {},
) {
  const tgArn = arn(account, `targetgroup/${id}`);
  return [
    res(tgArn, "target-group", name, {
      type: "IP",
      config: { healthCheck: { enabled: true } },
      serviceArns: [],
      health: { total: statuses.length },
      ...data,
    }),
    ...statuses.map((status, i) =>
      res(`${tgArn}/target/10.0.0.${i}:8080`, "target", `10.0.0.${i}`, { id: `10.0.0.${i}`, status }, tgArn),
    ),
  ];
}

function service(
  account: string,
  id: string,
  name: string,
  data: Record<string, unknown>,
  tgs: [string, number][],
) {
  const svcArn = arn(account, `service/${id}`);
  const listener = `${svcArn}/listener/listener-${id}`;
  const rule = `${listener}/rule/rule-default`;
  return {
    resources: [
      res(svcArn, "service", name, { accessLogSubscriptions: [], tags: {}, sharedIn: false, ...data }),
      res(listener, "listener", "https-443", { protocol: "HTTPS", port: 443 }, svcArn),
      res(rule, "rule", "default", { isDefault: true }, listener),
    ],
    relations: tgs.map(([tg, weight]) =>
      rel("forward", rule, arn(account, `targetgroup/${tg}`), {
        weight,
        listenerArn: listener,
        isDefault: true,
      }),
    ),
  };
}

/** The demo estate, as /api/topology serves it, reduced to what the findings read. */
function demo(marks: IncompleteMark[] = []) {
  const retail = arn(HUB, "servicenetwork/sn-0retailnetwork001");
  const eu = arn(ORD, "servicenetwork/sn-0orderingeu000001", "eu-west-1");
  const share = `arn:aws:ram:us-east-1:${HUB}:resource-share/11111111-2222-4333-8444-000000000001`;
  const order = service(
    ORD,
    "svc-0order00000000001",
    "order",
    { authType: "AWS_IAM", authPolicy: allowInvoke() },
    [
      ["tg-0orderstable00001", 90],
      ["tg-0ordercanary00001", 10],
    ],
  );
  const payment = service(
    PAY,
    "svc-0payment000000001",
    "payment",
    { authType: "AWS_IAM", authPolicy: allowInvoke("vpc-lattice:Invoke") },
    [["tg-0paymentauth00001", 100]],
  );
  const notification = service(
    PAY,
    "svc-0notification0001",
    "notification",
    { authType: "NONE", authPolicy: null },
    [["tg-0notification0001", 100]],
  );
  const orderEu = service(
    ORD,
    "svc-0ordereu000000001",
    "order-eu",
    { authType: "NONE", authPolicy: null },
    [],
  );
  const resources = [
    ...[HUB, ORD, PAY, PTN].map((a, i) =>
      res(`account:${a}`, "account", ["network-hub", "ordering", "payments", "partner-analytics"][i] ?? a),
    ),
    res(retail, "service-network", "retail-network", {
      authType: "AWS_IAM",
      authPolicy: allowInvoke(),
      accessLogSubscriptions: [{ id: "als-0retailnetwork001" }],
      sharedIn: false,
    }),
    res(eu, "service-network", "ordering-eu", {
      authType: "NONE",
      authPolicy: null,
      accessLogSubscriptions: [],
      sharedIn: false,
    }),
    res(share, "ram-share", "retail-network-share", {
      principals: [
        { id: ORD, status: "ASSOCIATED", external: false },
        { id: PTN, status: "ASSOCIATING", external: true },
      ],
      resources: [{ arn: retail, status: "ASSOCIATED" }],
      invitations: [{ receiverAccountId: PTN, status: "PENDING", resourceShareArn: share }],
    }),
    ...order.resources,
    ...payment.resources,
    ...notification.resources,
    ...orderEu.resources,
    ...targetGroup(ORD, "tg-0orderstable00001", "order-stable", ["HEALTHY", "HEALTHY", "HEALTHY"]),
    ...targetGroup(ORD, "tg-0ordercanary00001", "order-canary", ["HEALTHY", "UNHEALTHY"]),
    ...targetGroup(ORD, "tg-0legacyorders0001", "legacy-orders", ["UNUSED"]),
    ...targetGroup(PAY, "tg-0paymentauth00001", "payment-authorizer", ["UNAVAILABLE"], {
      type: "LAMBDA",
      config: { lambdaEventStructureVersion: "V2" },
    }),
    ...targetGroup(PAY, "tg-0notification0001", "notification-instances", ["HEALTHY", "DRAINING"]),
  ];
  const relations = [
    ...order.relations,
    ...payment.relations,
    ...notification.relations,
    rel("sn-service", retail, order.resources[0]!.id),
    rel("sn-service", retail, payment.resources[0]!.id),
    rel("sn-service", retail, notification.resources[0]!.id),
    rel("sn-service", eu, orderEu.resources[0]!.id),
    rel("sn-vpc", retail, `arn:aws:ec2:us-east-1:${ORD}:vpc/vpc-02222000000000001`, {
      securityGroupIds: ["sg-1"],
      status: "ACTIVE",
    }),
    // Crawled by the network owner and by the VPC owner: the same relation twice.
    rel("sn-vpc", eu, `arn:aws:ec2:eu-west-1:${ORD}:vpc/vpc-02222000000000e01`, {
      securityGroupIds: [],
      status: "ACTIVE",
    }),
    rel("sn-vpc", eu, `arn:aws:ec2:eu-west-1:${ORD}:vpc/vpc-02222000000000e01`, {
      securityGroupIds: [],
      status: "ACTIVE",
    }),
    rel("shared-with", retail, `account:${ORD}`, { shareArn: share, status: "ASSOCIATED", external: false }),
    rel("shared-with", retail, `account:${PTN}`, { shareArn: share, status: "ASSOCIATING", external: true }),
  ];
  return {
    topology: buildTopology(resources, relations, [], marks),
    ids: { retail, eu, share, order, payment, notification, orderEu },
  };
}

const byRule = (findings: Finding[], rule: Finding["rule"]) => findings.filter((f) => f.rule === rule);

describe("computeFindings on the demo estate", () => {
  const { topology, ids } = demo();
  const findings = computeFindings(topology);

  it("flags payment's vpc-lattice:Invoke auth policy", () => {
    const [finding, ...rest] = byRule(findings, "auth-policy-invalid-action");
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      resourceName: "payment",
      severity: "high",
      accountId: PAY,
      resourceKind: "service",
    });
    expect(finding?.why).toContain("OrderServiceMayPay");
    expect(finding?.fix).toBe("Replace vpc-lattice:Invoke with vpc-lattice-svcs:Invoke.");
  });

  it("flags the canary that receives weight with an unhealthy target", () => {
    const [finding, ...rest] = byRule(findings, "weighted-target-group-unhealthy-targets");
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ resourceName: "order-canary", severity: "medium" });
    expect(finding?.title).toBe("order-canary receives traffic with 1 of 2 targets unhealthy");
    expect(finding?.why).toContain("10 % of order https-443 default rule");
    expect(byRule(findings, "weighted-target-group-without-healthy-target")).toEqual([]);
  });

  it("flags legacy-orders as attached to nothing, and no target group that is attached", () => {
    expect(byRule(findings, "target-group-unattached").map((f) => f.resourceName)).toEqual(["legacy-orders"]);
  });

  it("flags the partner's pending invitation once, on the share", () => {
    const pending = byRule(findings, "ram-invitation-pending");
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ resourceId: ids.share, resourceKind: "ram-share", severity: "low" });
    expect(pending[0]?.title).toBe(
      "partner-analytics (444455556666) has not accepted the invitation to retail-network-share",
    );
    expect(pending[0]?.why).toContain("outside the organisation");
    expect(pending[0]?.relatedIds).toEqual(expect.arrayContaining([ids.retail, `account:${PTN}`]));
  });

  it("flags notification's auth type NONE inside the shared network, but not order-eu's in an unshared one", () => {
    expect(byRule(findings, "auth-none-shared").map((f) => [f.resourceName, f.severity])).toEqual([
      ["notification", "medium"],
    ]);
  });

  it("flags ordering-eu's missing access logs and its VPC association without security groups, once", () => {
    expect(byRule(findings, "service-network-without-access-logs").map((f) => f.resourceId)).toEqual([
      ids.eu,
    ]);
    const sg = byRule(findings, "vpc-association-without-security-groups");
    expect(sg).toHaveLength(1);
    expect(sg[0]).toMatchObject({
      resourceId: ids.eu,
      relatedIds: [`arn:aws:ec2:eu-west-1:${ORD}:vpc/vpc-02222000000000e01`],
    });
  });

  it("does not flag Lambda target groups (UNAVAILABLE targets get traffic) or correct policies", () => {
    expect(findings.map((f) => f.resourceName)).not.toContain("payment-authorizer");
    expect(findings.map((f) => f.resourceName)).not.toContain("order");
    expect(findings.map((f) => f.resourceName)).not.toContain("retail-network");
  });

  it("gives stable ids and sorts by severity", () => {
    expect(computeFindings(demo().topology).map((f) => f.id)).toEqual(findings.map((f) => f.id));
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
    expect(findings[0]?.severity).toBe("high");
    expect(findings.at(-1)?.severity).toBe("low");
    expect(findings.find((f) => f.rule === "target-group-unattached")?.id).toBe(
      `target-group-unattached:${arn(ORD, "targetgroup/tg-0legacyorders0001")}`,
    );
  });
});

describe("computeFindings, rule by rule", () => {
  const sn = arn(HUB, "servicenetwork/sn-00000000000000001");
  const svc = arn(HUB, "service/svc-00000000000000001");

  it("rates auth type NONE on a RAM-shared network high", () => {
    const topology = buildTopology(
      [
        res(sn, "service-network", "open", {
          authType: "NONE",
          authPolicy: null,
          accessLogSubscriptions: [{}],
        }),
      ],
      [rel("shared-with", sn, `account:${ORD}`, { status: "ASSOCIATED" })],
    );
    expect(computeFindings(topology).map((f) => [f.rule, f.severity])).toEqual([
      ["auth-none-shared", "high"],
    ]);
  });

  it("rates auth type NONE on a service shared with us high, and ignores an unshared one", () => {
    const shared = buildTopology([res(svc, "service", "s", { authType: "NONE", sharedIn: true })], []);
    expect(computeFindings(shared).map((f) => [f.rule, f.severity])).toEqual([["auth-none-shared", "high"]]);
    const alone = buildTopology([res(svc, "service", "s", { authType: "NONE", sharedIn: false })], []);
    expect(computeFindings(alone)).toEqual([]);
  });

  it("flags AWS_IAM without a policy, unless the resource is shared in (its policy isn't readable)", () => {
    const mine = buildTopology([res(svc, "service", "s", { authType: "AWS_IAM", authPolicy: null })], []);
    expect(computeFindings(mine)[0]).toMatchObject({ rule: "auth-iam-without-policy", severity: "high" });
    const theirs = buildTopology(
      [res(svc, "service", "s", { authType: "AWS_IAM", authPolicy: null, sharedIn: true })],
      [],
    );
    expect(computeFindings(theirs)).toEqual([]);
  });

  it("flags an auth policy that is not JSON", () => {
    const topology = buildTopology(
      [
        res(svc, "service", "s", {
          authType: "AWS_IAM",
          authPolicy: { policy: "{not json", state: "Active" },
        }),
      ],
      [],
    );
    expect(computeFindings(topology).map((f) => f.rule)).toEqual(["auth-policy-invalid-json"]);
  });

  it("rates a policy whose only problem is a stray action low, and a NotAction that excludes everything high", () => {
    const withPolicy = (statement: Record<string, unknown>) =>
      buildTopology(
        [
          res(svc, "service", "s", {
            authType: "AWS_IAM",
            authPolicy: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", ...statement }] }) },
          }),
        ],
        [],
      );
    const stray = computeFindings(
      withPolicy({ Action: ["vpc-lattice-svcs:Invoke", "vpc-lattice:GetService"] }),
    );
    expect(stray.map((f) => [f.severity, f.title])).toEqual([
      ["low", "The auth policy of s uses vpc-lattice:GetService, which VPC Lattice never evaluates"],
    ]);
    const none = computeFindings(withPolicy({ NotAction: "vpc-lattice-svcs:*" }));
    expect(none.map((f) => [f.severity, f.title])).toEqual([
      ["high", "The auth policy of s has a statement that applies to no request"],
    ]);
    expect(none[0]?.why).toContain("Statement #1 therefore allows nothing");
  });

  it("flags disabled health checks on instance and IP groups, not on Lambda groups", () => {
    const off = { config: { healthCheck: { enabled: false } }, serviceArns: [svc] };
    const topology = buildTopology(
      [
        ...targetGroup(HUB, "tg-0000000000000ip01", "ip", ["UNAVAILABLE"], { ...off, type: "IP" }),
        ...targetGroup(HUB, "tg-000000000000lmb01", "fn", ["UNAVAILABLE"], { ...off, type: "LAMBDA" }),
      ],
      [],
    );
    expect(computeFindings(topology).map((f) => [f.rule, f.resourceName])).toEqual([
      ["health-check-disabled", "ip"],
    ]);
  });

  it("rates a weighted group without a healthy target critical when the action has no other, high when it has", () => {
    const lone = service(HUB, "svc-00000000000000001", "lone", { authType: "NONE" }, [
      ["tg-0000000000000dead", 100],
    ]);
    const split = service(HUB, "svc-00000000000000002", "split", { authType: "NONE" }, [
      ["tg-0000000000000good", 50],
      ["tg-000000000000dead2", 50],
    ]);
    const topology = buildTopology(
      [
        ...lone.resources,
        ...split.resources,
        ...targetGroup(HUB, "tg-0000000000000dead", "dead", ["UNHEALTHY", "INITIAL"]),
        ...targetGroup(HUB, "tg-000000000000dead2", "dead2", []),
        ...targetGroup(HUB, "tg-0000000000000good", "good", ["HEALTHY"]),
      ],
      [...lone.relations, ...split.relations],
    );
    const found = byRule(computeFindings(topology), "weighted-target-group-without-healthy-target");
    expect(found.map((f) => [f.resourceName, f.severity])).toEqual([
      ["dead", "critical"],
      ["dead2", "high"],
    ]);
    expect(found[0]?.why).toContain("1 UNHEALTHY, 1 INITIAL");
    expect(found[1]?.why).toContain("none registered");
  });

  it("does not call a group unattached when GetTargetGroup lists services using it", () => {
    const topology = buildTopology(
      targetGroup(HUB, "tg-000000000000used1", "used", ["HEALTHY"], { serviceArns: [svc] }),
      [],
    );
    expect(computeFindings(topology)).toEqual([]);
  });
});

describe("filterFindings", () => {
  const findings = computeFindings(demo().topology);

  it("filters by severity, rule, account, kind and resource", () => {
    expect(filterFindings(findings, { severities: ["high"] }).map((f) => f.resourceName)).toEqual([
      "payment",
    ]);
    expect(filterFindings(findings, { rules: ["target-group-unattached"] })).toHaveLength(1);
    expect(new Set(filterFindings(findings, { accountIds: [ORD] }).map((f) => f.accountId))).toEqual(
      new Set([ORD]),
    );
    expect(filterFindings(findings, { kinds: ["ram-share"] }).map((f) => f.rule)).toEqual([
      "ram-invitation-pending",
    ]);
    expect(filterFindings(findings, { resourceId: `account:${PTN}` }).map((f) => f.rule)).toEqual([
      "ram-invitation-pending",
    ]);
    expect(filterFindings(findings, {})).toEqual(findings);
  });

  it("counts by severity", () => {
    expect(countBySeverity(findings)).toEqual({ critical: 0, high: 1, medium: 3, low: 3, info: 0 });
  });
});

describe("findings that rest on a read the last crawl could not make", () => {
  const mark = (subjectId: string, part: IncompleteMark["part"], operation: string): IncompleteMark => ({
    subjectId,
    subjectType: "resource",
    accountId: ORD,
    region: "us-east-1",
    part,
    operation,
    message: "not authorized",
    code: "AccessDeniedException",
    runId: 3,
    keptFromRun: 2,
  });
  const listener = `${arn(ORD, "service/svc-0order00000000001")}/listener/listener-svc-0order00000000001`;
  const canary = arn(ORD, "targetgroup/tg-0ordercanary00001");

  it("says an unattached target group is unknown when a listener's rules could not be listed in its scope", () => {
    const findings = computeFindings(demo([mark(listener, "rules", "ListRules")]).topology);
    expect(byRule(findings, "target-group-unattached")).toEqual([
      expect.objectContaining({
        resourceName: "legacy-orders",
        unknown: `unknown: ListRules failed in ${ORD}/us-east-1`,
      }),
    ]);
    const clean = computeFindings(demo().topology);
    expect(byRule(clean, "target-group-unattached")[0]?.unknown).toBeUndefined();
  });

  it("says a health finding is unknown when the targets it counts were kept from an earlier crawl", () => {
    const findings = computeFindings(demo([mark(canary, "targets", "ListTargets")]).topology);
    expect(byRule(findings, "weighted-target-group-unhealthy-targets")).toEqual([
      expect.objectContaining({
        resourceId: canary,
        unknown: `unknown: ListTargets failed in ${ORD}/us-east-1`,
      }),
    ]);
  });

  it("leaves findings about other scopes as they are", () => {
    const findings = computeFindings(demo([mark(canary, "targets", "ListTargets")]).topology);
    expect(findings.filter((f) => f.unknown).map((f) => f.resourceId)).toEqual([canary]);
  });
});
