import type { Topology, TopologyNode } from "../topology/topology";
import type { AuthType, LayerPolicy } from "./evaluate";
import type { PolicyInput } from "./document";

/** How a VPC reaches a service: through a service network it is associated with, or a VPC endpoint of one. */
export interface Connection {
  networkArn: string;
  networkName: string;
  vpcNodeId: string;
  vpcId: string;
  vpcAccountId: string;
  via:
    | { kind: "association"; associationId?: string }
    | { kind: "endpoint"; endpointId: string; endpointNodeId: string };
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

const arnAccount = (arn: string) => arn.split(":")[4] ?? "";

export function vpcIdOf(nodeId: string, node?: TopologyNode): string {
  return str(node?.data.vpcId) ?? /vpc\/(vpc-[0-9a-z]+)$/.exec(nodeId)?.[1] ?? nodeId;
}

function resourceId(node: TopologyNode, type: string): string {
  return str(node.data.id) ?? node.id.split(`:${type}/`)[1] ?? node.id;
}

/** A service by ARN, ID or name. */
export function findService(topology: Topology, ref: string): TopologyNode | undefined {
  const services = topology.nodes.filter((n) => n.kind === "service");
  return (
    services.find((n) => n.id === ref) ??
    services.find((n) => resourceId(n, "service") === ref) ??
    services.find((n) => n.name === ref)
  );
}

/** A VPC by node ID (ARN), VPC ID or name. */
export function findVpc(topology: Topology, ref: string): TopologyNode | undefined {
  const vpcs = topology.nodes.filter((n) => n.kind === "vpc");
  return (
    vpcs.find((n) => n.id === ref) ??
    vpcs.find((n) => vpcIdOf(n.id, n) === ref) ??
    vpcs.find((n) => n.name === ref)
  );
}

/** Every way a VPC of the estate reaches the service (one per network × VPC × association or endpoint). */
export function connectionsToService(topology: Topology, serviceArn: string): Connection[] {
  const nodes = new Map(topology.nodes.map((n) => [n.id, n]));
  const edges = [...new Map(topology.edges.map((e) => [e.id, e])).values()];
  const networks = new Set(
    edges.filter((e) => e.kind === "sn-service" && e.target === serviceArn).map((e) => e.source),
  );
  const out: Connection[] = [];
  const vpcNode = (vpcId: string, fallbackAccount: string, region: string) =>
    topology.nodes.find((n) => n.kind === "vpc" && vpcIdOf(n.id, n) === vpcId)?.id ??
    `arn:aws:ec2:${region}:${fallbackAccount}:vpc/${vpcId}`;
  for (const edge of edges) {
    if (!networks.has(edge.source)) continue;
    const network = { networkArn: edge.source, networkName: nodes.get(edge.source)?.name ?? edge.source };
    if (edge.kind === "sn-vpc") {
      const node = nodes.get(edge.target);
      const associationId = str(edge.data?.associationId);
      out.push({
        ...network,
        vpcNodeId: edge.target,
        vpcId: vpcIdOf(edge.target, node),
        vpcAccountId: node?.accountId ?? arnAccount(edge.target),
        via: { kind: "association", ...(associationId ? { associationId } : {}) },
      });
    }
    if (edge.kind === "sn-endpoint") {
      const endpoint = nodes.get(edge.target);
      const vpcId = str(edge.data?.vpcId) ?? str(endpoint?.data.vpcId);
      if (!vpcId) continue;
      const endpointAccount = endpoint?.accountId ?? arnAccount(edge.target);
      const id = vpcNode(vpcId, endpointAccount, edge.target.split(":")[3] ?? "");
      out.push({
        ...network,
        vpcNodeId: id,
        vpcId,
        vpcAccountId: nodes.get(id)?.accountId ?? arnAccount(id),
        via: {
          kind: "endpoint",
          endpointId: str(edge.data?.vpcEndpointId) ?? edge.target.split("/").at(-1) ?? edge.target,
          endpointNodeId: edge.target,
        },
      });
    }
  }
  return out.sort((a, b) => (a.via.kind === b.via.kind ? 0 : a.via.kind === "association" ? -1 : 1));
}

/** The auth type and policy of every service network and service, keyed by ARN. */
export interface EstatePolicies {
  networks: Record<string, LayerPolicy>;
  services: Record<string, LayerPolicy>;
}

function layerOf(node: TopologyNode): LayerPolicy {
  const authType: AuthType = node.data.authType === "AWS_IAM" ? "AWS_IAM" : "NONE";
  const stored = node.data.authPolicy;
  const policy: PolicyInput | null =
    typeof stored === "string"
      ? stored
      : stored && typeof stored === "object" && "policy" in stored && typeof stored.policy === "string"
        ? stored.policy
        : null;
  return { authType, policy };
}

/** Reads auth types and policies as the crawler records them (`data.authType`, `data.authPolicy.policy`). */
export function policiesFromTopology(topology: Topology): EstatePolicies {
  const estate: EstatePolicies = { networks: {}, services: {} };
  for (const node of topology.nodes) {
    if (node.external) continue;
    if (node.kind === "service-network") estate.networks[node.id] = layerOf(node);
    if (node.kind === "service") estate.services[node.id] = layerOf(node);
  }
  return estate;
}
