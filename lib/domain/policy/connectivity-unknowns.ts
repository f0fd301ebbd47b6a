import type { IncompletePart, UnknownPart } from "../topology/incomplete";
import type { Topology, TopologyEdge, TopologyNode } from "../topology/topology";
import type { Connection } from "./connectivity";

/** A failed read an answer depends on, with the subject it was about. */
export interface UnknownRead extends UnknownPart {
  subjectId: string;
}

/** Listings whose failure can hide (or leave stale) a path from a VPC to a service. */
const NETWORK_PARTS: ReadonlySet<IncompletePart> = new Set([
  "vpc-associations",
  "endpoint-associations",
  "service-associations",
]);
const SCOPE_PARTS: ReadonlySet<IncompletePart> = new Set(["service-networks"]);
/** What the auth decision of a service or network reads: its auth type (GetService…) and auth policy. */
const POLICY_PARTS: ReadonlySet<IncompletePart> = new Set(["detail", "auth-policy"]);

function reads(
  subjectId: string,
  parts: readonly UnknownPart[] | undefined,
  keep: (p: UnknownPart) => boolean,
) {
  return (parts ?? []).filter(keep).map((p): UnknownRead => ({ ...p, subjectId: p.via ?? subjectId }));
}

function unique(list: UnknownRead[]): UnknownRead[] {
  const seen = new Map<string, UnknownRead>();
  for (const read of list) {
    const key = [read.subjectId, read.part, read.operation, read.accountId, read.region].join("|");
    if (!seen.has(key)) seen.set(key, read);
  }
  return [...seen.values()];
}

/**
 * An edge kept by an unread listing (or unread itself): whether it still exists is unknown. A failed detail
 * read of an association (its security groups) leaves the association itself known.
 */
export function edgeUncertain(edge: Pick<TopologyEdge, "incomplete">): boolean {
  return !!edge.incomplete?.some((p) => p.via !== undefined || p.part !== "detail");
}

interface Indexed {
  nodes: Map<string, TopologyNode>;
  edges: TopologyEdge[];
}

function indexed(topology: Topology): Indexed {
  return {
    nodes: new Map(topology.nodes.map((n) => [n.id, n])),
    edges: [...new Map(topology.edges.map((e) => [e.id, e])).values()],
  };
}

/** Failed listings of networks or of a scope's networks: any of them may hold an association with the service. */
function networkListingReads(
  topology: Topology,
  index: Indexed,
  networks: ReadonlySet<string>,
): UnknownRead[] {
  const out: UnknownRead[] = [];
  for (const mark of topology.incomplete ?? []) {
    if (SCOPE_PARTS.has(mark.part)) out.push({ ...mark });
    else if (mark.part === "service-associations") out.push({ ...mark });
    else if (NETWORK_PARTS.has(mark.part) && networks.has(mark.subjectId)) out.push({ ...mark });
  }
  for (const id of networks) {
    const node = index.nodes.get(id);
    out.push(...reads(id, node?.incomplete, (p) => p.via !== undefined));
  }
  return out;
}

/**
 * Which failed reads does the connectivity of a service depend on: which VPCs reach it, through which service
 * network association or endpoint. Every failed listing of service associations (any network may associate
 * it), of its networks' VPC and endpoint associations, of a scope's networks, and the kept edges on its paths.
 */
export function serviceConnectivityUnknowns(topology: Topology, serviceArn: string): UnknownRead[] {
  const index = indexed(topology);
  const serviceEdges = index.edges.filter((e) => e.kind === "sn-service" && e.target === serviceArn);
  const networks = new Set(serviceEdges.map((e) => e.source));
  const out = networkListingReads(topology, index, networks);
  for (const edge of index.edges) {
    const onPath =
      (edge.kind === "sn-service" && edge.target === serviceArn) ||
      ((edge.kind === "sn-vpc" || edge.kind === "sn-endpoint") && networks.has(edge.source));
    if (onPath && edgeUncertain(edge))
      out.push(...reads(edge.id, edge.incomplete, (p) => p.part !== "detail" || !!p.via));
  }
  return unique(out);
}

/**
 * Which failed reads does connectivity of a policy's scope depend on — a service, or a service network and
 * every service associated with it. For the policy diff: a gain or loss whose connectivity is in doubt is
 * "unknown: <operation> failed in <account>/<region>" (see `unknownBecause`).
 */
export function connectivityUnknowns(topology: Topology, scopeArn: string): UnknownRead[] {
  const index = indexed(topology);
  if (index.nodes.get(scopeArn)?.kind !== "service-network")
    return serviceConnectivityUnknowns(topology, scopeArn);
  const services = index.edges
    .filter((e) => e.kind === "sn-service" && e.source === scopeArn)
    .map((e) => e.target);
  const out = networkListingReads(topology, index, new Set([scopeArn]));
  for (const service of services) out.push(...serviceConnectivityUnknowns(topology, service));
  return unique(out);
}

/** Failed reads the auth decision of a service or network depends on: its auth type and auth policy. */
export function policyUnknowns(topology: Topology, arn: string): UnknownRead[] {
  const node = topology.nodes.find((n) => n.id === arn);
  return unique(reads(arn, node?.incomplete, (p) => POLICY_PARTS.has(p.part) || p.via !== undefined));
}

/** Whether a connection runs over an edge that an unread listing kept. */
export function connectionUncertain(topology: Topology, connection: Connection, serviceArn: string): boolean {
  const ids = [`sn-service|${connection.networkArn}|${serviceArn}`];
  if (connection.via.kind === "association")
    ids.push(`sn-vpc|${connection.networkArn}|${connection.vpcNodeId}`);
  else ids.push(`sn-endpoint|${connection.networkArn}|${connection.via.endpointNodeId}`);
  return topology.edges.some((e) => ids.includes(e.id) && edgeUncertain(e));
}
