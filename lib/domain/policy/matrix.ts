import type { Topology, TopologyNode } from "../topology/topology";
import {
  connectionsToService,
  findVpc,
  policiesFromTopology,
  vpcIdOf,
  type Connection,
} from "./connectivity";
import type { PolicyInput } from "./document";
import { invokeRequest, type AccessRequest } from "./evaluate";
import { identityOf, requestPrincipal, type Organization, type RequestPrincipal } from "./principals";
import { routesForService, type MatrixRoute } from "./matrix-routes";
import { policyPrincipals } from "./matrix-principals";

export type { MatrixRoute } from "./matrix-routes";

export interface PolicyScope {
  kind: "service" | "service-network";
  arn: string;
}

export type PrincipalSource = "account" | "ram-share" | "policy" | "anonymous";

export interface MatrixPrincipal {
  /** The principal ARN (accounts as `arn:aws:iam::<id>:root`), or "anonymous". */
  id: string;
  label: string;
  sources: PrincipalSource[];
  principal: RequestPrincipal;
}

export interface MatrixSource {
  vpcId: string;
  label: string;
  accountId?: string;
  /** How the VPC reaches the service; absent for a VPC that is not connected. */
  connection?: Connection;
  /** The network whose auth policy applies (for an unconnected VPC: the one it would come through). */
  networkArn?: string;
  reachable: boolean;
}

export interface MatrixRequest {
  principal: MatrixPrincipal;
  service: { arn: string; name: string };
  route: MatrixRoute;
  source: MatrixSource;
  request: AccessRequest;
}

export interface RequestMatrix {
  scope: PolicyScope;
  principals: MatrixPrincipal[];
  services: { arn: string; name: string; routes: MatrixRoute[]; sources: MatrixSource[] }[];
  requests: MatrixRequest[];
}

export interface MatrixOptions {
  /** Policies to draw principals, paths and methods from, besides the ones recorded in the topology. */
  policies?: readonly (PolicyInput | null | undefined)[];
  /** Which accounts belong to the organization, for aws:PrincipalOrgID. */
  organization?: Organization;
}

/** The organization recorded on account nodes (`data.organizationId`), if any. */
export function organizationFromTopology(topology: Topology): Organization | undefined {
  const accounts = topology.nodes.filter(
    (n) => n.kind === "account" && typeof n.data.organizationId === "string",
  );
  const id = accounts[0]?.data.organizationId;
  if (typeof id !== "string") return undefined;
  return { id, accountIds: accounts.filter((n) => n.data.organizationId === id).map((n) => n.accountId) };
}

function principals(
  topology: Topology,
  policies: readonly PolicyInput[],
  org?: Organization,
): MatrixPrincipal[] {
  const found = new Map<string, MatrixPrincipal>();
  const accountNames = new Map(
    topology.nodes.filter((n) => n.kind === "account").map((n) => [n.accountId, n.name]),
  );
  const add = (value: string, source: PrincipalSource) => {
    const identity = identityOf(value);
    if (!identity) return;
    const existing = found.get(identity.arn);
    if (existing) {
      if (!existing.sources.includes(source)) existing.sources.push(source);
      return;
    }
    const name = accountNames.get(identity.accountId);
    const label =
      identity.kind === "account"
        ? name && name !== identity.accountId
          ? `${name} (${identity.accountId})`
          : identity.accountId
        : identity.arn;
    found.set(identity.arn, {
      id: identity.arn,
      label,
      sources: [source],
      principal: requestPrincipal(identity.arn, org),
    });
  };
  for (const node of topology.nodes) if (node.kind === "account") add(node.accountId, "account");
  for (const edge of topology.edges) {
    if (edge.kind === "shared-with") add(edge.target.replace(/^account:/, ""), "ram-share");
  }
  for (const value of policyPrincipals(policies)) add(value, "policy");
  return [
    ...[...found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    {
      id: "anonymous",
      label: "anonymous (unsigned) caller",
      sources: ["anonymous"],
      principal: { type: "anonymous" },
    },
  ];
}

function servicesInScope(topology: Topology, scope: PolicyScope): TopologyNode[] {
  const byId = new Map(topology.nodes.map((n) => [n.id, n]));
  const arns =
    scope.kind === "service"
      ? [scope.arn]
      : [
          ...new Set(
            topology.edges
              .filter((e) => e.kind === "sn-service" && e.source === scope.arn)
              .map((e) => e.target),
          ),
        ];
  return arns.sort().map(
    (arn) =>
      byId.get(arn) ?? {
        id: arn,
        kind: "service",
        name: arn.split("/").at(-1) ?? arn,
        accountId: arn.split(":")[4] ?? "",
        region: arn.split(":")[3] ?? "",
        data: {},
      },
  );
}

function sourcesFor(topology: Topology, serviceArn: string, scope: PolicyScope): MatrixSource[] {
  const all = connectionsToService(topology, serviceArn);
  const relevant = scope.kind === "service-network" ? all.filter((c) => c.networkArn === scope.arn) : all;
  const seen = new Set<string>();
  const out: MatrixSource[] = [];
  for (const connection of relevant) {
    const key = `${connection.vpcId}|${connection.networkArn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const node = findVpc(topology, connection.vpcNodeId);
    out.push({
      vpcId: connection.vpcId,
      label: node && node.name !== connection.vpcId ? `${node.name} (${connection.vpcId})` : connection.vpcId,
      accountId: connection.vpcAccountId,
      connection,
      networkArn: connection.networkArn,
      reachable: true,
    });
  }
  const connected = new Set(all.map((c) => c.vpcId));
  const loose = topology.nodes
    .filter((n) => n.kind === "vpc" && !connected.has(vpcIdOf(n.id, n)))
    .sort((a, b) => (a.id < b.id ? -1 : 1))[0];
  const network = scope.kind === "service-network" ? scope.arn : all[0]?.networkArn;
  out.push({
    vpcId: loose ? vpcIdOf(loose.id, loose) : "vpc-not-connected",
    label: loose ? `${loose.name} (not connected)` : "a VPC not connected",
    ...(loose ? { accountId: loose.accountId } : {}),
    ...(network ? { networkArn: network } : {}),
    reachable: false,
  });
  return out;
}

/**
 * The requests that matter for a policy change at `scope`: principals of the estate (accounts, RAM share
 * principals, identities named in policies, anonymous) × the services in scope × their routes × the VPCs that
 * reach them, plus one VPC that is not connected (evaluated as if it came through the same network).
 */
export function requestMatrix(
  topology: Topology,
  scope: PolicyScope,
  options: MatrixOptions = {},
): RequestMatrix {
  const estate = policiesFromTopology(topology);
  const policies = [
    ...(options.policies ?? []),
    ...Object.values(estate.networks).map((l) => l.policy),
    ...Object.values(estate.services).map((l) => l.policy),
  ].filter(
    (p): p is PolicyInput => p !== null && p !== undefined && !(typeof p === "object" && "statements" in p),
  );
  const matrixPrincipals = principals(
    topology,
    policies,
    options.organization ?? organizationFromTopology(topology),
  );
  const services = servicesInScope(topology, scope).map((node) => ({
    arn: node.id,
    name: node.name,
    routes: routesForService(topology, node.id, policies),
    sources: sourcesFor(topology, node.id, scope),
  }));
  const requests: MatrixRequest[] = [];
  for (const service of services) {
    for (const source of service.sources) {
      for (const route of service.routes) {
        for (const principal of matrixPrincipals) {
          requests.push({
            principal,
            service: { arn: service.arn, name: service.name },
            route,
            source,
            request: invokeRequest({
              principal: principal.principal,
              serviceArn: service.arn,
              method: route.method,
              path: route.path,
              ...(route.port !== undefined ? { port: route.port } : {}),
              sourceVpc: source.vpcId,
              ...(source.accountId ? { sourceVpcOwnerAccount: source.accountId } : {}),
              ...(source.networkArn ? { serviceNetworkArn: source.networkArn } : {}),
            }),
          });
        }
      }
    }
  }
  return { scope, principals: matrixPrincipals, services, requests };
}
