import { describe, expect, it } from "vitest";
import { buildTopology } from "./topology";
import { relationId, type CrawledRelation, type CrawledResource } from "./snapshot";

const region = "us-east-1";
const svc = "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-00000000000000001";
const listener = `${svc}/listener/listener-00000000000000001`;
const rule = `${listener}/rule/rule-00000000000000001`;
const stable = "arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/tg-00000000000000001";
const canary = "arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/tg-00000000000000002";
const sn = "arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-00000000000000001";

function res(
  id: string,
  kind: CrawledResource["kind"],
  data: Record<string, unknown> = {},
  accountId = "111122223333",
): CrawledResource {
  return { id, kind, accountId, region, name: id.split("/").pop()!, data };
}

function rel(
  kind: CrawledRelation["kind"],
  source: string,
  target: string,
  data?: Record<string, unknown>,
): CrawledRelation {
  return {
    id: relationId(kind, source, target),
    kind,
    source,
    target,
    accountId: "111122223333",
    region,
    ...(data ? { data } : {}),
  };
}

describe("buildTopology", () => {
  const resources = [
    res("account:111122223333", "account"),
    res(sn, "service-network"),
    res(svc, "service", { status: "ACTIVE" }),
    res(listener, "listener"),
    res(rule, "rule"),
    res(stable, "target-group", { health: { healthy: 3, unhealthy: 0, other: 0, total: 3 } }),
    res(canary, "target-group", { health: { healthy: 1, unhealthy: 1, other: 0, total: 2 } }),
  ];
  const relations = [
    rel("service-listener", svc, listener),
    rel("listener-rule", listener, rule),
    rel("forward", rule, stable, { weight: 90 }),
    rel("forward", rule, canary, { weight: 10 }),
    rel("sn-vpc", sn, "arn:aws:ec2:us-east-1:444455556666:vpc/vpc-0abc"),
    rel("shared-with", sn, "account:555566667777"),
  ];

  it("carries forward weights on edges and status on nodes", () => {
    const topo = buildTopology(resources, relations);
    const forward = topo.edges.filter((e) => e.kind === "forward").map((e) => e.weight);
    expect(forward).toEqual([90, 10]);
    expect(topo.nodes.find((n) => n.id === svc)?.status).toBe("ACTIVE");
  });

  it("rolls target-group health up to the service", () => {
    const topo = buildTopology(resources, relations);
    expect(topo.nodes.find((n) => n.id === svc)?.health).toEqual({
      healthy: 4,
      unhealthy: 1,
      other: 0,
      total: 5,
    });
  });

  it("adds placeholders for uncrawled VPCs and principal accounts", () => {
    const topo = buildTopology(resources, relations);
    const vpc = topo.nodes.find((n) => n.id.endsWith("vpc/vpc-0abc"));
    expect(vpc).toMatchObject({ kind: "vpc", accountId: "444455556666", external: true });
    expect(topo.nodes.find((n) => n.id === "account:555566667777")).toMatchObject({
      kind: "account",
      external: true,
    });
    expect(topo.edges).toHaveLength(relations.length);
  });

  it("marks resources of failed scopes stale", () => {
    const topo = buildTopology(resources, relations, [
      { accountId: "111122223333", region, stale: true, lastSuccessAt: "2026-11-20T10:00:00.000Z" },
    ]);
    expect(topo.nodes.find((n) => n.id === svc)?.stale).toBe(true);
    expect(topo.nodes.find((n) => n.id === "account:111122223333")?.stale).toBe(true);
  });
});
