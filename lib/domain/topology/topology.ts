import type { ScopeState } from "./history";
import { expandIncomplete, type IncompleteMark, type UnknownPart } from "./incomplete";
import type { RelationKind, ResourceKind } from "./snapshot";

/** A resource as stored or as crawled (stored versions carry `parentId: null`). */
export interface TopologyResourceInput {
  id: string;
  kind: ResourceKind;
  accountId: string;
  region: string;
  name: string;
  parentId?: string | null;
  data: Record<string, unknown>;
}

export interface TopologyRelationInput {
  id: string;
  kind: RelationKind;
  source: string;
  target: string;
  accountId?: string;
  region?: string;
  data?: Record<string, unknown> | null;
}

export interface HealthCounts {
  healthy: number;
  unhealthy: number;
  other: number;
  total: number;
}

export interface TopologyNode {
  id: string;
  kind: ResourceKind;
  name: string;
  accountId: string;
  region: string;
  parentId?: string;
  status?: string;
  health?: HealthCounts;
  /** The account × region failed to crawl in the latest run; this is its last known state. */
  stale?: boolean;
  /** Referenced by a crawled resource but not itself crawled (e.g. a VPC of an account Trellis doesn't crawl). */
  external?: boolean;
  /**
   * Parts the last crawl could not read (a failed sub-read), or that an unread listing above it kept: `data`
   * shows their last known values, or lacks them when they were never read.
   */
  incomplete?: UnknownPart[];
  data: Record<string, unknown>;
}

export interface TopologyEdge {
  id: string;
  source: string;
  target: string;
  kind: RelationKind;
  weight?: number;
  data?: Record<string, unknown>;
  incomplete?: UnknownPart[];
}

export interface Topology {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** Every failed read the map's data depends on, as marked on its subject (scope-wide ones on the account). */
  incomplete?: IncompleteMark[];
}

function parseArnAccount(id: string): string | undefined {
  const part = id.split(":")[4];
  return part && /^\d{12}$/.test(part) ? part : undefined;
}

function parseArnRegion(id: string): string {
  return id.split(":")[3] || "global";
}

function placeholder(id: string): TopologyNode | undefined {
  if (id.startsWith("account:")) {
    const accountId = id.slice("account:".length);
    return {
      id,
      kind: "account",
      name: accountId,
      accountId,
      region: "global",
      external: true,
      data: { id: accountId },
    };
  }
  const accountId = parseArnAccount(id);
  if (!accountId) return undefined;
  const region = parseArnRegion(id);
  const resource = id.split(":").slice(5).join(":");
  const [type, ...rest] = resource.split("/");
  const kindByType: Record<string, ResourceKind> = {
    vpc: "vpc",
    "vpc-endpoint": "vpc-endpoint",
    servicenetwork: "service-network",
    service: "service",
    targetgroup: "target-group",
    resourceconfiguration: "resource-configuration",
    resourcegateway: "resource-gateway",
  };
  const kind = type ? kindByType[type] : undefined;
  if (!kind || (kind === "service" && rest.length > 1)) return undefined;
  const name = rest.join("/") || id;
  return {
    id,
    kind,
    name,
    accountId,
    region,
    parentId: `account:${accountId}`,
    external: true,
    data: { id: name },
  };
}

function healthOf(data: Record<string, unknown>): HealthCounts | undefined {
  const h = data.health as Partial<HealthCounts> | null | undefined;
  if (!h || typeof h.total !== "number") return undefined;
  return { healthy: h.healthy ?? 0, unhealthy: h.unhealthy ?? 0, other: h.other ?? 0, total: h.total };
}

/**
 * Builds the graph served by /api/topology: one node per crawled resource, one edge per relation, with
 * placeholders for referenced-but-uncrawled endpoints, stale flags from failed scopes, and health rolled up
 * from target groups to the services that forward to them.
 */
export function buildTopology(
  resources: readonly TopologyResourceInput[],
  relations: readonly TopologyRelationInput[],
  scopes: readonly Pick<ScopeState, "accountId" | "region" | "stale" | "lastSuccessAt">[] = [],
  marks: readonly IncompleteMark[] = [],
): Topology {
  const staleScopes = new Set(scopes.filter((s) => s.stale).map((s) => `${s.accountId}|${s.region}`));
  const staleAccounts = new Set(scopes.filter((s) => s.stale).map((s) => s.accountId));
  const nodes = new Map<string, TopologyNode>();
  for (const r of resources) {
    const stale =
      r.region === "global" ? staleAccounts.has(r.accountId) : staleScopes.has(`${r.accountId}|${r.region}`);
    const status = typeof r.data.status === "string" ? r.data.status : undefined;
    const health = healthOf(r.data);
    nodes.set(r.id, {
      id: r.id,
      kind: r.kind,
      name: r.name,
      accountId: r.accountId,
      region: r.region,
      ...(r.parentId ? { parentId: r.parentId } : {}),
      ...(status ? { status } : {}),
      ...(health ? { health } : {}),
      ...(stale ? { stale } : {}),
      data: r.data,
    });
  }

  const edges: TopologyEdge[] = [];
  for (const rel of relations) {
    for (const end of [rel.source, rel.target]) {
      if (!nodes.has(end)) {
        const p = placeholder(end);
        if (p) nodes.set(end, p);
      }
    }
    if (!nodes.has(rel.source) || !nodes.has(rel.target)) continue;
    const weight =
      rel.kind === "forward" && typeof rel.data?.weight === "number" ? rel.data.weight : undefined;
    edges.push({
      id: rel.id,
      source: rel.source,
      target: rel.target,
      kind: rel.kind,
      ...(weight !== undefined ? { weight } : {}),
      ...(rel.data && Object.keys(rel.data).length > 0 ? { data: rel.data } : {}),
    });
  }

  for (const node of nodes.values()) {
    if (node.parentId && !nodes.has(node.parentId)) {
      const p = placeholder(node.parentId);
      if (p) nodes.set(node.parentId, p);
    }
  }

  if (marks.length > 0) {
    const unknown = expandIncomplete(resources, relations, marks);
    for (const [id, parts] of unknown.resources) {
      const node = nodes.get(id);
      if (node) node.incomplete = parts;
    }
    for (const edge of edges) {
      const parts = unknown.relations.get(edge.id);
      if (parts) edge.incomplete = parts;
    }
  }

  rollUpServiceHealth(nodes, edges);
  return { nodes: [...nodes.values()], edges, ...(marks.length > 0 ? { incomplete: [...marks] } : {}) };
}

/** A service's health: the sum over the distinct target groups its listeners' rules forward to. */
function rollUpServiceHealth(nodes: Map<string, TopologyNode>, edges: TopologyEdge[]) {
  const children = new Map<string, string[]>();
  for (const e of edges) {
    if (e.kind === "service-listener" || e.kind === "listener-rule" || e.kind === "forward") {
      const list = children.get(e.source) ?? [];
      list.push(e.target);
      children.set(e.source, list);
    }
  }
  for (const node of nodes.values()) {
    if (node.kind !== "service") continue;
    const groups = new Set<string>();
    for (const listener of children.get(node.id) ?? []) {
      for (const rule of children.get(listener) ?? []) {
        // A listener whose rules could not be listed forwards by its default action itself.
        if (nodes.get(rule)?.kind === "target-group") groups.add(rule);
        for (const tg of children.get(rule) ?? []) groups.add(tg);
      }
    }
    if (groups.size === 0) continue;
    const sum: HealthCounts = { healthy: 0, unhealthy: 0, other: 0, total: 0 };
    let known = false;
    for (const tg of groups) {
      const h = nodes.get(tg)?.health;
      if (!h) continue;
      known = true;
      sum.healthy += h.healthy;
      sum.unhealthy += h.unhealthy;
      sum.other += h.other;
      sum.total += h.total;
    }
    // No target group's targets could be read: the service's health is unknown, not "no targets".
    if (known) node.health = sum;
  }
}
