import type { TopologyResponse } from "@/lib/domain/http/api-responses";
import type { EstateAccountSummary, KindCounts } from "@/lib/domain/http/topology-summary";
import type { TopologyEdge, TopologyNode } from "@/lib/domain/topology/topology";
import { buildTopologyIndex, tagsOf, type TopologyIndex } from "./topology-index";

/** Relations drawn between service networks and what they reach, kept in the summary for closed accounts. */
export function isNetworkEdge(edge: TopologyEdge): boolean {
  return edge.kind.startsWith("sn-") || edge.kind === "shared-with";
}

const MAX_TAGS = 500;
/** What the map reads of an association or share on a closed account's edge. */
const EDGE_FIELDS = ["status", "invitationStatus", "shareName"];

/** An association or share without the details only its inspector shows. */
function slimEdge(edge: TopologyEdge): TopologyEdge {
  const data: Record<string, unknown> = {};
  for (const field of EDGE_FIELDS) if (edge.data?.[field] !== undefined) data[field] = edge.data[field];
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    kind: edge.kind,
    ...(Object.keys(data).length > 0 ? { data } : {}),
  };
}

/** A node without its data: enough to place it in its account's box and to name it. */
export function stubOf(node: TopologyNode): TopologyNode {
  return {
    id: node.id,
    kind: node.kind,
    name: node.name,
    accountId: node.accountId,
    region: node.region,

    ...(node.external ? { external: true } : {}),
    data: {},
  };
}

export interface AccountPart {
  /** The accounts this part crawled, summarised (placeholders of other accounts are left to their own part). */
  accounts: EstateAccountSummary[];
  /** Account nodes, service networks (whole) and stubs of what the networks associate. */
  skeleton: TopologyNode[];
  networkEdges: TopologyEdge[];
  regions: string[];
  tagKeys: string[];
}

/**
 * What the summary keeps of the topology of one account (as read with its own relations): its box, counted as the
 * map counts a box, and its part of the service networks' picture.
 */
export function summarizeAccountPart(topology: TopologyResponse, accountId: string): AccountPart {
  const index = buildTopologyIndex(topology);
  const box = `account:${accountId}`;
  const whole = index.accounts.get(box);
  const accounts: EstateAccountSummary[] = [];
  if (whole) {
    const countsByRegion: Record<string, KindCounts> = {};
    const issuesByRegion: Record<string, number> = {};
    const health = { healthy: 0, degraded: 0, noHealthy: 0, failing: 0, unknown: 0 };
    const tags = new Set<string>();
    for (const anchor of index.anchors) {
      if (anchor.accountId !== accountId || anchor.external) continue;
      const counts = (countsByRegion[anchor.region] ??= {});
      counts[anchor.kind] = (counts[anchor.kind] ?? 0) + 1;
      const state = index.health.get(anchor.id);
      if (state === "no-healthy" || state === "failing") {
        issuesByRegion[anchor.region] = (issuesByRegion[anchor.region] ?? 0) + 1;
      }
      if (anchor.kind === "service" || anchor.kind === "target-group") {
        if (state === "no-healthy") health.noHealthy++;
        else if (state === "failing") health.failing++;
        else if (state === "degraded") health.degraded++;
        else if (state === "healthy") health.healthy++;
        else health.unknown++;
      }
      if (tags.size < MAX_TAGS) {
        for (const [key, value] of Object.entries(tagsOf(anchor))) tags.add(`${key}=${value}`);
      }
    }
    accounts.push({
      ...whole,
      countsByRegion,
      issuesByRegion,
      health,
      tags: [...tags].sort(),
      nodes: topology.nodes.filter((n) => n.accountId === accountId && !n.external).length,
    });
  }

  const skeleton = new Map<string, TopologyNode>();
  for (const node of topology.nodes) {
    if (node.kind === "account" || node.kind === "service-network") skeleton.set(node.id, node);
  }
  const networkEdges = topology.edges.filter(isNetworkEdge).map(slimEdge);
  for (const edge of networkEdges) {
    for (const end of [edge.source, edge.target]) {
      const node = index.byId.get(end);
      if (node && !skeleton.has(end)) skeleton.set(end, stubOf(node));
    }
  }
  return {
    accounts,
    skeleton: [...skeleton.values()],
    networkEdges,
    regions: index.regions,
    tagKeys: index.tagKeys,
  };
}

/** Merges nodes by id: a crawled node wins over a placeholder, a whole node over a stub. */
export function mergeNodes(into: Map<string, TopologyNode>, nodes: Iterable<TopologyNode>): void {
  for (const node of nodes) {
    const known = into.get(node.id);
    if (!known) {
      into.set(node.id, node);
      continue;
    }
    const better =
      (known.external === true && node.external !== true) ||
      (known.external === node.external && Object.keys(known.data).length < Object.keys(node.data).length);
    if (better) into.set(node.id, node);
  }
}

/** Hub scores of the account boxes, from the service networks and their associations alone. */
export function hubScores(skeleton: TopologyResponse): Record<string, number> {
  const index: TopologyIndex = buildTopologyIndex(skeleton);
  return Object.fromEntries(index.hubScore);
}
