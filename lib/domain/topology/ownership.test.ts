import { describe, expect, it } from "vitest";
import { ownershipFromTags, ownershipOf } from "./ownership";
import type { TopologyNode } from "./topology";

describe("ownershipFromTags", () => {
  it("recognises a CloudFormation stack by its stack-name tag", () => {
    const [owner, ...rest] = ownershipFromTags({
      Team: "payments",
      "aws:cloudformation:stack-name": "notification-stack",
      "aws:cloudformation:logical-id": "NotificationService",
      "aws:cloudformation:stack-id":
        "arn:aws:cloudformation:us-east-1:333344445555:stack/notification-stack/0f6c2d40-1a2b-11f1-9c3d-0a1b2c3d4e5f",
    });
    expect(rest).toEqual([]);
    expect(owner).toMatchObject({
      manager: "cloudformation",
      detail: "stack notification-stack, resource NotificationService",
    });
    expect(owner?.advice).toContain("notification-stack");
    expect(Object.keys(owner?.evidence ?? {})).not.toContain("Team");
  });

  it("falls back to the stack id when the name tag is missing", () => {
    const [owner] = ownershipFromTags({
      "aws:cloudformation:stack-id": "arn:aws:cloudformation:us-east-1:1:stack/orders/abc",
    });
    expect(owner?.detail).toBe("stack orders");
  });

  it("recognises the Gateway API controller and names the route and cluster", () => {
    const [owner] = ownershipFromTags({
      "application-networking.k8s.aws/ManagedBy": "222233334444/inventory-cluster/vpc-02222000000000002",
      "application-networking.k8s.aws/RouteName": "inventory",
      "application-networking.k8s.aws/RouteNamespace": "store",
      "application-networking.k8s.aws/RouteType": "http",
    });
    expect(owner).toMatchObject({
      manager: "gateway-api-controller",
      detail: "HTTPRoute store/inventory in cluster inventory-cluster",
    });
    expect(owner?.advice).toBe(
      "Change the HTTPRoute store/inventory in cluster inventory-cluster instead; the controller reconciles this resource back to the route.",
    );
  });

  it("reads the controller's target-group tags, both the real and the demo spelling", () => {
    const [real] = ownershipFromTags({
      "application-networking.k8s.aws/K8SClusterName": "c1",
      "application-networking.k8s.aws/ServiceName": "pay",
      "application-networking.k8s.aws/ServiceNamespace": "shop",
      "application-networking.k8s.aws/SourceTypeKey": "ServiceExport",
    });
    expect(real?.detail).toBe("Service shop/pay in cluster c1");
    const [demo] = ownershipFromTags({
      "application-networking.k8s.aws/K8SServiceName": "inventory",
      "application-networking.k8s.aws/K8SServiceNamespace": "store",
      "application-networking.k8s.aws/RouteName": "inventory",
      "application-networking.k8s.aws/RouteNamespace": "store",
      "application-networking.k8s.aws/RouteType": "grpc",
    });
    expect(demo?.detail).toBe("GRPCRoute store/inventory, Service store/inventory");
  });

  it("names the cluster when the controller's ManagedBy tag is all there is", () => {
    const [owner] = ownershipFromTags({
      "application-networking.k8s.aws/ManagedBy": "222233334444/inventory-cluster/vpc-02222000000000002",
    });
    expect(owner?.detail).toBe("cluster inventory-cluster");
    expect(owner?.advice).toBe(
      "Change the Kubernetes resources in cluster inventory-cluster instead; the controller reconciles this resource.",
    );
  });

  it("recognises ECS-managed target groups and names the ECS service", () => {
    const [owner] = ownershipFromTags({
      AmazonECSManaged: "true",
      "aws:ecs:clusterName": "ordering-cluster",
      "aws:ecs:serviceArn": "arn:aws:ecs:us-east-1:222233334444:service/ordering-cluster/order-canary",
    });
    expect(owner).toMatchObject({
      manager: "ecs",
      detail: "service order-canary in cluster ordering-cluster",
    });
    expect(ownershipFromTags({ AmazonECSManaged: "true" })[0]?.detail).toBe("ECS-managed");
  });

  it("takes Terraform hints only from tags that say so", () => {
    expect(ownershipFromTags({ ManagedBy: "Terraform", workspace: "prod" })[0]).toMatchObject({
      manager: "terraform",
      detail: "prod",
    });
    expect(ownershipFromTags({ ManagedBy: "network-team", Owner: "terraform-fans" })).toEqual([]);
    expect(ownershipFromTags({ Team: "ordering" })).toEqual([]);
    expect(ownershipFromTags(undefined)).toEqual([]);
  });

  it("lists every manager when several tag sets are present", () => {
    const owners = ownershipFromTags({
      "aws:cloudformation:stack-name": "s",
      "services.k8s.aws/namespace": "team-a",
    });
    expect(owners.map((o) => o.manager)).toEqual(["cloudformation", "ack"]);
  });
});

describe("ownershipOf", () => {
  const node = (
    id: string,
    kind: TopologyNode["kind"],
    parentId: string | undefined,
    tags?: Record<string, string>,
  ): TopologyNode => ({
    id,
    kind,
    name: id,
    accountId: "222233334444",
    region: "us-east-1",
    ...(parentId ? { parentId } : {}),
    data: tags ? { tags } : {},
  });
  const nodes = new Map(
    [
      node("account:2", "account", undefined),
      node("svc", "service", "account:2", {
        "application-networking.k8s.aws/RouteName": "inventory",
        "application-networking.k8s.aws/RouteNamespace": "store",
      }),
      node("listener", "listener", "svc", {
        "application-networking.k8s.aws/ManagedBy": "222233334444/inventory-cluster/vpc-0abc",
      }),
      node("rule", "rule", "listener"),
      node("tg", "target-group", "account:2", { AmazonECSManaged: "true" }),
      node("target", "target", "tg"),
      node("plain-svc", "service", "account:2", { Team: "x" }),
      node("plain-listener", "listener", "plain-svc"),
      node("vpc", "vpc", "account:2"),
    ].map((n) => [n.id, n]),
  );

  it("inherits the service's owner on its listeners and rules", () => {
    const [owner] = ownershipOf("rule", nodes);
    expect(owner?.manager).toBe("gateway-api-controller");
    expect(owner?.inheritedFrom).toEqual({ id: "svc", name: "svc", kind: "service" });
    expect(ownershipOf("listener", nodes)[0]?.inheritedFrom?.id).toBe("svc");
  });

  it("prefers the service's route over a listener's own ManagedBy-only tags, keeping both as evidence", () => {
    const owners = ownershipOf("listener", nodes);
    expect(owners).toHaveLength(1);
    expect(owners[0]?.detail).toBe("HTTPRoute store/inventory");
    expect(Object.keys(owners[0]?.evidence ?? {})).toEqual([
      "application-networking.k8s.aws/RouteName",
      "application-networking.k8s.aws/RouteNamespace",
      "application-networking.k8s.aws/ManagedBy",
    ]);
  });

  it("inherits a target group's owner on its targets", () => {
    expect(ownershipOf("target", nodes)[0]).toMatchObject({ manager: "ecs", inheritedFrom: { id: "tg" } });
  });

  it("returns nothing for unmanaged resources and does not inherit from accounts", () => {
    expect(ownershipOf("plain-listener", nodes)).toEqual([]);
    expect(ownershipOf("vpc", nodes)).toEqual([]);
    expect(ownershipOf("missing", nodes)).toEqual([]);
    expect(ownershipOf("svc", nodes)[0]?.inheritedFrom).toBeUndefined();
  });
});
