import type { ScopeFreshness, TopologyResponse } from "@/lib/domain/http/api-responses";
import type { EstateAccountSummary, TopologySummaryResponse } from "@/lib/domain/http/topology-summary";
import { ruleActionSchema, targetGroupIdOf } from "@/lib/domain/routing/rule-schemas";
import type { ResourceKind } from "@/lib/domain/topology/snapshot";
import type { HealthCounts, TopologyEdge, TopologyNode } from "@/lib/domain/topology/topology";
import {
  forwardSplitsByRule,
  targetGroupHealthIndex,
  type RuleForward,
  type TargetGroupShare,
} from "@/lib/domain/routing/weights";
import { ANCHOR_KINDS } from "./kinds";

/** How a target group or service is doing, as the map colours it. */
export type HealthState = "no-healthy" | "failing" | "degraded" | "healthy" | "unknown";

export interface AccountSummary {
  id: string;
  accountId: string;
  name: string;
  external: boolean;
  /** Anchors (service networks, services, target groups …) by kind. */
  counts: Partial<Record<ResourceKind, number>>;
  regions: string[];
  staleScopes: ScopeFreshness[];
  /** Regions whose last crawl read the account only in part: some reads failed (see `incomplete` on nodes). */
  partialScopes: ScopeFreshness[];
  /** Target groups without a healthy target that receive weight, and services with a failing action. */
  issues: number;
}

/** One target group's part of a split shown on its service. */
export interface SplitPart {
  targetGroupId: string;
  name: string;
  percent: number;
  share: number;
  noHealthyTarget: boolean;
}

/**
 * The weighted split a service node shows as a bar: the default action of its first listener that splits
 * between target groups, else its first rule that does.
 */
export interface ServiceSplit {
  ruleId: string;
  /** "default action of https-443", "rule canary-header". */
  where: string;
  parts: SplitPart[];
  /** Other rules of the service that split too. */
  others: number;
}

export interface NetworkSummary {
  vpcs: number;
  services: number;
  resources: number;
  endpoints: number;
  sharedWith: number;
}

/** Everything the map derives from one topology, built once per response. */
export interface TopologyIndex {
  topology: TopologyResponse;
  byId: ReadonlyMap<string, TopologyNode>;
  accounts: ReadonlyMap<string, AccountSummary>;
  /** Account box id (`account:<id>`) of every node. */
  accountOf: (node: TopologyNode) => string;
  /** The anchor a node hangs below: a rule's and listener's service, a target's target group; else itself. */
  anchorOf: ReadonlyMap<string, string>;
  /** Listeners and rules below each service, targets below each target group. */
  childrenOf: ReadonlyMap<string, string[]>;
  /** Target groups each service forwards to. */
  serviceTargetGroups: ReadonlyMap<string, string[]>;
  networks: ReadonlyMap<string, NetworkSummary>;
  /** Nodes associated with each service network (sn-* edges). */
  networkMembers: ReadonlyMap<string, string[]>;
  /** Every node drawn directly in an account box (not a listener, rule or target). */
  anchors: TopologyNode[];
  /** Per account box: how many other accounts its service networks reach (shares and associations). */
  hubScore: ReadonlyMap<string, number>;
  health: ReadonlyMap<string, HealthState>;
  shares: ReadonlyMap<string, TargetGroupShare>;
  /** Services whose traffic is split between target groups by weight. */
  serviceSplits: ReadonlyMap<string, ServiceSplit>;
  regions: string[];
  tagKeys: string[];
  /**
   * A large estate's map holds only some accounts: their boxes (`account:<id>`). Undefined when the topology is
   * the whole estate. The others are known from the summary (`estate`).
   */
  loaded?: ReadonlySet<string>;
  estate?: ReadonlyMap<string, EstateAccountSummary>;
}

/** What a summary-first map knows of the accounts it has not loaded. */
export interface EstateContext {
  summary: TopologySummaryResponse;
  loaded: ReadonlySet<string>;
}

export function accountBoxId(accountId: string): string {
  return `account:${accountId}`;
}

const ANCHORS = new Set<ResourceKind>(ANCHOR_KINDS);

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function tgState(health: HealthCounts | undefined, noHealthy: boolean): HealthState {
  if (noHealthy) return "no-healthy";
  if (!health) return "unknown";
  if (health.unhealthy > 0) return "degraded";
  if (health.healthy > 0) return "healthy";
  return "unknown";
}

export function tagsOf(node: TopologyNode): Record<string, string> {
  const tags = node.data.tags;
  if (!tags || typeof tags !== "object" || Array.isArray(tags)) return {};
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) if (typeof value === "string") result[key] = value;
  return result;
}

export function buildTopologyIndex(topology: TopologyResponse, estate?: EstateContext): TopologyIndex {
  const index = buildWholeIndex(topology);
  if (!estate) return index;
  const summaries = new Map(estate.summary.accounts.map((a) => [a.id, a]));
  const accounts = new Map<string, AccountSummary>();
  for (const a of estate.summary.accounts) {
    accounts.set(a.id, {
      id: a.id,
      accountId: a.accountId,
      name: a.name,
      external: a.external,
      counts: a.counts,
      regions: a.regions,
      staleScopes: a.staleScopes,
      partialScopes: a.partialScopes,
      issues: a.issues,
    });
  }
  for (const [id, summary] of index.accounts) if (!accounts.has(id)) accounts.set(id, summary);
  return {
    ...index,
    accounts,
    hubScore: new Map(Object.entries(estate.summary.hubScore)),
    regions: estate.summary.regions,
    tagKeys: estate.summary.tagKeys,
    loaded: estate.loaded,
    estate: summaries,
  };
}

function buildWholeIndex(topology: TopologyResponse): TopologyIndex {
  const byId = new Map<string, TopologyNode>();
  for (const node of topology.nodes) byId.set(node.id, node);
  const accountOf = (node: TopologyNode) =>
    node.kind === "account" ? node.id : accountBoxId(node.accountId);

  const accounts = new Map<string, AccountSummary>();
  const ensureAccount = (accountId: string): AccountSummary => {
    const id = accountBoxId(accountId);
    let summary = accounts.get(id);
    if (!summary) {
      const node = byId.get(id);
      summary = {
        id,
        accountId,
        name: node?.name ?? accountId,
        external: node?.external === true,
        counts: {},
        regions: [],
        staleScopes: [],
        partialScopes: [],
        issues: 0,
      };
      accounts.set(id, summary);
    }
    return summary;
  };
  for (const node of topology.nodes) if (node.kind === "account") ensureAccount(node.accountId);
  for (const scope of topology.scopes) {
    const summary = ensureAccount(scope.accountId);
    if (scope.stale) summary.staleScopes.push(scope);
    else if (scope.status === "partial") summary.partialScopes.push(scope);
  }

  const anchorOf = new Map<string, string>();
  const resolveAnchor = (node: TopologyNode): string => {
    const known = anchorOf.get(node.id);
    if (known) return known;
    let anchor = node.id;
    if (!ANCHORS.has(node.kind) && node.kind !== "account") {
      const parent = node.parentId ? byId.get(node.parentId) : undefined;
      anchor = parent && parent.kind !== "account" ? resolveAnchor(parent) : node.id;
    }
    anchorOf.set(node.id, anchor);
    return anchor;
  };

  const childrenOf = new Map<string, string[]>();
  const regions = new Set<string>();
  const tagKeys = new Set<string>();
  for (const node of topology.nodes) {
    if (node.kind === "account") continue;
    const anchor = resolveAnchor(node);
    if (anchor !== node.id) push(childrenOf, anchor, node.id);
    const summary = ensureAccount(node.accountId);
    if (ANCHORS.has(node.kind)) summary.counts[node.kind] = (summary.counts[node.kind] ?? 0) + 1;
    if (node.region !== "global" && !summary.regions.includes(node.region)) summary.regions.push(node.region);
    if (node.region !== "global") regions.add(node.region);
    for (const key of Object.keys(tagsOf(node))) tagKeys.add(key);
  }

  const networks = new Map<string, NetworkSummary>();
  const networkMembers = new Map<string, string[]>();
  const serviceTargetGroups = new Map<string, Set<string>>();
  const network = (id: string) => {
    let summary = networks.get(id);
    if (!summary) {
      summary = { vpcs: 0, services: 0, resources: 0, endpoints: 0, sharedWith: 0 };
      networks.set(id, summary);
    }
    return summary;
  };
  for (const node of topology.nodes) if (node.kind === "service-network") network(node.id);
  for (const edge of topology.edges) {
    switch (edge.kind) {
      case "sn-vpc":
        network(edge.source).vpcs++;
        push(networkMembers, edge.source, edge.target);
        break;
      case "sn-service":
        network(edge.source).services++;
        push(networkMembers, edge.source, edge.target);
        break;
      case "sn-resource":
        network(edge.source).resources++;
        push(networkMembers, edge.source, edge.target);
        break;
      case "sn-endpoint":
        network(edge.source).endpoints++;
        push(networkMembers, edge.source, edge.target);
        break;
      case "shared-with":
        if (networks.has(edge.source)) network(edge.source).sharedWith++;
        break;
      case "forward": {
        const rule = byId.get(edge.source);
        const service = rule ? anchorOf.get(rule.id) : undefined;
        if (service) {
          const set = serviceTargetGroups.get(service) ?? new Set<string>();
          set.add(edge.target);
          serviceTargetGroups.set(service, set);
        }
        break;
      }
      default:
        break;
    }
  }

  const shares = new Map<string, TargetGroupShare>();
  const noHealthy = new Set<string>();
  const failingServices = new Set<string>();
  const ruleSplits = forwardSplitsByRule(topology, targetGroupHealthIndex(topology));
  for (const rule of ruleSplits.values()) {
    rule.edges.forEach((edge, i) => {
      const share = rule.split.groups[i];
      if (share) shares.set(edge.id, share);
    });
    for (const share of rule.split.groups) if (share.noHealthyTarget) noHealthy.add(share.targetGroupId);
    const service = anchorOf.get(rule.ruleId);
    if (rule.split.failing && service) failingServices.add(service);
  }
  const health = new Map<string, HealthState>();
  for (const node of topology.nodes) {
    if (node.kind === "target-group") health.set(node.id, tgState(node.health, noHealthy.has(node.id)));
  }
  for (const node of topology.nodes) {
    if (node.kind !== "service") continue;
    const groups = [...(serviceTargetGroups.get(node.id) ?? [])].map((id) => health.get(id) ?? "unknown");
    const state: HealthState = failingServices.has(node.id)
      ? "failing"
      : groups.some((s) => s === "no-healthy" || s === "degraded")
        ? "degraded"
        : groups.some((s) => s === "healthy")
          ? "healthy"
          : "unknown";
    health.set(node.id, state);
  }
  for (const [id, state] of health) {
    if (state !== "no-healthy" && state !== "failing") continue;
    const node = byId.get(id);
    if (node) ensureAccount(node.accountId).issues++;
  }
  for (const summary of accounts.values()) summary.regions.sort();

  const hubScore = new Map<string, number>();
  for (const [sn, summary] of networks) {
    const node = byId.get(sn);
    if (!node) continue;
    const box = accountOf(node);
    let score = summary.sharedWith;
    for (const member of networkMembers.get(sn) ?? []) {
      const m = byId.get(member);
      if (m && accountOf(m) !== box) score++;
    }
    hubScore.set(box, (hubScore.get(box) ?? 0) + score);
  }

  return {
    topology,
    serviceSplits: serviceSplitsOf(ruleSplits.values(), byId, anchorOf),
    byId,
    accounts,
    accountOf,
    anchorOf,
    childrenOf,
    serviceTargetGroups: new Map([...serviceTargetGroups].map(([k, v]) => [k, [...v]])),
    networks,
    networkMembers,
    anchors: topology.nodes.filter((n) => n.kind !== "account" && anchorOf.get(n.id) === n.id),
    hubScore,
    health,
    shares,
    regions: [...regions].sort(),
    tagKeys: [...tagKeys].sort(),
  };
}

function serviceSplitsOf(
  rules: Iterable<RuleForward>,
  byId: ReadonlyMap<string, TopologyNode>,
  anchorOf: ReadonlyMap<string, string>,
): Map<string, ServiceSplit> {
  const candidates = new Map<string, { rule: RuleForward; node: TopologyNode }[]>();
  for (const rule of rules) {
    if (rule.split.groups.filter((g) => g.weight > 0).length < 2) continue;
    const node = byId.get(rule.ruleId);
    const service = anchorOf.get(rule.ruleId);
    if (!node || !service || service === rule.ruleId) continue;
    push(candidates, service, { rule, node });
  }
  const splits = new Map<string, ServiceSplit>();
  for (const [service, list] of candidates) {
    const listenerName = (c: { node: TopologyNode }) => byId.get(c.node.parentId ?? "")?.name ?? "";
    list.sort(
      (a, b) =>
        (a.rule.isDefault ? 0 : 1) - (b.rule.isDefault ? 0 : 1) ||
        listenerName(a).localeCompare(listenerName(b)) ||
        rulePriority(a.node) - rulePriority(b.node),
    );
    const chosen = list[0]!;
    // In the action's own order, as the editor lists them: the topology's edges come sorted by id.
    const action = ruleActionSchema.safeParse(chosen.node.data.action);
    const order =
      action.success && "forward" in action.data
        ? action.data.forward.targetGroups.map((g) => targetGroupIdOf(g.targetGroupIdentifier))
        : [];
    const position = (id: string) => {
      const at = order.indexOf(targetGroupIdOf(id));
      return at < 0 ? order.length : at;
    };
    const groups = [...chosen.rule.split.groups].sort(
      (a, b) => position(a.targetGroupId) - position(b.targetGroupId) || b.share - a.share,
    );
    splits.set(service, {
      ruleId: chosen.rule.ruleId,
      where: chosen.rule.isDefault
        ? `default action of ${listenerName(chosen) || "its listener"}`
        : `rule ${chosen.node.name}`,
      parts: groups.map((g) => ({
        targetGroupId: g.targetGroupId,
        name: byId.get(g.targetGroupId)?.name ?? g.targetGroupId.replace(/^.*\//, ""),
        percent: g.sharePercent,
        share: g.share,
        noHealthyTarget: g.noHealthyTarget,
      })),
      others: list.length - 1,
    });
  }
  return splits;
}

/** Where a rule is evaluated: by priority, the default rule last. */
export function rulePriority(node: TopologyNode): number {
  if (node.data.isDefault === true) return Number.MAX_SAFE_INTEGER;
  return typeof node.data.priority === "number" ? node.data.priority : Number.MAX_SAFE_INTEGER - 1;
}

export function isIssue(state: HealthState | undefined): boolean {
  return state === "no-healthy" || state === "failing" || state === "degraded";
}

export type { TopologyEdge, TopologyNode };
