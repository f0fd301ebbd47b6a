import { describe, expect, it } from "vitest";
import type { ResourceVersionView } from "@/lib/domain/http/api-responses";
import type { Topology, TopologyEdge, TopologyNode } from "@/lib/domain/topology/topology";
import { targetGroupHealthIndex } from "@/lib/domain/routing/weights";
import { connectionsOf, dnsEntriesFor, targetsOf, versionAt, weightsReceived } from "./inspector-model";

const ACCOUNT = "222233334444";
const arn = (resource: string) => `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:${resource}`;
const SN = `arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-0retailnetwork001`;
const SERVICE = arn("service/svc-0order00000000001");
const LISTENER = `${SERVICE}/listener/listener-01`;
const DEFAULT_RULE = `${LISTENER}/rule/rule-default`;
const CANARY_RULE = `${LISTENER}/rule/rule-canary`;
const STABLE = arn("targetgroup/tg-stable");
const CANARY = arn("targetgroup/tg-canary");
const RCFG = `arn:aws:vpc-lattice:us-east-1:333344445555:resourceconfiguration/rcfg-0paymentsdb000001`;
const ENDPOINT = `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-endpoint/vpce-01`;
const VPC = `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/vpc-01`;

function node(
  id: string,
  kind: TopologyNode["kind"],
  name: string,
  extra: Partial<TopologyNode> = {},
): TopologyNode {
  return { id, kind, name, accountId: ACCOUNT, region: "us-east-1", data: {}, ...extra };
}

function edge(
  kind: TopologyEdge["kind"],
  source: string,
  target: string,
  data?: Record<string, unknown>,
): TopologyEdge {
  return {
    id: `${kind}|${source}|${target}`,
    kind,
    source,
    target,
    ...(kind === "forward" && typeof data?.weight === "number" ? { weight: data.weight } : {}),
    ...(data ? { data } : {}),
  };
}

const health = (healthy: number, unhealthy: number) => ({
  healthy,
  unhealthy,
  other: 0,
  total: healthy + unhealthy,
});

const topology: Topology = {
  nodes: [
    node(SN, "service-network", "retail-network", { accountId: "111122223333" }),
    node(SERVICE, "service", "order", {
      data: {
        dnsEntry: {
          domainName: "order-0order.bae46d3.vpc-lattice-svcs.us-east-1.on.aws",
          hostedZoneId: "Z1",
        },
        customDomainName: "order.retail.example.com",
      },
    }),
    node(LISTENER, "listener", "https-443", { parentId: SERVICE }),
    node(DEFAULT_RULE, "rule", "default", { parentId: LISTENER, data: { isDefault: true } }),
    node(CANARY_RULE, "rule", "canary-header", { parentId: LISTENER, data: { priority: 20 } }),
    node(STABLE, "target-group", "order-stable", { health: health(2, 0) }),
    node(CANARY, "target-group", "order-canary", { health: health(0, 1) }),
    node(`${STABLE}/target/10.0.0.1:8080`, "target", "10.0.0.1:8080", {
      parentId: STABLE,
      data: { status: "HEALTHY" },
    }),
    node(`${STABLE}/target/10.0.0.2:8080`, "target", "10.0.0.2:8080", {
      parentId: STABLE,
      data: { status: "HEALTHY" },
    }),
    node(`${CANARY}/target/10.0.0.9:8080`, "target", "10.0.0.9:8080", {
      parentId: CANARY,
      data: { status: "UNHEALTHY", reasonCode: "HealthCheckFailed" },
    }),
    node(RCFG, "resource-configuration", "payments-db", { accountId: "333344445555" }),
    node(VPC, "vpc", "analytics-vpc"),
    node(ENDPOINT, "vpc-endpoint", "analytics-retail-network", {
      parentId: VPC,
      data: {
        dnsEntries: [],
        associations: [
          {
            associatedResourceArn: RCFG,
            dnsEntry: { dnsName: "snra-01.rcfg-0paymentsdb000001.vpc-lattice-rsc.us-east-1.on.aws" },
            privateDnsEntry: null,
          },
          {
            associatedResourceArn: SERVICE,
            dnsEntry: { dnsName: "order-0order.bae46d3.vpc-lattice-svcs.us-east-1.on.aws" },
            privateDnsEntry: { dnsName: "order.retail.example.com" },
          },
        ],
      },
    }),
  ],
  edges: [
    edge("sn-service", SN, SERVICE, {
      status: "ACTIVE",
      dnsEntry: { domainName: "order-0order.bae46d3.vpc-lattice-svcs.us-east-1.on.aws" },
    }),
    edge("sn-resource", SN, RCFG, {
      status: "ACTIVE",
      dnsEntry: { domainName: "snra-01.rcfg-0paymentsdb000001.vpc-lattice-rsc.us-east-1.on.aws" },
      privateDnsEntry: { domainName: "payments-db.cluster-x.us-east-1.rds.amazonaws.com" },
    }),
    edge("sn-vpc", SN, VPC, { status: "ACTIVE", securityGroupIds: [] }),
    edge("service-listener", SERVICE, LISTENER),
    edge("listener-rule", LISTENER, DEFAULT_RULE),
    edge("listener-rule", LISTENER, CANARY_RULE),
    edge("forward", DEFAULT_RULE, STABLE, { weight: 90, listenerArn: LISTENER, isDefault: true }),
    edge("forward", DEFAULT_RULE, CANARY, { weight: 10, listenerArn: LISTENER, isDefault: true }),
    edge("forward", CANARY_RULE, CANARY, { weight: 100, listenerArn: LISTENER, isDefault: false }),
    // Recorded from both ends: the inspector lists it once.
    edge("forward", CANARY_RULE, CANARY, { weight: 100, listenerArn: LISTENER, isDefault: false }),
  ],
};
const nodes = new Map(topology.nodes.map((n) => [n.id, n]));
const get = (id: string) => {
  const found = nodes.get(id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
};

describe("dnsEntriesFor", () => {
  it("gives a service its DNS name and custom domain, not the identical association name again", () => {
    expect(dnsEntriesFor(get(SERVICE), topology, nodes)).toEqual([
      { label: "Service DNS", name: "order-0order.bae46d3.vpc-lattice-svcs.us-east-1.on.aws" },
      { label: "Custom domain", name: "order.retail.example.com" },
    ]);
  });

  it("gives a resource configuration its association's DNS and private DNS, and the endpoints that reach it", () => {
    expect(dnsEntriesFor(get(RCFG), topology, nodes)).toEqual([
      {
        label: "Association with retail-network",
        name: "snra-01.rcfg-0paymentsdb000001.vpc-lattice-rsc.us-east-1.on.aws",
      },
      {
        label: "Association with retail-network",
        name: "payments-db.cluster-x.us-east-1.rds.amazonaws.com",
        note: "private DNS",
      },
      {
        label: "Through VPC endpoint analytics-retail-network",
        name: "snra-01.rcfg-0paymentsdb000001.vpc-lattice-rsc.us-east-1.on.aws",
      },
    ]);
  });

  it("gives a VPC endpoint the names of what it reaches, named by resource", () => {
    expect(dnsEntriesFor(get(ENDPOINT), topology, nodes).map((e) => [e.label, e.name, e.note])).toEqual([
      ["Reaches payments-db", "snra-01.rcfg-0paymentsdb000001.vpc-lattice-rsc.us-east-1.on.aws", undefined],
      ["Reaches order", "order-0order.bae46d3.vpc-lattice-svcs.us-east-1.on.aws", undefined],
      ["Reaches order", "order.retail.example.com", "private DNS"],
    ]);
  });

  it("has nothing for kinds without DNS names", () => {
    expect(dnsEntriesFor(get(STABLE), topology, nodes)).toEqual([]);
  });
});

describe("weightsReceived", () => {
  it("lists each rule forwarding to the group with its weight, share and effective share", () => {
    const received = weightsReceived(CANARY, topology, nodes, targetGroupHealthIndex(topology));
    expect(received).toEqual([
      expect.objectContaining({
        ruleId: DEFAULT_RULE,
        path: "order › https-443 › default rule",
        weight: 10,
        totalWeight: 100,
        sharePercent: 10,
        effectivePercent: 0,
      }),
      expect.objectContaining({
        ruleId: CANARY_RULE,
        path: "order › https-443 › rule canary-header",
        weight: 100,
        totalWeight: 100,
        sharePercent: 100,
      }),
    ]);
  });

  it("is empty for a group nothing forwards to", () => {
    expect(weightsReceived(RCFG, topology, nodes, targetGroupHealthIndex(topology))).toEqual([]);
  });
});

describe("targetsOf", () => {
  it("returns the group's own targets", () => {
    expect(targetsOf(STABLE, topology).map((t) => t.name)).toEqual(["10.0.0.1:8080", "10.0.0.2:8080"]);
    expect(targetsOf(CANARY, topology).map((t) => t.data.reasonCode)).toEqual(["HealthCheckFailed"]);
  });
});

describe("connectionsOf", () => {
  it("lists relations from either end, leaving out forwarding and the children the routing table shows", () => {
    const fromNetwork = connectionsOf(SN, topology, nodes).map((c) => [
      c.label,
      c.otherName,
      c.status,
      c.detail,
    ]);
    expect(fromNetwork).toEqual([
      ["Resource association", "payments-db", "ACTIVE", undefined],
      ["Service association", "order", "ACTIVE", undefined],
      ["VPC association", "analytics-vpc", "ACTIVE", "no security groups"],
    ]);
    expect(connectionsOf(SERVICE, topology, nodes).map((c) => [c.label, c.otherName])).toEqual([
      ["Associated with service network", "retail-network"],
    ]);
    expect(connectionsOf(DEFAULT_RULE, topology, nodes).map((c) => [c.label, c.otherName])).toEqual([
      ["Rule of", "https-443"],
    ]);
    expect(connectionsOf(LISTENER, topology, nodes).map((c) => [c.label, c.otherName])).toEqual([
      ["Listener of", "order"],
    ]);
  });
});

describe("versionAt", () => {
  const version = (versionId: number, from: number, to: number | null) =>
    ({
      versionId,
      from: { runId: from, at: "2026-01-05T09:00:00Z" },
      to: to === null ? null : { runId: to, at: "2026-01-05T10:00:00Z" },
    }) as ResourceVersionView;
  const history = [version(1, 1, 3), version(2, 3, null)];

  it("picks the version valid at the run, the newest without one", () => {
    expect(versionAt(history, 1)?.versionId).toBe(1);
    expect(versionAt(history, 2)?.versionId).toBe(1);
    expect(versionAt(history, 3)?.versionId).toBe(2);
    expect(versionAt(history, 9)?.versionId).toBe(2);
    expect(versionAt(history, undefined)?.versionId).toBe(2);
  });

  it("finds none before the resource existed", () => {
    expect(versionAt([version(1, 4, null)], 2)).toBeUndefined();
  });
});
