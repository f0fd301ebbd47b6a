import { describe, expect, it } from "vitest";
import { buildSearchIndex, cidrContains, collectDnsNames, hitFor, search } from "./search";
import type { Topology, TopologyEdge, TopologyNode } from "./topology";

const HUB = "111122223333";
const PAY = "333344445555";
const ORD = "222233334444";
const sn = `arn:aws:vpc-lattice:us-east-1:${HUB}:servicenetwork/sn-0retailnetwork001`;
const order = `arn:aws:vpc-lattice:us-east-1:${ORD}:service/svc-0order00000000001`;
const ordersTg = `arn:aws:vpc-lattice:us-east-1:${ORD}:targetgroup/tg-0legacyorders0001`;
const db = `arn:aws:vpc-lattice:us-east-1:${PAY}:resourceconfiguration/rcfg-0paymentsdb000001`;
const ledger = `arn:aws:vpc-lattice:us-east-1:${PAY}:resourceconfiguration/rcfg-0ledgerexport0001`;
const vpce = `arn:aws:ec2:us-east-1:${ORD}:vpc-endpoint/vpce-02222000000000002`;
const vpc = `arn:aws:ec2:us-east-1:${ORD}:vpc/vpc-02222000000000001`;

function node(
  id: string,
  kind: TopologyNode["kind"],
  name: string,
  accountId: string,
  data: Record<string, unknown> = {},
): TopologyNode {
  return { id, kind, name, accountId, region: "us-east-1", data };
}

const topology: Topology = {
  nodes: [
    node(`account:${PAY}`, "account", "payments", PAY),
    node(sn, "service-network", "retail-network", HUB, { id: "sn-0retailnetwork001" }),
    node(order, "service", "order", ORD, {
      id: "svc-0order00000000001",
      dnsEntry: { domainName: "order-0order00000000001.bae46d3.vpc-lattice-svcs.us-east-1.on.aws" },
      customDomainName: "order.retail.example.com",
    }),
    node(ordersTg, "target-group", "legacy-orders", ORD, { id: "tg-0legacyorders0001" }),
    node(db, "resource-configuration", "payments-db", PAY, {
      id: "rcfg-0paymentsdb000001",
      portRanges: ["5432"],
      tags: { DataClassification: "confidential" },
      resourceConfigurationDefinition: {
        arnResource: { arn: "arn:aws:rds:us-east-1:333344445555:cluster:aurora" },
      },
    }),
    node(ledger, "resource-configuration", "ledger-export", PAY, {
      id: "rcfg-0ledgerexport0001",
      resourceConfigurationDefinition: { dnsResource: { domainName: "ledger-export.payments.internal" } },
    }),
    node(vpc, "vpc", "order-vpc", ORD, {
      vpcId: "vpc-02222000000000001",
      cidrBlock: "10.1.0.0/16",
      tags: { Name: "order-vpc", Team: "ordering" },
    }),
    node(`${ordersTg}/target/10.1.4.20:8080`, "target", "10.1.4.20:8080", ORD, {
      id: "10.1.4.20",
      port: 8080,
    }),
    node(vpce, "vpc-endpoint", "analytics-ledger-export", ORD, {
      vpcEndpointId: "vpce-02222000000000002",
      dnsEntries: [{ dnsName: "vpce-02222000000000002-rcfg-0ledgerexport0001.vpc-lattice-rsc.on.aws" }],
      associations: [
        {
          associatedResourceArn: ledger,
          dnsEntry: { dnsName: "vpce-02222000000000002-rcfg-0ledgerexport0001.vpc-lattice-rsc.on.aws" },
          privateDnsEntry: { dnsName: "ledger-export.payments.internal" },
        },
      ],
    }),
  ],
  edges: [
    {
      id: `sn-resource|${sn}|${db}`,
      kind: "sn-resource",
      source: sn,
      target: db,
      data: {
        associationId: "snra-0000000000000db01",
        dnsEntry: { domainName: "snra-0000000000000db01.rcfg-0paymentsdb000001.vpc-lattice-rsc.on.aws" },
        privateDnsEntry: { domainName: "payments-db.cluster-c7x2example.us-east-1.rds.amazonaws.com" },
      },
    },
  ] satisfies TopologyEdge[],
};

describe("collectDnsNames", () => {
  const dns = collectDnsNames(topology);

  it("attaches a resource association's DNS and private DNS to the resource configuration", () => {
    expect(dns.get(db)).toEqual([
      {
        name: "snra-0000000000000db01.rcfg-0paymentsdb000001.vpc-lattice-rsc.on.aws",
        source: "association",
        via: sn,
      },
      {
        name: "payments-db.cluster-c7x2example.us-east-1.rds.amazonaws.com",
        source: "association-private",
        via: sn,
      },
    ]);
  });

  it("lists service DNS and custom domain, and endpoint DNS on both the endpoint and its resource", () => {
    expect(dns.get(order)?.map((d) => d.source)).toEqual(["service", "custom-domain"]);
    expect(dns.get(vpce)?.map((d) => d.source)).toEqual([
      "endpoint",
      "endpoint-association",
      "endpoint-association-private",
    ]);
    expect(dns.get(ledger)?.map((d) => [d.source, d.via])).toEqual([
      ["resource-definition", undefined],
      ["endpoint-association", vpce],
      ["endpoint-association-private", vpce],
    ]);
  });
});

describe("cidrContains", () => {
  it("tells whether an IPv4 block holds an address", () => {
    expect(cidrContains("10.1.0.0/16", "10.1.255.3")).toBe(true);
    expect(cidrContains("10.1.0.0/16", "10.2.0.1")).toBe(false);
    expect(cidrContains("0.0.0.0/0", "192.168.1.1")).toBe(true);
    expect(cidrContains("10.1.2.3/32", "10.1.2.3")).toBe(true);
    expect(cidrContains("10.1.0.0/33", "10.1.0.1")).toBe(false);
    expect(cidrContains("fd00::/8", "10.1.0.1")).toBe(false);
  });
});

describe("search", () => {
  const index = buildSearchIndex(topology);

  it("finds by name prefix, case-insensitively, exact names first", () => {
    const hits = search(index, "PAYMENTS");
    expect(hits[0]).toMatchObject({ nodeId: `account:${PAY}`, matched: "name", text: "payments" });
    expect(hits.map((h) => h.nodeId)).toContain(db);
  });

  it("finds the Aurora resource configuration by its association's private DNS name", () => {
    const [hit] = search(index, "payments-db.cluster-c7x2example");
    expect(hit).toMatchObject({
      nodeId: db,
      kind: "resource-configuration",
      accountId: PAY,
      matched: "dns",
      text: "payments-db.cluster-c7x2example.us-east-1.rds.amazonaws.com",
    });
  });

  it("finds by id, association id, ARN and the ARN of the resource behind a configuration", () => {
    expect(search(index, "svc-0order")[0]).toMatchObject({ nodeId: order, matched: "id" });
    expect(search(index, "snra-0000000000000db01")[0]).toMatchObject({ nodeId: db, matched: "id" });
    expect(search(index, ordersTg)[0]).toMatchObject({ nodeId: ordersTg, matched: "arn", text: ordersTg });
    expect(search(index, "cluster:aurora")[0]).toMatchObject({ nodeId: db, matched: "arn" });
    expect(search(index, "order.retail.example.com")[0]).toMatchObject({ nodeId: order, matched: "dns" });
  });

  it("ranks a word start above a substring and names above other fields", () => {
    const hits = search(index, "orders");
    expect(hits[0]).toMatchObject({ nodeId: ordersTg, matched: "name", text: "legacy-orders" });
  });

  it("requires every word of a multi-word query", () => {
    expect(search(index, "ledger analytics").map((h) => h.nodeId)).toEqual([vpce]);
    expect(search(index, "ledger nothing-like-this")).toEqual([]);
  });

  it("finds a VPC by its CIDR, and by an address inside it", () => {
    expect(search(index, "10.1.0.0/16")[0]).toMatchObject({ nodeId: vpc, matched: "cidr" });
    const hits = search(index, "10.1.4.20");
    expect(hits.map((h) => [h.nodeId, h.matched])).toEqual([
      [`${ordersTg}/target/10.1.4.20:8080`, "ip"],
      [vpc, "cidr"],
    ]);
    expect(hits[1]?.text).toBe("10.1.0.0/16 holds 10.1.4.20");
    expect(search(index, "10.9.0.1")).toEqual([]);
  });

  it("finds by tag value or key=value, by kind, and by the engine behind a resource", () => {
    expect(search(index, "confidential")[0]).toMatchObject({
      nodeId: db,
      matched: "tag",
      text: "DataClassification=confidential",
    });
    expect(search(index, "team=ordering")[0]).toMatchObject({ nodeId: vpc, matched: "tag" });
    for (const word of ["aurora", "database", "rds", "postgres"]) {
      expect(search(index, word)[0], word).toMatchObject({ nodeId: db, matched: "engine" });
    }
    expect(
      search(index, "resource configuration")
        .map((h) => h.nodeId)
        .sort(),
    ).toEqual([db, ledger].sort());
    expect(search(index, "target group")[0]).toMatchObject({ nodeId: ordersTg, matched: "kind" });
  });

  it("gives a resource as a result without a query, for recent and suggested lists", () => {
    expect(hitFor(index, order)).toMatchObject({ nodeId: order, name: "order", matched: "name" });
    expect(hitFor(index, "arn:nothing")).toBeUndefined();
  });

  it("returns nothing for a blank query and respects the limit", () => {
    expect(search(index, "   ")).toEqual([]);
    expect(search(index, "e", 2)).toHaveLength(2);
  });

  it("searches 20,000 nodes", () => {
    const nodes: TopologyNode[] = [];
    for (let i = 0; i < 20_000; i++) {
      const id = `arn:aws:vpc-lattice:us-east-1:${HUB}:service/svc-${String(i).padStart(17, "0")}`;
      nodes.push(
        node(id, "service", `service-${i}`, HUB, {
          id: `svc-${String(i).padStart(17, "0")}`,
          dnsEntry: { domainName: `service-${i}-${i.toString(36)}.vpc-lattice-svcs.us-east-1.on.aws` },
        }),
      );
    }
    const big = buildSearchIndex({ nodes, edges: [] });
    expect(search(big, "service-12345")[0]).toMatchObject({ name: "service-12345", matched: "name" });
    expect(search(big, `12345-${(12345).toString(36)}.vpc`)[0]).toMatchObject({
      name: "service-12345",
      matched: "dns",
    });
    expect(search(big, "svc-00000000000019999")[0]?.name).toBe("service-19999");
    expect(search(big, "service", 50)).toHaveLength(50);
    expect(search(big, "no-such-service")).toEqual([]);
  });
});
