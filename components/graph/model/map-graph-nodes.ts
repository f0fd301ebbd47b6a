import type { ResourceKind } from "@/lib/domain/topology/snapshot";
import type { TopologyNode } from "@/lib/domain/topology/topology";
import type { MapNode } from "./build-map-graph";
import { plural } from "./kinds";
import { associationsUnknown, type NetworkMember } from "./unknown-parts";
import type { TopologyIndex } from "./topology-index";

const SIZE: Partial<Record<ResourceKind, { width: number; height: number }>> = {
  "service-network": { width: 256, height: 84 },
  service: { width: 256, height: 74 },
  "target-group": { width: 256, height: 74 },
  listener: { width: 212, height: 50 },
  rule: { width: 212, height: 50 },
  target: { width: 196, height: 44 },
};
const DEFAULT_SIZE = { width: 256, height: 56 };
/** The row a service's split bar takes below its health. */
const SPLIT_ROW = 20;

export function mapNode(
  index: TopologyIndex,
  node: TopologyNode,
  box: string,
  visible: ReadonlySet<string>,
  expanded: ReadonlySet<string>,
  open: boolean,
  locked: boolean,
): MapNode {
  const size = SIZE[node.kind] ?? DEFAULT_SIZE;
  const split = node.kind === "service" ? index.serviceSplits.get(node.id) : undefined;
  const children = index.childrenOf.get(node.id) ?? [];
  const network = index.networks.get(node.id);
  let childSummary: string | undefined;
  if (node.kind === "service" && children.length > 0) {
    const listeners = children.filter((c) => index.byId.get(c)?.kind === "listener").length;
    const rules = children.length - listeners;
    childSummary = `${plural(listeners, "listener", "listeners")} · ${plural(rules, "rule", "rules")}`;
  } else if (node.kind === "target-group" && children.length > 0) {
    childSummary = plural(children.length, "target", "targets");
  }
  const expandable =
    node.kind === "service-network"
      ? (index.networkMembers.get(node.id)?.length ?? 0) > 0
      : children.length > 0 && (node.kind === "service" || node.kind === "target-group");
  const childrenShown = children.some((c) => visible.has(c));
  return {
    id: node.id,
    kind: node.kind,
    box,
    anchor: index.anchorOf.get(node.id) ?? node.id,
    width: size.width,
    height: size.height + (split ? SPLIT_ROW : 0),
    node,
    ...(split ? { split } : {}),
    ...(index.health.has(node.id) ? { health: index.health.get(node.id) } : {}),
    expandable,
    expanded: node.kind === "service-network" ? expanded.has(node.id) : open && childrenShown,
    lockedOpen: locked && childrenShown,
    ...(childSummary
      ? { childSummary }
      : network
        ? { childSummary: networkSummary(network, associationsUnknown(node)) }
        : {}),
  };
}

const MEMBERS = ["services", "vpcs", "resources", "endpoints"] as const;
const MEMBER_LABELS: Record<NetworkMember, [string, string]> = {
  services: ["service", "services"],
  vpcs: ["VPC", "VPCs"],
  resources: ["resource", "resources"],
  endpoints: ["endpoint", "endpoints"],
};

/** "4 services · 3 VPCs"; a count a failed listing left unknown reads "3 VPCs as last read" or "VPCs unknown". */
function networkSummary(n: Record<NetworkMember, number>, unknown: ReadonlySet<NetworkMember>): string {
  if (unknown.size === MEMBERS.length) return `${networkSummary(n, new Set())}, as last read`;
  const parts = MEMBERS.flatMap((member) => {
    const [one, many] = MEMBER_LABELS[member];
    if (!unknown.has(member)) return n[member] > 0 ? [plural(n[member], one, many)] : [];
    return [n[member] > 0 ? `${plural(n[member], one, many)} as last read` : `${many} unknown`];
  });
  return parts.length > 0 ? parts.join(" · ") : "no associations";
}
