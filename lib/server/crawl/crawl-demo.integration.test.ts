import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpdateListenerCommand } from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator, type RuleAction, type World } from "@trellis/aws-emulator";
import type { CrawlRunDetail, Estate, StoredRelation, StoredResource } from "@/lib/domain/topology/history";
import type { RelationKind, ResourceKind } from "@/lib/domain/topology/snapshot";
import type { Runtime } from "../runtime";
import { orderingLattice, orderSplit } from "../testing/demo-history";
import { accountNode, endpointNode, principalNode, targetNode, vpcNode } from "./node-ids";
import { crawlAndWait, createTestRuntimes, testCrawlEnvironment, type TestRuntimes } from "./testing";
import { startCrawlWorker, type CrawlWorker } from "./worker";

const ORDERING = "222233334444";
const PAYMENTS = "333344445555";
const PARTNER = "444455556666";
const ORDER_LISTENER = "listener-0orderhttps000001";
const ORDER_SERVICE = "svc-0order00000000001";

interface Expected {
  resources: Map<string, { kind: ResourceKind; accountId: string; region: string }>;
  relations: Map<string, { kind: RelationKind; source: string; target: string }>;
}

/** Every resource and relation the crawl must find, read from the emulator's world after loading the scenario. */
function expectedEstate(world: World): Expected {
  const resources: Expected["resources"] = new Map();
  const relations: Expected["relations"] = new Map();
  const resource = (id: string, kind: ResourceKind, accountId: string, region: string) =>
    resources.set(id, { kind, accountId, region });
  const relation = (kind: RelationKind, source: string, target: string) =>
    relations.set(`${kind}|${source}|${target}`, { kind, source, target });

  for (const account of world.accounts.values())
    resource(accountNode(account.id), "account", account.id, "global");
  for (const [region, r] of world.regions) {
    const forwards = (ruleArn: string, action: RuleAction) => {
      if (!("forward" in action)) return;
      for (const tg of action.forward.targetGroups) {
        const tgArn = [...r.targetGroups.values()].find(
          (g) => g.id === tg.targetGroupIdentifier || g.arn === tg.targetGroupIdentifier,
        )?.arn;
        relation("forward", ruleArn, tgArn ?? `missing ${tg.targetGroupIdentifier}`);
      }
    };
    for (const sn of r.serviceNetworks.values())
      resource(sn.arn, "service-network", sn.ownerAccountId, region);
    for (const svc of r.services.values()) resource(svc.arn, "service", svc.ownerAccountId, region);
    for (const listener of r.listeners.values()) {
      resource(listener.arn, "listener", listener.ownerAccountId, region);
      relation("service-listener", listener.serviceArn, listener.arn);
      const defaultRule = `${listener.arn}/rule/${listener.defaultRuleId}`;
      resource(defaultRule, "rule", listener.ownerAccountId, region);
      relation("listener-rule", listener.arn, defaultRule);
      forwards(defaultRule, listener.defaultAction);
    }
    for (const rule of r.rules.values()) {
      const listener = r.listeners.get(rule.listenerId);
      resource(rule.arn, "rule", rule.ownerAccountId, region);
      relation("listener-rule", listener?.arn ?? "missing listener", rule.arn);
      forwards(rule.arn, rule.action);
    }
    for (const tg of r.targetGroups.values()) {
      resource(tg.arn, "target-group", tg.ownerAccountId, region);
      for (const target of tg.targets) {
        const id = targetNode(tg.arn, target.id, target.port);
        resource(id, "target", tg.ownerAccountId, region);
        relation("tg-target", tg.arn, id);
      }
    }
    const snArn = (id: string) => r.serviceNetworks.get(id)?.arn ?? `missing ${id}`;
    for (const a of r.serviceNetworkVpcAssociations.values()) {
      const vpc = r.vpcs.get(a.vpcId);
      relation("sn-vpc", snArn(a.serviceNetworkId), vpcNode(region, vpc?.ownerId ?? "?", a.vpcId));
    }
    for (const a of r.serviceNetworkServiceAssociations.values()) {
      relation("sn-service", snArn(a.serviceNetworkId), r.services.get(a.serviceId)?.arn ?? "missing");
    }
    for (const a of r.serviceNetworkResourceAssociations.values()) {
      relation(
        "sn-resource",
        snArn(a.serviceNetworkId),
        r.resourceConfigurations.get(a.resourceConfigurationId)?.arn ?? "",
      );
    }
    for (const gw of r.resourceGateways.values())
      resource(gw.arn, "resource-gateway", gw.ownerAccountId, region);
    for (const rc of r.resourceConfigurations.values()) {
      resource(rc.arn, "resource-configuration", rc.ownerAccountId, region);
      const gw = rc.resourceGatewayId ? r.resourceGateways.get(rc.resourceGatewayId) : undefined;
      if (gw) relation("rgw-rcfg", gw.arn, rc.arn);
    }
    for (const vpc of r.vpcs.values())
      resource(vpcNode(region, vpc.ownerId, vpc.vpcId), "vpc", vpc.ownerId, region);
    for (const e of r.vpcEndpoints.values()) {
      if (e.vpcEndpointType !== "ServiceNetwork" && e.vpcEndpointType !== "Resource") continue;
      const id = endpointNode(region, e.ownerId, e.vpcEndpointId);
      resource(id, "vpc-endpoint", e.ownerId, region);
      if (e.serviceNetworkArn) relation("sn-endpoint", e.serviceNetworkArn, id);
    }
    for (const share of r.resourceShares.values()) {
      resource(share.resourceShareArn, "ram-share", share.owningAccountId, region);
      for (const shared of share.resources) {
        for (const principal of share.principals)
          relation("shared-with", shared.arn, principalNode(principal.id));
      }
    }
  }
  return { resources, relations };
}

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function totalVersionsAdded(run: CrawlRunDetail): number {
  return run.scopes.reduce((sum, scope) => sum + scope.versionsAdded, 0);
}

describe("crawling the demo organisation", () => {
  let emu: Emulator;
  let runtimes: TestRuntimes;
  let runtime: Runtime;
  let worker: CrawlWorker;
  let expected: Expected;
  let first: CrawlRunDetail;
  let estate: Estate;
  let resources: Map<string, StoredResource>;
  let relations: Map<string, StoredRelation>;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    expected = expectedEstate(emu.world);
    runtimes = await createTestRuntimes();
    runtime = await runtimes.add(await testCrawlEnvironment(emu.url));
    worker = await startCrawlWorker(runtime, { concurrency: 4, pollingIntervalSeconds: 0.5 });
    first = await crawlAndWait(runtime);
    const latest = await runtime.history.estateAt("latest");
    if (!latest) throw new Error("no estate");
    estate = latest;
    resources = byId(estate.resources);
    relations = byId(estate.relations);
  });

  afterAll(async () => {
    await worker?.stop();
    await runtimes?.stop();
    await emu?.close();
  });

  it("finishes the run ok with every scope recorded, counts per kind and the AWS calls made", () => {
    expect(first.status).toBe("ok");
    expect(first.errors).toEqual([]);
    expect(first.progress).toEqual({ done: 8, total: 8 });
    expect(first.scopes.map((s) => `${s.accountId}/${s.region}:${s.status}`)).toHaveLength(8);
    expect(first.scopes.every((s) => s.status === "ok")).toBe(true);
    expect(first.calls).toBe(emu.calls.snapshot().total);
    expect(first.counts).toMatchObject({ "service-network": 2, service: 5, "target-group": 9, rule: 8 });
  });

  it("captures every resource of the scenario, per kind, with its owner account", () => {
    const kinds = new Set([...expected.resources.values()].map((r) => r.kind));
    for (const kind of kinds) {
      const want = [...expected.resources]
        .filter(([, r]) => r.kind === kind)
        .map(([id]) => id)
        .sort();
      const got = estate.resources
        .filter((r) => r.kind === kind)
        .map((r) => r.id)
        .sort();
      expect(got, kind).toEqual(want);
    }
    for (const [id, want] of expected.resources) {
      expect({ id, accountId: resources.get(id)?.accountId, region: resources.get(id)?.region }).toEqual({
        id,
        accountId: want.accountId,
        region: want.region,
      });
    }
  });

  it("captures every relation of the scenario, per kind and per edge, each recorded once", () => {
    const kinds = new Set([...expected.relations.values()].map((r) => r.kind));
    expect(kinds.size).toBe(10);
    for (const kind of kinds) {
      const want = [...expected.relations]
        .filter(([, r]) => r.kind === kind)
        .map(([id]) => id)
        .sort();
      const got = estate.relations
        .filter((r) => r.kind === kind)
        .map((r) => r.id)
        .sort();
      expect(got, kind).toEqual(want);
    }
  });

  it("records the 90/10 canary weights on the default rule and its forward edges", () => {
    const listener = [...emu.world.region("us-east-1").listeners.values()].find(
      (l) => l.id === ORDER_LISTENER,
    );
    if (!listener) throw new Error("order listener missing");
    const ruleArn = `${listener.arn}/rule/${listener.defaultRuleId}`;
    const tg = (id: string) => `arn:aws:vpc-lattice:us-east-1:${ORDERING}:targetgroup/${id}`;
    expect(relations.get(`forward|${ruleArn}|${tg("tg-0orderstable00001")}`)?.data).toMatchObject({
      weight: 90,
      isDefault: true,
    });
    expect(relations.get(`forward|${ruleArn}|${tg("tg-0ordercanary00001")}`)?.data).toMatchObject({
      weight: 10,
    });
    expect(resources.get(ruleArn)?.data.action).toEqual({
      forward: {
        targetGroups: [
          { targetGroupIdentifier: "tg-0orderstable00001", weight: 90 },
          { targetGroupIdentifier: "tg-0ordercanary00001", weight: 10 },
        ],
      },
    });
  });

  it("records target health: the unhealthy canary target and the target groups' health counts", () => {
    const canary = `arn:aws:vpc-lattice:us-east-1:${ORDERING}:targetgroup/tg-0ordercanary00001`;
    expect(resources.get(targetNode(canary, "10.1.2.91", 8080))?.data).toMatchObject({
      status: "UNHEALTHY",
      reasonCode: "HealthCheckFailed",
    });
    expect(resources.get(canary)?.data.health).toEqual({ healthy: 1, unhealthy: 1, other: 0, total: 2 });
    for (const tg of emu.world.region("us-east-1").targetGroups.values()) {
      const healthy = tg.targets.filter((t) => t.status === "HEALTHY").length;
      expect(resources.get(tg.arn)?.data.health, tg.name).toMatchObject({
        healthy,
        total: tg.targets.length,
      });
    }
  });

  it("records DNS entries of resource associations and of VPC endpoint associations", () => {
    const r = emu.world.region("us-east-1");
    for (const a of r.serviceNetworkResourceAssociations.values()) {
      const sn = r.serviceNetworks.get(a.serviceNetworkId)?.arn;
      const rc = r.resourceConfigurations.get(a.resourceConfigurationId)?.arn;
      expect(relations.get(`sn-resource|${sn}|${rc}`)?.data).toMatchObject({
        dnsEntry: a.dnsEntry,
        privateDnsEntry: a.privateDnsEntry,
      });
    }
    const endpoints = [...r.vpcEndpoints.values()];
    expect(endpoints.some((e) => e.associations.some((a) => a.dnsEntry))).toBe(true);
    for (const e of endpoints) {
      const node = resources.get(endpointNode("us-east-1", e.ownerId, e.vpcEndpointId));
      expect(node?.data.associations).toEqual(
        e.associations.map((a) =>
          expect.objectContaining({
            associatedResourceArn: a.associatedResourceArn,
            dnsEntry: a.dnsEntry
              ? { dnsName: a.dnsEntry.domainName, hostedZoneId: a.dnsEntry.hostedZoneId }
              : null,
            privateDnsEntry: a.privateDnsEntry
              ? { dnsName: a.privateDnsEntry.domainName, hostedZoneId: a.privateDnsEntry.hostedZoneId }
              : null,
          }),
        ),
      );
      expect(node?.data.resourceConfigurationArn ?? null).toBe(e.resourceConfigurationArn ?? null);
    }
  });

  it("records RAM shares and who they are shared with, the pending invitation included", () => {
    const share = "arn:aws:ram:us-east-1:111122223333:resource-share/11111111-2222-4333-8444-000000000001";
    const network = "arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-0retailnetwork001";
    expect(resources.get(share)).toMatchObject({ kind: "ram-share", name: "retail-network-share" });
    const edge = (account: string) => relations.get(`shared-with|${network}|${accountNode(account)}`)?.data;
    expect(edge(ORDERING)).toMatchObject({ shareArn: share, status: "ASSOCIATED" });
    expect(edge(PAYMENTS)).toMatchObject({ shareArn: share, status: "ASSOCIATED" });
    expect(edge(PARTNER)).toMatchObject({
      shareArn: share,
      status: "ASSOCIATING",
      invitationStatus: "PENDING",
      external: true,
    });
    const ledger = `arn:aws:vpc-lattice:us-east-1:${PAYMENTS}:resourceconfiguration/rcfg-0ledgerexport0001`;
    expect(relations.get(`shared-with|${ledger}|${accountNode(ORDERING)}`)?.data).toMatchObject({
      shareName: "payments-resources",
      status: "ASSOCIATED",
    });
  });

  it("adds no version when nothing changed, and exactly the changed ones after a weight shift", async () => {
    const unchanged = await crawlAndWait(runtime);
    expect(unchanged.status).toBe("ok");
    expect(totalVersionsAdded(unchanged)).toBe(0);
    expect(unchanged.scopes.reduce((sum, s) => sum + s.versionsClosed, 0)).toBe(0);

    const ordering = orderingLattice(emu.url);
    await ordering.send(
      new UpdateListenerCommand({
        serviceIdentifier: ORDER_SERVICE,
        listenerIdentifier: ORDER_LISTENER,
        defaultAction: orderSplit(80, 20, ["tg-0orderstable00001", "tg-0ordercanary00001"]),
      }),
    );
    ordering.destroy();

    const shifted = await crawlAndWait(runtime);
    // One resource version (the listener's default rule, which holds the action) and one relation version per
    // forward edge whose weight changed (stable 90 → 80, canary 10 → 20). The listener itself is unchanged.
    expect(totalVersionsAdded(shifted)).toBe(3);
    const diff = await runtime.history.diff(unchanged.id, shifted.id);
    if (!diff) throw new Error("no diff");
    expect(diff.resources.added).toEqual([]);
    expect(diff.resources.removed).toEqual([]);
    expect(diff.relations.added).toEqual([]);
    expect(diff.relations.removed).toEqual([]);
    expect(diff.resources.changed).toHaveLength(1);
    const rule = diff.resources.changed[0];
    expect(rule?.after.kind).toBe("rule");
    expect(rule?.after.parentId).toContain(ORDER_LISTENER);
    expect(rule?.changes).toEqual(
      expect.arrayContaining([
        { path: "data.action.forward.targetGroups[0].weight", kind: "changed", before: 90, after: 80 },
        { path: "data.action.forward.targetGroups[1].weight", kind: "changed", before: 10, after: 20 },
      ]),
    );
    const edges = diff.relations.changed.map((c) => ({
      kind: c.after.kind,
      target: c.after.target.split("/").pop(),
      changes: c.changes,
    }));
    expect(edges).toEqual(
      expect.arrayContaining([
        {
          kind: "forward",
          target: "tg-0orderstable00001",
          changes: [{ path: "data.weight", kind: "changed", before: 90, after: 80 }],
        },
        {
          kind: "forward",
          target: "tg-0ordercanary00001",
          changes: [{ path: "data.weight", kind: "changed", before: 10, after: 20 }],
        },
      ]),
    );
    expect(edges).toHaveLength(2);
  });
});
