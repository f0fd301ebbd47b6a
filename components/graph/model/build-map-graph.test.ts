import { describe, expect, it } from "vitest";
import type { TopologyResponse } from "@/lib/domain/http/api-responses";
import { relationId, type CrawledRelation, type CrawledResource } from "@/lib/domain/topology/snapshot";
import { buildTopology } from "@/lib/domain/topology/topology";
import { buildMapGraph, type MapGraph, type MapViewState } from "./build-map-graph";
import { shareLabel } from "./map-graph-edges";
import { NO_FILTERS, type MapFilters } from "./map-filters";
import { buildTopologyIndex } from "./topology-index";

const HUB = "111122223333";
const TEAM = "222233334444";
const OTHER = "333344445555";
const region = "us-east-1";
const lattice = (account: string, path: string) => `arn:aws:vpc-lattice:${region}:${account}:${path}`;

const SN = lattice(HUB, "servicenetwork/sn-00000000000000001");
const SHARE = `arn:aws:ram:${region}:${HUB}:resource-share/share-1`;
const SVC = lattice(TEAM, "service/svc-00000000000000001");
const LISTENER = `${SVC}/listener/listener-00000000000000001`;
const DEFAULT_RULE = `${LISTENER}/rule/rule-default0000000001`;
const HEADER_RULE = `${LISTENER}/rule/rule-header00000000001`;
const STABLE = lattice(TEAM, "targetgroup/tg-00000000000000001");
const CANARY = lattice(TEAM, "targetgroup/tg-00000000000000002");
const VPC = `arn:aws:ec2:${region}:${TEAM}:vpc/vpc-0team`;
const LONELY = lattice(OTHER, "service/svc-00000000000000009");

function res(
  id: string,
  kind: CrawledResource["kind"],
  accountId: string,
  name: string,
  data: Record<string, unknown> = {},
  parentId?: string,
): CrawledResource {
  return {
    id,
    kind,
    accountId,
    region: kind === "account" ? "global" : region,
    name,
    data,
    ...(parentId ? { parentId } : {}),
  };
}

function rel(kind: CrawledRelation["kind"], source: string, target: string, data?: Record<string, unknown>) {
  return {
    id: relationId(kind, source, target),
    kind,
    source,
    target,
    accountId: HUB,
    region,
    ...(data ? { data } : {}),
  };
}

function target(group: string, ip: string, status: string) {
  return res(`${group}/target/${ip}:80`, "target", TEAM, `${ip}:80`, { status }, group);
}

/** A hub sharing its network with a team whose order-like service splits 90/10, the canary having no healthy target. */
function topology(): TopologyResponse {
  const resources = [
    res(`account:${HUB}`, "account", HUB, "hub"),
    res(`account:${TEAM}`, "account", TEAM, "team"),
    res(`account:${OTHER}`, "account", OTHER, "other"),
    res(SN, "service-network", HUB, "retail", {}, `account:${HUB}`),
    res(SHARE, "ram-share", HUB, "retail-share", { resources: [{ arn: SN }] }, `account:${HUB}`),
    res(SVC, "service", TEAM, "order", { tags: { Team: "ordering" } }, `account:${TEAM}`),
    res(LISTENER, "listener", TEAM, "https-443", { protocol: "HTTPS", port: 443 }, SVC),
    res(DEFAULT_RULE, "rule", TEAM, "default", { isDefault: true }, LISTENER),
    res(HEADER_RULE, "rule", TEAM, "canary-header", { priority: 20 }, LISTENER),
    res(
      STABLE,
      "target-group",
      TEAM,
      "stable",
      { health: { healthy: 2, unhealthy: 0, other: 0, total: 2 } },
      `account:${TEAM}`,
    ),
    res(
      CANARY,
      "target-group",
      TEAM,
      "canary",
      { health: { healthy: 0, unhealthy: 1, other: 0, total: 1 } },
      `account:${TEAM}`,
    ),
    target(STABLE, "10.0.0.1", "HEALTHY"),
    target(STABLE, "10.0.0.2", "HEALTHY"),
    target(CANARY, "10.0.0.3", "UNHEALTHY"),
    res(VPC, "vpc", TEAM, "team-vpc", {}, `account:${TEAM}`),
    res(LONELY, "service", OTHER, "lonely", {}, `account:${OTHER}`),
  ];
  const relations = [
    rel("sn-service", SN, SVC),
    rel("sn-vpc", SN, VPC),
    rel("shared-with", SN, `account:${TEAM}`, { status: "ASSOCIATED" }),
    rel("shared-with", SN, `account:${OTHER}`, { status: "ASSOCIATING", invitationStatus: "PENDING" }),
    rel("service-listener", SVC, LISTENER),
    rel("listener-rule", LISTENER, DEFAULT_RULE),
    rel("listener-rule", LISTENER, HEADER_RULE),
    rel("forward", DEFAULT_RULE, STABLE, { weight: 90, isDefault: true }),
    rel("forward", DEFAULT_RULE, CANARY, { weight: 10, isDefault: true }),
    rel("forward", HEADER_RULE, CANARY, { weight: 100 }),
    rel("tg-target", STABLE, `${STABLE}/target/10.0.0.1:80`),
    rel("tg-target", STABLE, `${STABLE}/target/10.0.0.2:80`),
    rel("tg-target", CANARY, `${CANARY}/target/10.0.0.3:80`),
  ];
  const built = buildTopology(resources, relations, [
    { accountId: OTHER, region, stale: true, lastSuccessAt: "2026-01-05T09:00:00.000Z" },
  ]);
  return {
    run: { id: 7, status: "ok", startedAt: null, finishedAt: null },
    demo: false,
    scopes: [
      {
        accountId: OTHER,
        region,
        status: "failed",
        stale: true,
        lastCrawledAt: "2026-01-06T09:00:00.000Z",
        lastSuccessAt: "2026-01-05T09:00:00.000Z",
      },
    ],
    ...built,
  };
}

const index = buildTopologyIndex(topology());

function view(
  patch: Partial<Omit<MapViewState, "filters">> & { filters?: Partial<MapFilters> } = {},
): MapGraph {
  return buildMapGraph(index, {
    expanded: patch.expanded ?? new Set(),
    selected: patch.selected,
    filters: { ...NO_FILTERS, ...patch.filters },
  });
}

const ids = (graph: MapGraph) => graph.nodes.map((n) => n.id).sort();
const edge = (graph: MapGraph, source: string, target: string) =>
  graph.edges.find((e) => e.source === source && e.target === target);

describe("buildMapGraph", () => {
  it("starts aggregated: every account collapsed, only service networks inside, one labelled edge per network and account", () => {
    const graph = view();
    expect(graph.boxes.map((b) => [b.summary.name, b.collapsed])).toEqual([
      ["hub", true],
      ["other", true],
      ["team", true],
    ]);
    expect(graph.boxes[0]?.hubScore).toBeGreaterThan(0);
    expect(ids(graph)).toEqual([SN]);
    expect(edge(graph, SN, `account:${TEAM}`)).toMatchObject({
      tone: "association",
      label: "RAM · 1 service · 1 VPC",
      aggregate: true,
      internal: false,
    });
    expect(edge(graph, SN, `account:${OTHER}`)).toMatchObject({
      tone: "pending",
      label: "RAM share pending",
    });
    expect(index.accounts.get(`account:${TEAM}`)).toMatchObject({
      counts: { service: 1, "target-group": 2, vpc: 1 },
      // The canary, and the order service whose header rule forwards only to it.
      issues: 2,
    });
    expect(index.accounts.get(`account:${OTHER}`)?.staleScopes).toHaveLength(1);
  });

  it("expanding an account shows its services and target groups but not listeners, rules or targets", () => {
    const graph = view({ expanded: new Set([`account:${TEAM}`]) });
    expect(ids(graph)).toEqual([SN, STABLE, CANARY, SVC, VPC].sort());
    const toStable = edge(graph, SVC, STABLE);
    expect(toStable).toMatchObject({
      tone: "forward",
      label: "default 90 % (eff. 100 %)",
      internal: true,
      aggregate: true,
    });
    // The split reads on the service's edges while its rules are hidden: each rule with its share there.
    expect(edge(graph, SVC, CANARY)).toMatchObject({
      tone: "forward-dead",
      label: "default 10 % (eff. 0 %) · canary-header 100 % (eff. 0 %)",
    });
    expect(graph.nodes.find((n) => n.id === SVC)?.split).toMatchObject({
      where: "default action of https-443",
      parts: [
        { name: "stable", percent: 90, noHealthyTarget: false },
        { name: "canary", percent: 10, noHealthyTarget: true },
      ],
      others: 0,
    });
    expect(edge(graph, VPC, SN)).toMatchObject({ tone: "association", aggregate: false, internal: false });
    expect(graph.nodes.find((n) => n.id === CANARY)).toMatchObject({
      health: "no-healthy",
      childSummary: "1 target",
    });
    expect(graph.nodes.find((n) => n.id === SVC)).toMatchObject({
      health: "failing",
      expandable: true,
      expanded: false,
      childSummary: "1 listener · 2 rules",
    });
  });

  it("selecting a service opens it: its listener and rules appear with each target group's share and effective share", () => {
    const graph = view({ expanded: new Set([`account:${TEAM}`]), selected: SVC });
    expect(ids(graph)).toEqual([SN, STABLE, CANARY, SVC, LISTENER, DEFAULT_RULE, HEADER_RULE, VPC].sort());
    expect(edge(graph, DEFAULT_RULE, STABLE)).toMatchObject({
      label: "90 % · eff. 100 %",
      share: 0.9,
      aggregate: false,
    });
    expect(edge(graph, DEFAULT_RULE, CANARY)).toMatchObject({
      label: "10 % · eff. 0 %",
      tone: "forward-dead",
    });
    expect(edge(graph, HEADER_RULE, CANARY)?.label).toBe("100 % · eff. 0 %");
    expect(graph.nodes.find((n) => n.id === SVC)).toMatchObject({ expanded: true, lockedOpen: true });
  });

  it("a selected resource in a collapsed account shows in its box, and an expanded target group shows its targets", () => {
    const selected = view({ selected: CANARY });
    expect(ids(selected)).toEqual([SN, CANARY, `${CANARY}/target/10.0.0.3:80`].sort());
    expect(selected.boxes.find((b) => b.id === `account:${TEAM}`)?.collapsed).toBe(true);
    const expanded = view({ expanded: new Set([`account:${TEAM}`, STABLE]) });
    expect(ids(expanded)).toContain(`${STABLE}/target/10.0.0.1:80`);
    expect(ids(expanded)).not.toContain(`${CANARY}/target/10.0.0.3:80`);
  });

  it("expanding a service network shows what is associated with it, in otherwise collapsed accounts", () => {
    const graph = view({ expanded: new Set([SN]) });
    expect(ids(graph)).toEqual([SN, SVC, VPC].sort());
    expect(edge(graph, SN, SVC)).toMatchObject({ tone: "association", aggregate: false });
    expect(graph.nodes.find((n) => n.id === SN)?.expanded).toBe(true);
  });

  it("filters by health, tag, account, region, network and kind", () => {
    expect(ids(view({ filters: { health: "issues" } }))).toEqual([SN, CANARY, SVC].sort());
    expect(view({ filters: { health: "issues" } }).boxes.map((b) => b.summary.name)).toEqual(["hub", "team"]);
    expect(ids(view({ filters: { tags: ["Team=ordering"] } }))).toEqual([SVC]);
    expect(ids(view({ filters: { tags: ["Team=payments"] } }))).toEqual([]);
    expect(view({ filters: { accounts: [TEAM] } }).boxes.map((b) => b.summary.name)).toEqual(["team"]);
    expect(view({ filters: { regions: ["eu-west-1"] } }).nodes).toEqual([]);
    expect(ids(view({ filters: { networks: [SN] } }))).toEqual([SN, STABLE, CANARY, SVC, VPC].sort());
    expect(ids(view({ filters: { kinds: ["target-group"] } }))).toEqual([STABLE, CANARY].sort());
    expect(ids(view({ filters: { kinds: ["rule"] } }))).toEqual(
      [SVC, LISTENER, DEFAULT_RULE, HEADER_RULE].sort(),
    );
  });

  it("counts in each box only what the filters keep, and drops what they leave unrelated", () => {
    const team = (graph: MapGraph) => graph.boxes.find((b) => b.id === `account:${TEAM}`)?.summary;
    expect(team(view())?.counts).toEqual({ service: 1, "target-group": 2, vpc: 1 });
    const issues = view({ filters: { health: "issues" } });
    expect(team(issues)).toMatchObject({ counts: { service: 1, "target-group": 1 }, issues: 2 });
    expect(issues.scope).toEqual(new Set([SN, SVC, CANARY]));
    expect(view().scope).toBeUndefined();
    // A region with nothing in it: no box but the stale account's, which may hold what was not read.
    expect(view({ filters: { regions: ["eu-west-1"] } }).boxes.map((b) => b.summary.name)).toEqual([]);
    expect(view({ filters: { regions: [region] } }).boxes.map((b) => b.summary.name)).toEqual([
      "hub",
      "other",
      "team",
    ]);
    expect(team(view({ filters: { regions: [region] } }))?.regions).toEqual([region]);
  });

  it("draws a RAM share's resources and keeps edges out of a box that holds both ends", () => {
    const graph = view({ expanded: new Set([`account:${HUB}`]) });
    expect(ids(graph)).toEqual([SN, SHARE].sort());
    expect(edge(graph, SHARE, SN)).toMatchObject({ tone: "contains", internal: true });
    expect(graph.edges.some((e) => e.source === e.target)).toBe(false);
  });
});

describe("shareLabel", () => {
  it("shows the effective share only when health changes it", () => {
    expect(shareLabel(90, 0.9, 90, 0.9)).toBe("90 %");
    expect(shareLabel(10, 0.1, 0, 0)).toBe("10 % · eff. 0 %");
    expect(shareLabel(0, 0.004, 0, 0.004)).toBe("<1 %");
  });
});
