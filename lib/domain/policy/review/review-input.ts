import type { Topology, TopologyEdge, TopologyNode } from "../../topology/topology";
import { policiesFromTopology, vpcIdOf } from "../connectivity";
import { isRecord } from "../document";
import type { LayerPolicy } from "../evaluate";
import type { Organization } from "../principals";
import type { ReviewAccount } from "./principal-dimension";
import type { ReviewSource } from "./request-dimensions";
import type { ReviewInput, ReviewLayer, ReviewNetworkPath, ReviewService } from "./review";

const HTTP = new Set(["HTTP", "HTTPS", "GRPC"]);

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function layer(state: LayerPolicy): ReviewLayer {
  const policy = state.policy;
  return {
    authType: state.authType,
    policy: typeof policy === "string" || (policy && !("statements" in policy)) ? policy : null,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The crawl read once into the lookups a review needs, so that a network of hundreds of services is linear. */
class EstateIndex {
  readonly byId: Map<string, TopologyNode>;
  private readonly children = new Map<string, TopologyNode[]>();
  private readonly edgesFrom = new Map<string, TopologyEdge[]>();
  private readonly vpcsById = new Map<string, TopologyNode>();
  private readonly sources = new Map<string, ReviewSource[]>();

  constructor(private readonly topology: Topology) {
    this.byId = new Map(topology.nodes.map((n) => [n.id, n]));
    for (const n of topology.nodes) {
      if (n.parentId && (n.kind === "listener" || n.kind === "rule")) push(this.children, n.parentId, n);
      if (n.kind === "vpc") this.vpcsById.set(vpcIdOf(n.id, n), n);
    }
    const seen = new Set<string>();
    for (const e of topology.edges) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      push(this.edgesFrom, e.source, e);
      if (e.kind === "service-listener" || e.kind === "listener-rule") {
        const child = this.byId.get(e.target);
        const list = this.children.get(e.source) ?? [];
        if (child && !list.includes(child)) push(this.children, e.source, child);
      }
    }
  }

  childrenOf(parent: string, kind: "listener" | "rule"): TopologyNode[] {
    return (this.children.get(parent) ?? [])
      .filter((n) => n.kind === kind)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  edges(source: string, kind: TopologyEdge["kind"]): TopologyEdge[] {
    return (this.edgesFrom.get(source) ?? []).filter((e) => e.kind === kind);
  }

  /** The VPCs associated with a network or with an endpoint of it (as connectionsToService reads them). */
  sourcesOf(networkArn: string): ReviewSource[] {
    const known = this.sources.get(networkArn);
    if (known) return known;
    const out: ReviewSource[] = [];
    const add = (vpcId: string, node: TopologyNode | undefined, accountId: string) => {
      if (out.some((s) => s.vpcId === vpcId)) return;
      out.push({ vpcId, label: node && node.name !== vpcId ? `${node.name} (${vpcId})` : vpcId, accountId });
    };
    for (const e of this.edges(networkArn, "sn-vpc")) {
      const node = this.byId.get(e.target);
      add(vpcIdOf(e.target, node), node, node?.accountId ?? e.target.split(":")[4] ?? "");
    }
    for (const e of this.edges(networkArn, "sn-endpoint")) {
      const endpoint = this.byId.get(e.target);
      const vpcId = str(e.data?.vpcId) ?? str(endpoint?.data.vpcId);
      if (!vpcId) continue;
      const node = this.vpcsById.get(vpcId);
      add(vpcId, node, node?.accountId ?? endpoint?.accountId ?? e.target.split(":")[4] ?? "");
    }
    this.sources.set(networkArn, out);
    return out;
  }

  networksOf(serviceArn: string): string[] {
    return [
      ...new Set(
        this.topology.edges
          .filter((e) => e.kind === "sn-service" && e.target === serviceArn)
          .map((e) => e.source),
      ),
    ];
  }

  rulePaths(listener: TopologyNode): string[] {
    const out: string[] = [];
    for (const rule of this.childrenOf(listener.id, "rule")) {
      const http =
        isRecord(rule.data.match) && isRecord(rule.data.match.httpMatch) ? rule.data.match.httpMatch : {};
      const match = isRecord(http.pathMatch) && isRecord(http.pathMatch.match) ? http.pathMatch.match : {};
      for (const v of [match.exact, match.prefix])
        if (typeof v === "string" && v.startsWith("/")) out.push(v);
    }
    return out;
  }
}

/** The services a scope's policy applies to, how VPCs reach them, and the other layer, read from a crawl. */
export function reviewInputFromTopology(
  topology: Topology,
  scope: { kind: "service" | "service-network"; arn: string },
  change: { before: ReviewLayer; after: ReviewLayer },
  organization: Organization | undefined,
): ReviewInput {
  const index = new EstateIndex(topology);
  const estate = policiesFromTopology(topology);
  const serviceArns =
    scope.kind === "service"
      ? [scope.arn]
      : [...new Set(index.edges(scope.arn, "sn-service").map((e) => e.target))].sort();
  const networkPath = (arn: string): ReviewNetworkPath => ({
    arn,
    name: index.byId.get(arn)?.name ?? arn,
    sources: index.sourcesOf(arn),
  });
  const services: ReviewService[] = serviceArns.map((arn) => {
    const listeners = index.childrenOf(arn, "listener");
    const protocols = listeners.map((l) =>
      typeof l.data.protocol === "string" ? l.data.protocol.toUpperCase() : "",
    );
    const ports = listeners.map((l) => l.data.port).filter((p): p is number => typeof p === "number");
    const known = listeners.length > 0 && protocols.every((p) => p !== "");
    const networks = scope.kind === "service-network" ? [scope.arn] : index.networksOf(arn).sort();
    return {
      arn,
      name: index.byId.get(arn)?.name ?? arn.split("/").at(-1) ?? arn,
      ...(ports.length > 0 && known ? { ports: [...new Set(ports)] } : {}),
      invoke: !known || protocols.some((p) => HTTP.has(p)),
      connect: !known || protocols.some((p) => !HTTP.has(p)),
      paths: [...new Set(listeners.flatMap((l) => index.rulePaths(l)))],
      networks: networks.map(networkPath),
    };
  });
  const otherLayers: Record<string, ReviewLayer> = {};
  const others = scope.kind === "service" ? estate.networks : estate.services;
  const otherArns =
    scope.kind === "service" ? services.flatMap((s) => s.networks.map((n) => n.arn)) : serviceArns;
  for (const arn of otherArns) {
    const state = others[arn];
    if (state) otherLayers[arn] = layer(state);
  }
  const accounts = new Map<string, ReviewAccount>();
  for (const n of topology.nodes) {
    if (n.kind === "account") accounts.set(n.accountId, { accountId: n.accountId, name: n.name });
  }
  for (const e of topology.edges) {
    if (e.kind !== "shared-with") continue;
    const id = e.target.replace(/^account:/, "");
    if (/^\d{12}$/.test(id) && !accounts.has(id)) accounts.set(id, { accountId: id });
  }
  return {
    scope: { ...scope, name: index.byId.get(scope.arn)?.name ?? scope.arn.split("/").at(-1) ?? scope.arn },
    before: change.before,
    after: change.after,
    services,
    otherLayers,
    accounts: [...accounts.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1)),
    ...(organization ? { organization } : {}),
  };
}
