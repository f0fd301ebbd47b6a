import type { ResourceKind } from "@/lib/domain/topology/snapshot";
import type { TopologyEdge } from "@/lib/domain/topology/topology";
import { formatPercent } from "@/lib/domain/routing/weights";
import type { MapEdge } from "./build-map-graph";
import { countLabel, KIND_LOOK } from "./kinds";
import { rulePriority, type TopologyIndex } from "./topology-index";

/** How an aggregated association edge lists what it stands for. */
const MEMBER_ORDER: ResourceKind[] = ["service", "resource-configuration", "vpc", "vpc-endpoint"];

/** The relation drawn in the direction requests flow (client VPC → network → service → … → target). */
function flow(edge: TopologyEdge): { source: string; target: string } {
  switch (edge.kind) {
    case "sn-vpc":
    case "sn-endpoint":
    case "rgw-rcfg":
      return { source: edge.target, target: edge.source };
    default:
      return { source: edge.source, target: edge.target };
  }
}

interface Aggregate {
  source: string;
  target: string;
  network: Map<ResourceKind, number>;
  shared: boolean;
  pending: boolean;
  forwards: TopologyEdge[];
}

/**
 * The edges between what is visible: relations between two visible nodes as they are, and relations into
 * collapsed things (a hidden rule's service, a collapsed account's box) merged into one labelled edge per pair.
 */
export function buildMapEdges(
  index: TopologyIndex,
  visible: ReadonlySet<string>,
  nodeBox: ReadonlyMap<string, string>,
  boxIds: ReadonlySet<string>,
): MapEdge[] {
  const { byId, anchorOf } = index;
  const representative = (id: string): string | undefined => {
    if (visible.has(id)) return nodeBox.has(id) ? id : undefined;
    const node = byId.get(id);
    if (!node) return undefined;
    if (node.kind === "account") return boxIds.has(id) ? id : undefined;
    const anchor = anchorOf.get(id);
    if (anchor && anchor !== id && visible.has(anchor) && nodeBox.has(anchor)) return anchor;
    const box = index.accountOf(node);
    return boxIds.has(box) ? box : undefined;
  };
  const boxOf = (id: string) => nodeBox.get(id) ?? (boxIds.has(id) ? id : undefined);

  const edges: MapEdge[] = [];
  const aggregates = new Map<string, Aggregate>();
  for (const edge of index.topology.edges) {
    const { source, target } = flow(edge);
    const s = representative(source);
    const t = representative(target);
    if (!s || !t || s === t) continue;
    const sBox = boxOf(s);
    const tBox = boxOf(t);
    if (s === tBox || t === sBox) continue;
    const networkish = edge.kind.startsWith("sn-") || edge.kind === "shared-with";
    if (s === source && t === target && edge.kind !== "shared-with") {
      edges.push(directEdge(index, edge, s, t, sBox === tBox));
      continue;
    }
    const forward = edge.kind === "forward";
    if (!networkish && !forward) continue;
    const [a, b] = networkish ? [representative(edge.source), representative(edge.target)] : [s, t];
    if (!a || !b) continue;
    const key = `${networkish ? "net" : "fwd"}|${a}|${b}`;
    let agg = aggregates.get(key);
    if (!agg) {
      agg = {
        source: a,
        target: b,
        network: new Map(),
        shared: false,
        pending: false,
        forwards: [],
      };
      aggregates.set(key, agg);
    }
    if (edge.kind === "shared-with") {
      agg.shared = true;
      if (edge.data?.status !== "ASSOCIATED" || edge.data?.invitationStatus === "PENDING") agg.pending = true;
    } else if (networkish) {
      const member = byId.get(edge.target);
      const kind = member?.kind ?? "service";
      agg.network.set(kind, (agg.network.get(kind) ?? 0) + 1);
    } else {
      agg.forwards.push(edge);
    }
  }
  for (const [key, agg] of aggregates) {
    const internal = boxOf(agg.source) === boxOf(agg.target);
    if (agg.forwards.length > 0) {
      const split = forwardSplitLabel(index, agg.forwards);
      const dead = index.health.get(agg.target) === "no-healthy";
      edges.push({
        id: key,
        source: agg.source,
        target: agg.target,
        tone: dead ? "forward-dead" : "forward",
        label: split.label,
        title: split.title,
        ...(split.share !== undefined ? { share: split.share } : {}),
        internal,
        aggregate: true,
      });
      continue;
    }
    const parts = [...agg.network]
      .sort((x, y) => MEMBER_ORDER.indexOf(x[0]) - MEMBER_ORDER.indexOf(y[0]))
      .map(([kind, count]) => countLabel(kind, count));
    if (agg.shared) parts.unshift(agg.pending ? "RAM share pending" : "RAM");
    edges.push({
      id: key,
      source: agg.source,
      target: agg.target,
      tone: agg.network.size > 0 ? "association" : agg.pending ? "pending" : "share",
      label: parts.join(" · "),
      title: agg.shared
        ? "Shared through AWS RAM; associations with the network"
        : "Associations with the network",
      internal,
      aggregate: true,
    });
  }
  edges.push(...syntheticEdges(index, visible, nodeBox));

  return edges;
}

/** Rules shown by name on a service's edge to a target group before the rest are counted. */
const RULES_ON_LABEL = 3;

/** How many rules the service of a rule has: with one, its share is the service's. */
function rulesOfService(index: TopologyIndex, ruleId: string): number {
  const service = index.anchorOf.get(ruleId);
  return (
    (service ? index.childrenOf.get(service) : undefined)?.filter((id) => index.byId.get(id)?.kind === "rule")
      .length ?? 0
  );
}

/**
 * The label of a service's edge to a target group while its rules are hidden: each rule forwarding there with
 * the group's share of it, default rule first ("default 10 % · canary-header 100 %"), the effective share beside
 * a rule only where target health changes it. The width follows the default rule's share, the bulk of traffic.
 */
export function forwardSplitLabel(
  index: TopologyIndex,
  forwards: readonly TopologyEdge[],
): { label: string; title: string; share?: number } {
  const rules = forwards
    .map((edge) => ({ edge, rule: index.byId.get(edge.source), share: index.shares.get(edge.id) }))
    .sort((a, b) => {
      const ra = a.rule ? rulePriority(a.rule) : Number.MAX_SAFE_INTEGER;
      const rb = b.rule ? rulePriority(b.rule) : Number.MAX_SAFE_INTEGER;
      const da = a.rule?.data.isDefault === true ? 0 : 1;
      const db = b.rule?.data.isDefault === true ? 0 : 1;
      return da - db || ra - rb;
    });
  const only = rules.length === 1 && rulesOfService(index, rules[0]!.edge.source) <= 1;
  const text = rules.map(({ rule, share }) => {
    const name = rule?.name ?? "rule";
    if (!share) return name;
    const percent = formatPercent(share.sharePercent, share.share);
    const effective =
      share.effectivePercent === share.sharePercent && share.effectiveShare > 0 === share.share > 0
        ? ""
        : ` (eff. ${formatPercent(share.effectivePercent, share.effectiveShare)})`;
    return only ? `${percent}${effective}` : `${name} ${percent}${effective}`;
  });
  const shown = text.slice(0, RULES_ON_LABEL);
  const more = text.length - shown.length;
  const target = index.byId.get(rules[0]?.edge.target ?? "")?.name ?? "this target group";
  const main =
    rules.find((r) => r.rule?.data.isDefault === true) ?? (rules.length === 1 ? rules[0] : undefined);
  return {
    label: `${shown.join(" · ")}${more > 0 ? ` · +${more} ${more === 1 ? "rule" : "rules"}` : ""}`,
    title: [`Share of each rule's requests forwarded to ${target}:`, ...text].join("\n"),
    ...(main?.share ? { share: main.share.share } : {}),
  };
}

/** "90 %", or "10 % · eff. 0 %" when unhealthy target groups move requests elsewhere. */
export function shareLabel(
  percent: number,
  share: number,
  effectivePercent: number,
  effective: number,
): string {
  const base = formatPercent(percent, share);
  if (effectivePercent === percent && effective > 0 === share > 0) return base;
  return `${base} · eff. ${formatPercent(effectivePercent, effective)}`;
}

function directEdge(
  index: TopologyIndex,
  edge: TopologyEdge,
  source: string,
  target: string,
  internal: boolean,
): MapEdge {
  const base = { id: edge.id, source, target, internal, aggregate: false };
  switch (edge.kind) {
    case "forward": {
      const share = index.shares.get(edge.id);
      const dead = share?.noHealthyTarget === true;
      const targetName = index.byId.get(edge.target)?.name ?? "the target group";
      return {
        ...base,
        tone: dead ? "forward-dead" : "forward",
        ...(share
          ? {
              label: shareLabel(
                share.sharePercent,
                share.share,
                share.effectivePercent,
                share.effectiveShare,
              ),
              share: share.share,
              title: dead
                ? `Weight ${share.weight}: ${targetName} has no healthy target, so its share goes to the others`
                : `Weight ${share.weight} of this action`,
            }
          : {}),
      };
    }
    case "shared-with": {
      const pending = edge.data?.status !== "ASSOCIATED" || edge.data?.invitationStatus === "PENDING";
      const shareName = typeof edge.data?.shareName === "string" ? edge.data.shareName : "a resource share";
      return {
        ...base,
        tone: pending ? "pending" : "share",
        label: pending ? "RAM share pending" : "RAM share",
        title: `Shared through AWS RAM (${shareName})${pending ? ": invitation not accepted yet" : ""}`,
      };
    }
    case "sn-vpc":
    case "sn-service":
    case "sn-resource":
    case "sn-endpoint":
      return { ...base, tone: "association", title: `${KIND_LOOK["service-network"].label} association` };
    case "rgw-rcfg":
      return { ...base, tone: "gateway" };
    default:
      return { ...base, tone: "contains" };
  }
}

/** Edges the topology keeps as fields: a RAM share's resources, the VPC of an endpoint or resource gateway. */
function syntheticEdges(
  index: TopologyIndex,
  visible: ReadonlySet<string>,
  nodeBox: ReadonlyMap<string, string>,
): MapEdge[] {
  const edges: MapEdge[] = [];
  const add = (source: string, target: string, title: string) => {
    if (!visible.has(source) || !visible.has(target)) return;
    const internal = nodeBox.get(source) === nodeBox.get(target);
    edges.push({
      id: `synthetic|${source}|${target}`,
      source,
      target,
      tone: "contains",
      title,
      internal,
      aggregate: false,
    });
  };
  for (const id of visible) {
    const node = index.byId.get(id);
    if (!node) continue;
    if (node.kind === "ram-share" && Array.isArray(node.data.resources)) {
      for (const resource of node.data.resources) {
        const arn =
          resource && typeof resource === "object" ? (resource as { arn?: unknown }).arn : undefined;
        if (typeof arn === "string") add(node.id, arn, "Shared by this resource share");
      }
    } else if ((node.kind === "vpc-endpoint" || node.kind === "resource-gateway") && node.parentId) {
      add(
        node.parentId,
        node.id,
        node.kind === "vpc-endpoint" ? "Endpoint in this VPC" : "Gateway in this VPC",
      );
    }
  }
  return edges;
}
