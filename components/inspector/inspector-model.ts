import type { ResourceVersionView } from "@/lib/domain/http/api-responses";
import type { RelationKind } from "@/lib/domain/topology/snapshot";
import type { Topology, TopologyEdge, TopologyNode } from "@/lib/domain/topology/topology";
import { forwardSplitsByRule, type TargetGroupHealth } from "@/lib/domain/routing/weights";
import { asRecord, asRecords, asString } from "./values";

export interface DnsEntry {
  /** What the name is: "Service DNS", "Custom domain", "Association with retail-network" … */
  label: string;
  name: string;
  /** Private DNS, the hosted zone … */
  note?: string;
}

function domain(entry: unknown): string | undefined {
  const record = asRecord(entry);
  return asString(record?.domainName) ?? asString(record?.dnsName);
}

function uniqueEdges(topology: Topology): TopologyEdge[] {
  return [...new Map(topology.edges.map((e) => [e.id, e])).values()];
}

function nameOf(nodes: ReadonlyMap<string, TopologyNode>, id: string | null | undefined): string {
  if (!id) return "";
  return nodes.get(id)?.name ?? id.split("/").pop() ?? id;
}

/**
 * The DNS names a client uses to reach the resource: a service's own and custom domain, the DNS entries of a
 * resource configuration's service-network associations (and private DNS), a VPC endpoint's names and those of
 * what it reaches, and for a service network the names of what is associated with it.
 */
export function dnsEntriesFor(
  node: TopologyNode,
  topology: Topology,
  nodes: ReadonlyMap<string, TopologyNode>,
): DnsEntry[] {
  const entries: DnsEntry[] = [];
  const add = (label: string, name: string | undefined, note?: string) => {
    if (!name || entries.some((e) => e.name === name && e.label === label)) return;
    entries.push({ label, name, ...(note ? { note } : {}) });
  };
  const edges = uniqueEdges(topology);
  if (node.kind === "service") {
    add("Service DNS", domain(node.data.dnsEntry));
    add("Custom domain", asString(node.data.customDomainName));
    for (const e of edges.filter((e) => e.kind === "sn-service" && e.target === node.id)) {
      const name = domain(e.data?.dnsEntry);
      if (name && name !== domain(node.data.dnsEntry))
        add(`Association with ${nameOf(nodes, e.source)}`, name);
    }
  }
  if (node.kind === "resource-configuration") {
    for (const e of edges.filter((e) => e.kind === "sn-resource" && e.target === node.id)) {
      const network = nameOf(nodes, e.source);
      add(`Association with ${network}`, domain(e.data?.dnsEntry));
      add(`Association with ${network}`, domain(e.data?.privateDnsEntry), "private DNS");
    }
    for (const endpoint of topology.nodes.filter((n) => n.kind === "vpc-endpoint")) {
      for (const a of asRecords(endpoint.data.associations)) {
        if (a.associatedResourceArn !== node.id) continue;
        add(`Through VPC endpoint ${endpoint.name}`, domain(a.dnsEntry));
        add(`Through VPC endpoint ${endpoint.name}`, domain(a.privateDnsEntry), "private DNS");
      }
    }
    const definition = asRecord(asRecord(node.data.resourceConfigurationDefinition)?.dnsResource);
    add("Resource domain name", asString(definition?.domainName), "what the gateway connects to");
  }
  if (node.kind === "vpc-endpoint") {
    for (const entry of asRecords(node.data.dnsEntries)) add("Endpoint DNS", domain(entry));
    for (const a of asRecords(node.data.associations)) {
      const target = nameOf(nodes, asString(a.associatedResourceArn));
      add(`Reaches ${target}`, domain(a.dnsEntry));
      add(`Reaches ${target}`, domain(a.privateDnsEntry), "private DNS");
    }
  }
  if (node.kind === "service-network") {
    for (const e of edges.filter(
      (e) => (e.kind === "sn-service" || e.kind === "sn-resource") && e.source === node.id,
    )) {
      const target = nameOf(nodes, e.target);
      add(target, domain(e.data?.dnsEntry));
      add(target, asString(e.data?.customDomainName), "custom domain");
      add(target, domain(e.data?.privateDnsEntry), "private DNS");
    }
  }
  return entries;
}

export interface Connection {
  edge: TopologyEdge;
  /** The resource at the other end. */
  otherId: string;
  otherName: string;
  outgoing: boolean;
  label: string;
  status?: string;
  /** Security groups of a VPC association, the share of a RAM grant … */
  detail?: string;
}

function connectionDetail(edge: TopologyEdge): string | undefined {
  if (edge.kind === "sn-vpc" && Array.isArray(edge.data?.securityGroupIds)) {
    const groups = edge.data.securityGroupIds.filter((g): g is string => typeof g === "string");
    return groups.length > 0 ? `security groups ${groups.join(", ")}` : "no security groups";
  }
  if (edge.kind === "shared-with") {
    const share = asString(edge.data?.shareName);
    const external = edge.data?.external === true ? "outside the organisation" : undefined;
    return [share && `through ${share}`, external].filter(Boolean).join(", ") || undefined;
  }
  return undefined;
}

const RELATION_LABELS: Record<RelationKind, [outgoing: string, incoming: string]> = {
  "sn-vpc": ["VPC association", "Associated with service network"],
  "sn-service": ["Service association", "Associated with service network"],
  "sn-resource": ["Resource association", "Associated with service network"],
  "sn-endpoint": ["VPC endpoint association", "Reaches service network"],
  "service-listener": ["Listener", "Listener of"],
  "listener-rule": ["Rule", "Rule of"],
  forward: ["Forwards to", "Receives from rule"],
  "tg-target": ["Target", "Registered in"],
  "rgw-rcfg": ["Resource configuration", "Through resource gateway"],
  "shared-with": ["Shared with", "Shared with it"],
};

/** Relations the routing table and the targets table already show: containment downwards, and forwarding. */
function shownElsewhere(edge: TopologyEdge, outgoing: boolean): boolean {
  if (edge.kind === "forward") return true;
  return (
    outgoing &&
    (edge.kind === "service-listener" || edge.kind === "listener-rule" || edge.kind === "tg-target")
  );
}

export function connectionsOf(
  nodeId: string,
  topology: Topology,
  nodes: ReadonlyMap<string, TopologyNode>,
): Connection[] {
  return uniqueEdges(topology)
    .filter((e) => (e.source === nodeId || e.target === nodeId) && !shownElsewhere(e, e.source === nodeId))
    .map((edge) => {
      const outgoing = edge.source === nodeId;
      const otherId = outgoing ? edge.target : edge.source;
      const labels = RELATION_LABELS[edge.kind];
      const status = asString(edge.data?.status) ?? asString(edge.data?.state);
      const detail = connectionDetail(edge);
      return {
        edge,
        otherId,
        otherName: nameOf(nodes, otherId),
        outgoing,
        label: outgoing ? labels[0] : labels[1],
        ...(status ? { status } : {}),
        ...(detail ? { detail } : {}),
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label) || a.otherName.localeCompare(b.otherName));
}

export interface ReceivedWeight {
  ruleId: string;
  /** `order › https-443 › default rule` */
  path: string;
  weight: number;
  totalWeight: number;
  sharePercent: number;
  share: number;
  effectivePercent: number;
}

/** The rules that forward to a target group, with the weight and share it gets from each. */
export function weightsReceived(
  targetGroupId: string,
  topology: Topology,
  nodes: ReadonlyMap<string, TopologyNode>,
  health: ReadonlyMap<string, TargetGroupHealth>,
): ReceivedWeight[] {
  const result: ReceivedWeight[] = [];
  for (const rule of forwardSplitsByRule(topology, health).values()) {
    const share = rule.split.groups.find((g) => g.targetGroupId === targetGroupId);
    if (!share) continue;
    const ruleNode = nodes.get(rule.ruleId);
    const listener = ruleNode?.parentId ? nodes.get(ruleNode.parentId) : undefined;
    const service = listener?.parentId ? nodes.get(listener.parentId) : undefined;
    const ruleText = rule.isDefault ? "default rule" : `rule ${ruleNode?.name ?? rule.ruleId}`;
    result.push({
      ruleId: rule.ruleId,
      path: [service?.name, listener?.name, ruleText].filter(Boolean).join(" › "),
      weight: share.weight,
      totalWeight: rule.split.totalWeight,
      sharePercent: share.sharePercent,
      share: share.share,
      effectivePercent: share.effectivePercent,
    });
  }
  return result.sort((a, b) => a.path.localeCompare(b.path));
}

/** The targets of a target group, in the order ListTargets gave them. */
export function targetsOf(targetGroupId: string, topology: Topology): TopologyNode[] {
  const seen = new Set<string>();
  return topology.nodes.filter((n) => {
    if (n.kind !== "target" || n.parentId !== targetGroupId || seen.has(n.id)) return false;
    seen.add(n.id);
    return true;
  });
}

/** The version valid at a run: from its first run up to, not including, the run that saw it change. */
export function versionAt(history: readonly ResourceVersionView[], run: number | undefined) {
  if (run === undefined) return history.at(-1);
  return history.find((v) => v.from.runId <= run && (v.to === null || v.to.runId > run));
}
