import type { EstateAccountSummary } from "@/lib/domain/http/topology-summary";
import type { ResourceKind } from "@/lib/domain/topology/snapshot";
import type { TopologyNode } from "@/lib/domain/topology/topology";
import { buildMapEdges } from "./map-graph-edges";
import { mapNode } from "./map-graph-nodes";
import {
  hasContentFilters,
  hasFilters,
  parseTagFilter,
  type MapFilters,
  type TagFilter,
} from "./map-filters";
import {
  isIssue,
  rulePriority,
  tagsOf,
  type AccountSummary,
  type HealthState,
  type ServiceSplit,
  type TopologyIndex,
} from "./topology-index";

export interface MapViewState {
  /** Expanded accounts (`account:<id>`), service networks, services and target groups. */
  expanded: ReadonlySet<string>;
  selected: string | undefined;
  filters: MapFilters;
}

export interface MapBox {
  id: string;
  summary: AccountSummary;
  collapsed: boolean;
  /** Ids of the nodes drawn inside, in a stable order. */
  children: string[];
  /** Higher for accounts whose service networks reach other accounts; placed first. */
  hubScore: number;
}

export interface MapNode {
  id: string;
  kind: ResourceKind;
  box: string;
  /** The service, target group (or other anchor) this node belongs to: itself for anchors. */
  anchor: string;
  width: number;
  height: number;
  node: TopologyNode;
  health?: HealthState;
  /** Listeners and rules of a service, targets of a target group, members of a service network. */
  expandable: boolean;
  expanded: boolean;
  /** Open because it (or something below it) is selected: it stays open until the selection moves. */
  lockedOpen: boolean;
  /** What a collapsed node holds, e.g. "1 listener · 3 rules". */
  childSummary?: string;
  /** A service's weighted split between target groups, drawn as a bar on it. */
  split?: ServiceSplit;
}

export type MapEdgeTone =
  "forward" | "forward-dead" | "association" | "share" | "pending" | "contains" | "gateway";

export interface MapEdge {
  id: string;
  source: string;
  target: string;
  tone: MapEdgeTone;
  label?: string;
  title?: string;
  /** A forward edge's share of its action (0..1), for its width. */
  share?: number;
  /** Both ends in the same account box: the box's layout places them. */
  internal: boolean;
  /** Stands for several relations between collapsed things. */
  aggregate: boolean;
}

export interface MapGraph {
  boxes: MapBox[];
  nodes: MapNode[];
  edges: MapEdge[];
  /** With filters on: the anchors (services, target groups …) they keep, drawn or inside a collapsed box. */
  scope?: ReadonlySet<string>;
}

const KIND_ORDER: Record<ResourceKind, number> = {
  account: 0,
  "ram-share": 1,
  vpc: 2,
  "vpc-endpoint": 3,
  "service-network": 4,
  service: 5,
  listener: 6,
  rule: 7,
  "target-group": 8,
  target: 9,
  "resource-configuration": 10,
  "resource-gateway": 11,
};

/** Sub-kinds whose presence in the kind filter keeps their containers as context. */
const CONTAINERS: Partial<Record<ResourceKind, ResourceKind[]>> = {
  listener: ["service"],
  rule: ["service", "listener"],
  target: ["target-group"],
};

/** "team-2" before "team-10". */
const NAME_ORDER = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

function sortNodes(a: TopologyNode, b: TopologyNode): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    (a.kind === "rule" && b.kind === "rule" ? rulePriority(a) - rulePriority(b) : 0) ||
    NAME_ORDER.compare(a.name, b.name) ||
    (a.id < b.id ? -1 : 1)
  );
}

function tagMatches(node: TopologyNode, filters: TagFilter[]): boolean {
  if (filters.length === 0) return true;
  const tags = tagsOf(node);
  return filters.every((f) => f.key in tags && (f.value === undefined || tags[f.key] === f.value));
}

/**
 * What the map draws for a view state: the visible account boxes, the nodes inside them and the edges between
 * them, with relations into collapsed things merged into one labelled edge per pair.
 */
export function buildMapGraph(index: TopologyIndex, view: MapViewState): MapGraph {
  const { byId, anchorOf } = index;
  const { filters, expanded, selected } = view;
  const contentFilter = hasContentFilters(filters);
  const tagFilters = filters.tags.map(parseTagFilter).filter((t): t is TagFilter => t !== undefined);
  const chosenKinds = new Set<ResourceKind>(filters.kinds);
  const kindSet = filters.kinds.length > 0 ? new Set<ResourceKind>(filters.kinds) : undefined;
  if (kindSet) for (const kind of filters.kinds) for (const c of CONTAINERS[kind] ?? []) kindSet.add(c);
  /** Services and listeners kept only as the context of a chosen sub-kind: those holding one. */
  const contextContainers = new Set<string>();
  if (kindSet && kindSet.size > chosenKinds.size) {
    for (const node of index.topology.nodes) {
      if (!chosenKinds.has(node.kind) || !CONTAINERS[node.kind]) continue;
      contextContainers.add(anchorOf.get(node.id) ?? node.id);
      if (node.parentId) contextContainers.add(node.parentId);
    }
  }
  const networkFilter = new Set(filters.networks);
  const networkScope = new Set<string>();
  for (const sn of networkFilter) {
    networkScope.add(sn);
    for (const member of index.networkMembers.get(sn) ?? []) {
      networkScope.add(member);
      for (const tg of index.serviceTargetGroups.get(member) ?? []) networkScope.add(tg);
    }
  }
  const selectedNode = selected ? byId.get(selected) : undefined;
  const selectedAnchor = selectedNode ? anchorOf.get(selectedNode.id) : undefined;
  /** Under the health filter a service network stays only as the context of a member with an issue. */
  const troubledNetworks = new Set<string>();
  if (filters.health === "issues") {
    for (const [sn, members] of index.networkMembers) {
      if (members.some((m) => isIssue(index.health.get(m)))) troubledNetworks.add(sn);
    }
  }

  const passes = (node: TopologyNode): boolean => {
    if (filters.accounts.length > 0 && !filters.accounts.includes(node.accountId)) return false;
    if (node.kind === "account") return true;
    if (filters.regions.length > 0 && !filters.regions.includes(node.region)) return false;
    if (kindSet && !kindSet.has(node.kind)) return false;
    if (kindSet && !chosenKinds.has(node.kind) && !contextContainers.has(node.id)) return false;
    const anchor = byId.get(anchorOf.get(node.id) ?? node.id) ?? node;
    if (!tagMatches(anchor, tagFilters) && !tagMatches(node, tagFilters)) return false;
    if (networkFilter.size > 0 && !networkScope.has(anchor.id)) return false;
    if (filters.health === "issues") {
      const related =
        anchor.kind === "service-network"
          ? troubledNetworks.has(anchor.id)
          : isIssue(index.health.get(anchor.id));
      if (!related) return false;
    }
    return true;
  };

  const openByKind = new Set<ResourceKind>();
  for (const kind of filters.kinds) for (const c of CONTAINERS[kind] ?? []) openByKind.add(c);
  const isOpen = (anchor: TopologyNode) =>
    expanded.has(anchor.id) || selectedAnchor === anchor.id || openByKind.has(anchor.kind);

  const expandedNetworkMembers = new Set<string>();
  for (const id of expanded) {
    for (const member of index.networkMembers.get(id) ?? []) expandedNetworkMembers.add(member);
  }

  const filtered = hasFilters(filters);
  const scope = new Set<string>();
  const visibleAnchors = new Set<string>();
  for (const node of index.anchors) {
    if (!passes(node)) continue;
    if (filtered) scope.add(node.id);
    const account = index.accountOf(node);
    if (
      node.kind === "service-network" ||
      expanded.has(account) ||
      contentFilter ||
      expandedNetworkMembers.has(node.id) ||
      selectedAnchor === node.id
    ) {
      visibleAnchors.add(node.id);
    }
  }
  for (const id of [...visibleAnchors]) {
    const node = byId.get(id);
    if (node?.kind !== "service" || !isOpen(node)) continue;
    for (const tg of index.serviceTargetGroups.get(id) ?? []) {
      const group = byId.get(tg);
      if (group && passes(group) && index.accountOf(group) === index.accountOf(node)) visibleAnchors.add(tg);
    }
  }

  const visible = new Set<string>(visibleAnchors);
  for (const id of visibleAnchors) {
    const anchor = byId.get(id);
    if (!anchor || !isOpen(anchor)) continue;
    for (const child of index.childrenOf.get(id) ?? []) {
      const node = byId.get(child);
      if (node && passes(node)) visible.add(child);
    }
  }

  const boxChildren = new Map<string, TopologyNode[]>();
  for (const id of visible) {
    const node = byId.get(id);
    if (!node) continue;
    const box = index.accountOf(node);
    const list = boxChildren.get(box) ?? [];
    list.push(node);
    boxChildren.set(box, list);
  }

  const scoped = filtered ? scopedSummaries(index, scope, filters) : undefined;
  const boxes: MapBox[] = [];
  for (const whole of index.accounts.values()) {
    if (filters.accounts.length > 0 && !filters.accounts.includes(whole.accountId)) continue;
    const summary = scoped?.get(whole.id) ?? whole;
    const children = (boxChildren.get(summary.id) ?? []).sort(sortNodes);
    if (children.length === 0) {
      if (contentFilter) continue;
      const held = Object.values(summary.counts).some((n) => n > 0);
      const staleHere = summary.staleScopes.some((s) => filters.regions.includes(s.region));
      if (filters.regions.length > 0 && !held && !staleHere) continue;
    }
    boxes.push({
      id: summary.id,
      summary,
      collapsed: !expanded.has(summary.id),
      children: children.map((c) => c.id),
      hubScore: index.hubScore.get(summary.id) ?? 0,
    });
  }
  boxes.sort(
    (a, b) =>
      b.hubScore - a.hubScore || NAME_ORDER.compare(a.summary.name, b.summary.name) || (a.id < b.id ? -1 : 1),
  );

  const nodes: MapNode[] = [];
  for (const box of boxes) {
    for (const id of box.children) {
      const node = byId.get(id);
      if (!node) continue;
      const locked = selectedAnchor === node.id && !expanded.has(node.id);
      nodes.push(mapNode(index, node, box.id, visible, expanded, isOpen(node), locked));
    }
  }
  const nodeBox = new Map(nodes.map((n) => [n.id, n.box]));

  const edges = buildMapEdges(index, visible, nodeBox, new Set(boxes.map((b) => b.id)));

  return { boxes, nodes, edges, ...(filtered ? { scope } : {}) };
}

/**
 * Account summaries as the filters leave them: counts and issues of the anchors they keep, the regions they keep,
 * so a box under a region filter says what it holds there.
 */
function scopedSummaries(
  index: TopologyIndex,
  scope: ReadonlySet<string>,
  filters: MapFilters,
): Map<string, AccountSummary> {
  const summaries = new Map<string, AccountSummary>();
  for (const whole of index.accounts.values()) {
    const known = index.loaded && !index.loaded.has(whole.id) ? index.estate?.get(whole.id) : undefined;
    if (known) {
      summaries.set(whole.id, notLoadedSummary(whole, known, filters));
      continue;
    }
    summaries.set(whole.id, {
      ...whole,
      counts: {},
      issues: 0,
      regions:
        filters.regions.length > 0 ? whole.regions.filter((r) => filters.regions.includes(r)) : whole.regions,
    });
  }
  for (const id of scope) {
    const node = index.byId.get(id);
    const box = node ? index.accountOf(node) : undefined;
    if (box && index.loaded && !index.loaded.has(box)) continue;
    const summary = box ? summaries.get(box) : undefined;
    if (!node || !summary) continue;
    summary.counts[node.kind] = (summary.counts[node.kind] ?? 0) + 1;
    const health = index.health.get(id);
    if (health === "no-healthy" || health === "failing") summary.issues++;
  }
  return summaries;
}

/**
 * An account the summary-first map has not loaded, as the account and region filters leave it (content filters
 * load the accounts that may match, so they are never counted from here).
 */
function notLoadedSummary(
  whole: AccountSummary,
  known: EstateAccountSummary,
  filters: MapFilters,
): AccountSummary {
  if (filters.regions.length === 0) return whole;
  const counts: Partial<Record<ResourceKind, number>> = {};
  let issues = 0;
  for (const region of filters.regions) {
    for (const [kind, n] of Object.entries(known.countsByRegion[region] ?? {})) {
      counts[kind as ResourceKind] = (counts[kind as ResourceKind] ?? 0) + n;
    }
    issues += known.issuesByRegion[region] ?? 0;
  }
  return { ...whole, counts, issues, regions: whole.regions.filter((r) => filters.regions.includes(r)) };
}
