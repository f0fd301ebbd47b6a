import type { Topology, TopologyNode } from "../../topology";
import { connectionsToService, findVpc, policiesFromTopology } from "../connectivity";
import { isRecord } from "../document";
import type { LayerPolicy } from "../evaluate";
import type { Organization } from "../principals";
import type { ReviewAccount } from "./principal-dimension";
import type { ReviewInput, ReviewLayer, ReviewNetworkPath, ReviewService } from "./review";

const HTTP = new Set(["HTTP", "HTTPS", "GRPC"]);

function children(topology: Topology, parent: string, kind: "listener" | "rule"): TopologyNode[] {
  const edgeKind = kind === "listener" ? "service-listener" : "listener-rule";
  const linked = new Set(
    topology.edges.filter((e) => e.kind === edgeKind && e.source === parent).map((e) => e.target),
  );
  return topology.nodes.filter((n) => n.kind === kind && (n.parentId === parent || linked.has(n.id)));
}

function rulePaths(topology: Topology, listener: TopologyNode): string[] {
  const out: string[] = [];
  for (const rule of children(topology, listener.id, "rule")) {
    const http =
      isRecord(rule.data.match) && isRecord(rule.data.match.httpMatch) ? rule.data.match.httpMatch : {};
    const match = isRecord(http.pathMatch) && isRecord(http.pathMatch.match) ? http.pathMatch.match : {};
    for (const v of [match.exact, match.prefix]) if (typeof v === "string" && v.startsWith("/")) out.push(v);
  }
  return out;
}

function layer(state: LayerPolicy): ReviewLayer {
  const policy = state.policy;
  return {
    authType: state.authType,
    policy: typeof policy === "string" || (policy && !("statements" in policy)) ? policy : null,
  };
}

/** The services a scope's policy applies to, how VPCs reach them, and the other layer, read from a crawl. */
export function reviewInputFromTopology(
  topology: Topology,
  scope: { kind: "service" | "service-network"; arn: string },
  change: { before: ReviewLayer; after: ReviewLayer },
  organization: Organization | undefined,
): ReviewInput {
  const byId = new Map(topology.nodes.map((n) => [n.id, n]));
  const estate = policiesFromTopology(topology);
  const serviceArns =
    scope.kind === "service"
      ? [scope.arn]
      : [
          ...new Set(
            topology.edges
              .filter((e) => e.kind === "sn-service" && e.source === scope.arn)
              .map((e) => e.target),
          ),
        ].sort();
  const services: ReviewService[] = serviceArns.map((arn) => {
    const node = byId.get(arn);
    const listeners = children(topology, arn, "listener").sort((a, b) => (a.id < b.id ? -1 : 1));
    const protocols = listeners.map((l) =>
      typeof l.data.protocol === "string" ? l.data.protocol.toUpperCase() : "",
    );
    const ports = listeners.map((l) => l.data.port).filter((p): p is number => typeof p === "number");
    const known = listeners.length > 0 && protocols.every((p) => p !== "");
    const byNetwork = new Map<string, ReviewNetworkPath>();
    for (const c of connectionsToService(topology, arn)) {
      if (scope.kind === "service-network" && c.networkArn !== scope.arn) continue;
      const path = byNetwork.get(c.networkArn) ?? { arn: c.networkArn, name: c.networkName, sources: [] };
      if (!path.sources.some((s) => s.vpcId === c.vpcId)) {
        const vpc = findVpc(topology, c.vpcNodeId) ?? findVpc(topology, c.vpcId);
        path.sources.push({
          vpcId: c.vpcId,
          label: vpc && vpc.name !== c.vpcId ? `${vpc.name} (${c.vpcId})` : c.vpcId,
          accountId: c.vpcAccountId,
        });
      }
      byNetwork.set(c.networkArn, path);
    }
    if (scope.kind === "service-network" && !byNetwork.has(scope.arn)) {
      byNetwork.set(scope.arn, { arn: scope.arn, name: byId.get(scope.arn)?.name ?? scope.arn, sources: [] });
    }
    for (const e of topology.edges) {
      if (
        scope.kind === "service" &&
        e.kind === "sn-service" &&
        e.target === arn &&
        !byNetwork.has(e.source)
      ) {
        byNetwork.set(e.source, { arn: e.source, name: byId.get(e.source)?.name ?? e.source, sources: [] });
      }
    }
    return {
      arn,
      name: node?.name ?? arn.split("/").at(-1) ?? arn,
      ...(ports.length > 0 && known ? { ports: [...new Set(ports)] } : {}),
      invoke: !known || protocols.some((p) => HTTP.has(p)),
      connect: !known || protocols.some((p) => !HTTP.has(p)),
      paths: [...new Set(listeners.flatMap((l) => rulePaths(topology, l)))],
      networks: [...byNetwork.values()].sort((a, b) => (a.arn < b.arn ? -1 : 1)),
    };
  });
  const otherLayers: Record<string, ReviewLayer> = {};
  if (scope.kind === "service") {
    for (const s of services)
      for (const n of s.networks)
        if (estate.networks[n.arn]) otherLayers[n.arn] = layer(estate.networks[n.arn] as LayerPolicy);
  } else {
    for (const s of services)
      if (estate.services[s.arn]) otherLayers[s.arn] = layer(estate.services[s.arn] as LayerPolicy);
  }
  const accounts = new Map<string, ReviewAccount>();
  for (const n of topology.nodes)
    if (n.kind === "account") accounts.set(n.accountId, { accountId: n.accountId, name: n.name });
  for (const e of topology.edges) {
    if (e.kind !== "shared-with") continue;
    const id = e.target.replace(/^account:/, "");
    if (/^\d{12}$/.test(id) && !accounts.has(id)) accounts.set(id, { accountId: id });
  }
  return {
    scope: { ...scope, name: byId.get(scope.arn)?.name ?? scope.arn.split("/").at(-1) ?? scope.arn },
    before: change.before,
    after: change.after,
    services,
    otherLayers,
    accounts: [...accounts.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1)),
    ...(organization ? { organization } : {}),
  };
}
