import { describe, expect, it } from "vitest";
import { buildWorld } from "./index";
import { isVisibleTo } from "../core/sharing";
import type { RegionState } from "../core/model";

const HUB = "111122223333";
const ORDERING = "222233334444";
const PAYMENTS = "333344445555";
const PARTNER = "444455556666";

const world = buildWorld({ name: "demo" });
const east = world.region("us-east-1");

function byName<T extends { name: string }>(map: Map<string, T>, name: string): T {
  const found = [...map.values()].find((r) => r.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

function forwardedTargetGroups(state: RegionState): Set<string> {
  const actions = [
    ...[...state.listeners.values()].map((l) => l.defaultAction),
    ...[...state.rules.values()].map((r) => r.action),
  ];
  return new Set(
    actions.flatMap((a) =>
      "forward" in a ? a.forward.targetGroups.map((t) => t.targetGroupIdentifier) : [],
    ),
  );
}

describe("demo scenario", () => {
  it("is an organisation of a network hub and two team accounts, plus an outside partner", () => {
    expect(world.organization).toEqual({
      id: "o-a1b2c3d4e5",
      arn: `arn:aws:organizations::${HUB}:organization/o-a1b2c3d4e5`,
      masterAccountId: HUB,
    });
    expect([...world.accounts.values()].map((a) => [a.id, a.name, a.organizationId ?? null])).toEqual([
      [HUB, "network-hub", "o-a1b2c3d4e5"],
      [ORDERING, "ordering", "o-a1b2c3d4e5"],
      [PAYMENTS, "payments", "o-a1b2c3d4e5"],
      [PARTNER, "partner-analytics", null],
    ]);
    expect(world.defaultAccountId).toBe(HUB);
    expect([...world.regions.keys()].sort()).toEqual(["eu-west-1", "us-east-1"]);
    expect(world.region("eu-west-1").services.size).toBe(1);
  });

  it("has a hub IAM user for the crawler and a TrellisCrawler role in every account trusting the hub", () => {
    expect(world.identityFor("AKIATRELLISDEMOHUB01")).toMatchObject({
      accountId: HUB,
      arn: `arn:aws:iam::${HUB}:user/trellis-crawler`,
      secretAccessKey: "trellis-demo-secret-hub",
    });
    for (const account of world.accounts.keys()) {
      const role = world.roles.get(`arn:aws:iam::${account}:role/TrellisCrawler`);
      expect(role?.trustedPrincipals).toEqual([HUB]);
      expect(role?.roleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    }
  });

  it("splits the order listener's default action 90/10 between order-stable and order-canary", () => {
    const order = byName(east.services, "order");
    expect(order.ownerAccountId).toBe(ORDERING);
    const listener = [...east.listeners.values()].find((l) => l.serviceId === order.id);
    expect(listener).toMatchObject({ protocol: "HTTPS", port: 443, serviceArn: order.arn });
    expect(listener?.defaultAction).toEqual({
      forward: {
        targetGroups: [
          { targetGroupIdentifier: byName(east.targetGroups, "order-stable").id, weight: 90 },
          { targetGroupIdentifier: byName(east.targetGroups, "order-canary").id, weight: 10 },
        ],
      },
    });
    expect(listener?.defaultRuleId).toMatch(/^rule-[0-9a-z]{17}$/);
    expect(east.rules.has(listener?.defaultRuleId ?? "")).toBe(false);
  });

  it("has one unhealthy canary target", () => {
    const canary = byName(east.targetGroups, "order-canary");
    expect(canary.targets.filter((t) => t.status === "UNHEALTHY")).toEqual([
      { id: "10.1.2.91", port: 8080, status: "UNHEALTHY", reasonCode: "HealthCheckFailed" },
    ]);
    expect(canary.config?.healthCheck?.path).toBe("/health");
  });

  it("routes GET /api/v2 on the order listener to the v2 target group", () => {
    const order = byName(east.services, "order");
    const rule = [...east.rules.values()].find((r) => r.serviceId === order.id && r.name === "api-v2");
    expect(rule?.match).toEqual({
      httpMatch: { method: "GET", pathMatch: { match: { prefix: "/api/v2" } } },
    });
    expect(rule?.action).toEqual({
      forward: {
        targetGroups: [{ targetGroupIdentifier: byName(east.targetGroups, "order-v2").id, weight: 100 }],
      },
    });
    expect(rule?.arn).toBe(`${order.arn}/listener/${rule?.listenerId}/rule/${rule?.id}`);
  });

  it("contains the vpc-lattice:Invoke mistake in the payment auth policy, and a correct network policy", () => {
    const payment = byName(east.services, "payment");
    const policy = JSON.parse(east.authPolicies.get(payment.arn)?.policy ?? "{}");
    expect(policy.Statement[0].Action).toBe("vpc-lattice:Invoke");
    const network = byName(east.serviceNetworks, "retail-network");
    const networkPolicy = east.authPolicies.get(network.arn)?.policy ?? "";
    expect(networkPolicy).not.toContain("\n");
    expect(JSON.parse(networkPolicy).Statement[0]).toMatchObject({
      Action: "vpc-lattice-svcs:Invoke",
      Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] } },
    });
  });

  it("shares the network with the team accounts, with the partner's invitation still pending", () => {
    const network = byName(east.serviceNetworks, "retail-network");
    expect(network).toMatchObject({
      ownerAccountId: HUB,
      authType: "AWS_IAM",
      sharingConfig: { enabled: true },
    });
    expect(network.arn).toBe(`arn:aws:vpc-lattice:us-east-1:${HUB}:servicenetwork/sn-0retailnetwork001`);
    expect(isVisibleTo(world, "us-east-1", network, ORDERING)).toBe(true);
    expect(isVisibleTo(world, "us-east-1", network, PAYMENTS)).toBe(true);
    expect(isVisibleTo(world, "us-east-1", network, PARTNER)).toBe(false);

    const share = [...east.resourceShares.values()].find((s) => s.name === "retail-network-share");
    expect(share?.status).toBe("ACTIVE");
    expect(share?.principals.map((p) => [p.id, p.status, p.external])).toEqual([
      [ORDERING, "ASSOCIATED", false],
      [PAYMENTS, "ASSOCIATED", false],
      [PARTNER, "ASSOCIATING", true],
    ]);
    expect([...east.resourceShareInvitations.values()]).toEqual([
      expect.objectContaining({
        receiverAccountId: PARTNER,
        senderAccountId: HUB,
        status: "PENDING",
        resourceShareArn: share?.resourceShareArn,
      }),
    ]);
    const resourcePolicy = east.resourcePolicies.get(network.arn)?.policy ?? "";
    expect(resourcePolicy).toContain(`arn:aws:iam::${ORDERING}:root`);
    expect(resourcePolicy).not.toContain(PARTNER);
  });

  it("creates cross-account associations in the account that made them", () => {
    const network = byName(east.serviceNetworks, "retail-network");
    const order = byName(east.services, "order");
    const association = [...east.serviceNetworkServiceAssociations.values()].find(
      (a) => a.serviceId === order.id,
    );
    expect(association).toMatchObject({
      serviceNetworkId: network.id,
      createdBy: ORDERING,
      ownerAccountId: ORDERING,
      status: "ACTIVE",
    });
    expect(association?.arn).toMatch(
      new RegExp(`^arn:aws:vpc-lattice:us-east-1:${ORDERING}:servicenetworkserviceassociation/snsa-`),
    );
    expect(association?.dnsEntry).toEqual(order.dnsEntry);
    expect(order.dnsEntry.domainName).toMatch(
      /^order-0order00000000001\.[0-9a-f]{7}\.vpc-lattice-svcs\.us-east-1\.on\.aws$/,
    );

    const vpcAssociations = [...east.serviceNetworkVpcAssociations.values()].filter(
      (a) => a.serviceNetworkId === network.id,
    );
    expect(vpcAssociations).toHaveLength(3);
    for (const a of vpcAssociations) {
      expect(a.createdBy).toBe(east.vpcs.get(a.vpcId)?.ownerId);
      expect(a.securityGroupIds).toHaveLength(1);
      expect(east.securityGroups.get(a.securityGroupIds[0] ?? "")?.vpcId).toBe(a.vpcId);
    }
  });

  it("associates the Aurora resource configuration with DNS entries on the association", () => {
    const db = byName(east.resourceConfigurations, "payments-db");
    expect(db).toMatchObject({
      type: "ARN",
      ownerAccountId: PAYMENTS,
      portRanges: ["5432"],
      resourceConfigurationDefinition: {
        arnResource: { arn: `arn:aws:rds:us-east-1:${PAYMENTS}:cluster:payments-db` },
      },
    });
    expect(east.resourceGateways.get(db.resourceGatewayId ?? "")?.ownerAccountId).toBe(PAYMENTS);
    const association = [...east.serviceNetworkResourceAssociations.values()].find(
      (a) => a.resourceConfigurationId === db.id,
    );
    expect(association?.createdBy).toBe(PAYMENTS);
    expect(association?.dnsEntry?.domainName).toMatch(
      /^snra-[0-9a-f]{17}\.rcfg-0paymentsdb000001\.[0-9a-f]{7}\.vpc-lattice-rsc\.us-east-1\.on\.aws$/,
    );
    expect(association?.privateDnsEntry?.domainName).toBe(
      "payments-db.cluster-c7x2example.us-east-1.rds.amazonaws.com",
    );
  });

  it("lets the analytics VPC reach the network through a service-network VPC endpoint", () => {
    const analytics = [...east.vpcs.values()].find((v) => v.tags.Name === "analytics-vpc");
    expect(analytics?.ownerId).toBe(ORDERING);
    expect([...east.serviceNetworkVpcAssociations.values()].some((a) => a.vpcId === analytics?.vpcId)).toBe(
      false,
    );
    const endpoint = [...east.vpcEndpoints.values()].find(
      (e) => e.vpcId === analytics?.vpcId && e.vpcEndpointType === "ServiceNetwork",
    );
    expect(endpoint?.serviceNetworkArn).toBe(byName(east.serviceNetworks, "retail-network").arn);
    expect(endpoint?.associations.length).toBeGreaterThanOrEqual(5);
    for (const a of endpoint?.associations ?? []) {
      expect(a.id).toMatch(/^vpce-rsc-asc-[0-9a-f]{17}$/);
      expect(a.dnsEntry?.domainName).toMatch(/\.on\.aws$/);
    }
    const resourceEndpoint = [...east.vpcEndpoints.values()].find((e) => e.vpcEndpointType === "Resource");
    expect([...east.resourceEndpointAssociations.values()]).toEqual([
      expect.objectContaining({ vpcEndpointId: resourceEndpoint?.vpcEndpointId, vpcEndpointOwner: ORDERING }),
    ]);
  });

  it("has one target group attached to nothing, whose targets are UNUSED", () => {
    const legacy = byName(east.targetGroups, "legacy-orders");
    expect(forwardedTargetGroups(east).has(legacy.id)).toBe(false);
    expect(legacy.targets.map((t) => t.status)).toEqual(["UNUSED"]);
    const unattached = [...east.targetGroups.values()].filter(
      (tg) => !forwardedTargetGroups(east).has(tg.id),
    );
    expect(unattached.map((tg) => tg.name)).toEqual(["legacy-orders"]);
  });

  it("has targets in draining and initial states, Lambda and instance targets", () => {
    const statuses = new Set(
      [...east.targetGroups.values()].flatMap((tg) => tg.targets.map((t) => t.status)),
    );
    expect(statuses).toEqual(
      new Set(["HEALTHY", "UNHEALTHY", "INITIAL", "DRAINING", "UNUSED", "UNAVAILABLE"]),
    );
    expect(byName(east.targetGroups, "payment-authorizer")).toMatchObject({
      type: "LAMBDA",
      config: { lambdaEventStructureVersion: "V2" },
    });
    expect(byName(east.targetGroups, "notification-instances").targets.map((t) => t.id)[0]).toMatch(/^i-/);
  });

  it("tags resources as managed by ECS, the Gateway API controller and CloudFormation", () => {
    expect(east.tags.get(byName(east.targetGroups, "order-stable").arn)).toMatchObject({
      AmazonECSManaged: "true",
    });
    expect(east.tags.get(byName(east.services, "inventory").arn)).toMatchObject({
      "application-networking.k8s.aws/RouteName": "inventory",
      "application-networking.k8s.aws/RouteType": "http",
    });
    expect(east.tags.get(byName(east.services, "notification").arn)?.["aws:cloudformation:stack-name"]).toBe(
      "notification-stack",
    );
  });

  it("logs the network to its CloudWatch Logs group", () => {
    const network = byName(east.serviceNetworks, "retail-network");
    const logs = [...east.accessLogSubscriptions.values()].filter((s) => s.resourceArn === network.arn);
    expect(logs.map((l) => l.destinationArn)).toEqual([
      `arn:aws:logs:us-east-1:${HUB}:log-group:/aws/vpc-lattice/retail-network`,
    ]);
  });

  it("changes no target health in the first ten minutes", () => {
    expect(world.healthChanges.every((c) => c.afterSeconds >= 600)).toBe(true);
  });

  it("uses AWS id formats and 2026 timestamps everywhere", () => {
    for (const state of world.regions.values()) {
      const check = (records: Iterable<{ id: string; createdAt: string }>, pattern: RegExp) => {
        for (const r of records) {
          expect(r.id).toMatch(pattern);
          expect(r.createdAt).toMatch(/^2026-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
        }
      };
      check(state.serviceNetworks.values(), /^sn-[0-9a-z]{17}$/);
      check(state.services.values(), /^svc-[0-9a-z]{17}$/);
      check(state.listeners.values(), /^listener-[0-9a-z]{17}$/);
      check(state.rules.values(), /^rule-[0-9a-z]{17}$/);
      check(state.targetGroups.values(), /^tg-[0-9a-z]{17}$/);
      check(state.serviceNetworkVpcAssociations.values(), /^snva-[0-9a-z]{17}$/);
      check(state.serviceNetworkServiceAssociations.values(), /^snsa-[0-9a-z]{17}$/);
      check(state.serviceNetworkResourceAssociations.values(), /^snra-[0-9a-f]{17}$/);
      check(state.resourceEndpointAssociations.values(), /^rea-[0-9a-f]{17}$/);
      check(state.accessLogSubscriptions.values(), /^als-[0-9a-z]{17}$/);
    }
  });

  it("is the same world every time it is built", () => {
    const again = buildWorld({ name: "demo" });
    const dump = (w: typeof world) =>
      JSON.stringify(
        [...w.regions.values()].map((s) =>
          Object.entries(s).map(([k, v]) => [k, v instanceof Map ? [...v] : v]),
        ),
      );
    expect(dump(again)).toBe(dump(world));
  });
});
