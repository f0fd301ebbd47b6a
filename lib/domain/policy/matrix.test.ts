import { describe, expect, it } from "vitest";
import { connectionsToService, findService, findVpc, policiesFromTopology } from "./connectivity";
import { organizationFromTopology, requestMatrix } from "./matrix";
import {
  allowInvoke,
  demoTopology,
  ENDPOINT_ID,
  HUB,
  NETWORK_ARN,
  ORDER_ARN,
  ORDERING,
  ORGANIZATION,
  PARTNER,
  PAYMENT_ARN,
  PAYMENTS,
  policyDoc,
  ROLE,
  VPC,
  vpcArn,
} from "./testing";

describe("connectionsToService", () => {
  it("finds VPC associations first, then VPC endpoints, through the service's networks", () => {
    const connections = connectionsToService(demoTopology(), PAYMENT_ARN);
    expect(connections.map((c) => [c.vpcId, c.via.kind, c.vpcAccountId])).toEqual([
      [VPC.order, "association", ORDERING],
      [VPC.inventory, "association", ORDERING],
      [VPC.payments, "association", PAYMENTS],
      [VPC.analytics, "endpoint", ORDERING],
    ]);
    expect(connections[0]).toMatchObject({
      networkArn: NETWORK_ARN,
      networkName: "retail-network",
      vpcNodeId: vpcArn("order"),
      via: { kind: "association", associationId: "snva-0ordervpc00000001" },
    });
    expect(connections[3]?.via).toMatchObject({ kind: "endpoint", endpointId: ENDPOINT_ID });
    expect(connectionsToService(demoTopology(), "arn:aws:vpc-lattice:us-east-1:1:service/svc-x")).toEqual([]);
  });

  it("looks services and VPCs up by ARN, ID or name", () => {
    const topology = demoTopology();
    expect(findService(topology, "svc-0payment000000001")?.id).toBe(PAYMENT_ARN);
    expect(findService(topology, "order")?.id).toBe(ORDER_ARN);
    expect(findVpc(topology, VPC.partner)?.name).toBe("partner-vpc");
    expect(findVpc(topology, "order-vpc")?.id).toBe(vpcArn("order"));
    expect(findVpc(topology, "vpc-nope")).toBeUndefined();
  });

  it("reads auth types and policies as the crawler records them", () => {
    const estate = policiesFromTopology(demoTopology());
    expect(Object.keys(estate.networks)).toEqual([NETWORK_ARN]);
    expect(estate.services[PAYMENT_ARN]?.authType).toBe("AWS_IAM");
    expect(typeof estate.services[PAYMENT_ARN]?.policy).toBe("string");
  });
});

describe("requestMatrix", () => {
  it("asks about every principal of the estate, the policies' identities and anonymous callers", () => {
    const matrix = requestMatrix(
      demoTopology(),
      { kind: "service", arn: PAYMENT_ARN },
      {
        organization: ORGANIZATION,
        policies: [policyDoc(allowInvoke({ AWS: [ROLE.partnerAudit, ROLE.partnerAdmin] }))],
      },
    );
    expect(matrix.principals.map((p) => [p.id, p.sources.join("+")])).toEqual([
      [`arn:aws:iam::${HUB}:root`, "account"],
      [ROLE.analyticsReader, "policy"],
      [ROLE.inventoryPod, "policy"],
      [ROLE.orderTask, "policy"],
      [`arn:aws:iam::${ORDERING}:root`, "account+ram-share"],
      [ROLE.partnerAudit, "policy"],
      [`arn:aws:iam::${PAYMENTS}:root`, "account+ram-share+policy"],
      [`arn:aws:iam::${PARTNER}:root`, "account+ram-share"],
      [ROLE.partnerAdmin, "policy"],
      ["anonymous", "anonymous"],
    ]);
    expect(matrix.principals.find((p) => p.id === ROLE.orderTask)?.principal).toEqual({
      type: "aws",
      arn: ROLE.orderTask,
      orgId: ORGANIZATION.id,
    });
    expect(matrix.principals.find((p) => p.id === ROLE.partnerAdmin)?.principal).toEqual({
      type: "aws",
      arn: ROLE.partnerAdmin,
    });
    expect(matrix.principals[0]?.label).toBe(`network-hub (${HUB})`);
  });

  it("draws routes from listener rules, the policies' paths and methods, and GET /", () => {
    const matrix = requestMatrix(
      demoTopology(),
      { kind: "service-network", arn: NETWORK_ARN },
      {
        policies: [
          policyDoc(
            allowInvoke("*", {
              Resource: [`${ORDER_ARN}/admin/*`, "*/health", `${PAYMENT_ARN}/*`],
              Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": ["DELETE"] } },
            }),
          ),
        ],
      },
    );
    const routes = Object.fromEntries(
      matrix.services.map((s) => [s.name, s.routes.map((r) => `${r.method} ${r.path} ${r.origin}`)]),
    );
    expect(routes).toEqual({
      order: [
        "GET / default",
        "GET /api/v2 rule",
        "GET /api/v2/… rule",
        "GET /admin/… policy",
        "GET /health policy",
        "GET /callbacks/… policy",
        "DELETE / policy",
      ],
      payment: [
        "GET / default",
        "POST /refunds rule",
        "POST /refunds/… rule",
        "GET /health policy",
        "DELETE / policy",
      ],
    });
    expect(matrix.services[0]?.routes[1]).toEqual({
      method: "GET",
      path: "/api/v2",
      origin: "rule",
      rule: "api-v2",
      port: 443,
    });
  });

  it("sources: VPCs connected through the scope's network, and one VPC that is not connected", () => {
    const matrix = requestMatrix(demoTopology(), { kind: "service", arn: ORDER_ARN });
    const sources = matrix.services[0]?.sources ?? [];
    expect(sources.map((s) => [s.vpcId, s.reachable, s.networkArn === NETWORK_ARN])).toEqual([
      [VPC.order, true, true],
      [VPC.inventory, true, true],
      [VPC.payments, true, true],
      [VPC.analytics, true, true],
      [VPC.partner, false, true],
    ]);
    const other = requestMatrix(demoTopology(), {
      kind: "service-network",
      arn: "arn:aws:vpc-lattice:us-east-1:1:servicenetwork/sn-x",
    });
    expect(other.services).toEqual([]);
    expect(other.requests).toEqual([]);
  });

  it("builds one Lattice request per principal × service × route × source", () => {
    const matrix = requestMatrix(
      demoTopology(),
      { kind: "service", arn: PAYMENT_ARN },
      { organization: ORGANIZATION },
    );
    expect(matrix.requests).toHaveLength(matrix.principals.length * 3 * 5);
    const entry = matrix.requests.find(
      (r) =>
        r.principal.id === ROLE.orderTask && r.route.path === "/refunds" && r.source.vpcId === VPC.analytics,
    );
    expect(entry?.request).toMatchObject({
      action: "vpc-lattice-svcs:Invoke",
      resource: `${PAYMENT_ARN}/refunds`,
      context: {
        "vpc-lattice-svcs:RequestMethod": "POST",
        "vpc-lattice-svcs:SourceVpc": VPC.analytics,
        "vpc-lattice-svcs:SourceVpcOwnerAccount": ORDERING,
        "vpc-lattice-svcs:ServiceNetworkArn": NETWORK_ARN,
        "vpc-lattice-svcs:Port": "443",
        "aws:PrincipalOrgID": ORGANIZATION.id,
      },
    });
  });

  it("reads the organization from account nodes when they record it", () => {
    const topology = demoTopology();
    expect(organizationFromTopology(topology)).toBeUndefined();
    for (const node of topology.nodes) {
      if (node.kind === "account" && node.accountId !== PARTNER) node.data.organizationId = ORGANIZATION.id;
    }
    expect(organizationFromTopology(topology)).toEqual({
      id: ORGANIZATION.id,
      accountIds: [HUB, ORDERING, PAYMENTS],
    });
  });
});
