import { unknownBecause, type UnknownPart } from "../topology/incomplete";
import type { Topology, TopologyNode } from "../topology/topology";
import {
  formatPercent,
  splitForward,
  targetGroupHealthIndex,
  type ForwardSplit,
  type TargetGroupHealth,
} from "./weights";

export interface RoutingTarget {
  targetGroupId: string;
  name: string;
  weight: number;
  share: number;
  sharePercent: number;
  effectiveShare: number;
  effectivePercent: number;
  noHealthyTarget: boolean;
  health?: TargetGroupHealth;
}

/** One rule of a service listener, readable: priority, what it matches, what it does. */
export interface RoutingRow {
  listenerArn: string;
  listenerName: string;
  protocol: string | null;
  port: number | null;
  /** Null when the listener's default rule was not crawled and the row comes from its default action. */
  ruleId: string | null;
  ruleName: string;
  /** Null for the default rule, which applies last. */
  priority: number | null;
  isDefault: boolean;
  matchText: string;
  actionText: string;
  targets: RoutingTarget[];
  /** Requests this rule matches reach no target. */
  failing: boolean;
  /**
   * "unknown: ListRules failed in 222233334444/us-east-1" when the row rests on a read the last crawl could not
   * make: a rule kept from an earlier crawl, an action never read, or (ruleId null) rules never listed.
   */
  unknown?: string;
}

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

function obj(value: unknown): Rec | undefined {
  return isRecord(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function caseNote(value: unknown): string {
  return value === true ? " (case-sensitive)" : value === false ? " (case-insensitive)" : "";
}

/** `GET /api/v2* (prefix) · header x-env = canary`; "any request" for a rule without conditions. */
export function describeMatch(match: unknown): string {
  const http = obj(obj(match)?.httpMatch);
  if (!http) return "any request";
  const request: string[] = [];
  const method = str(http.method);
  if (method) request.push(method);
  const pathMatch = obj(http.pathMatch);
  const path = obj(pathMatch?.match);
  const exact = str(path?.exact);
  const prefix = str(path?.prefix);
  if (exact) request.push(`${exact} (exact)${caseNote(pathMatch?.caseSensitive)}`);
  else if (prefix) request.push(`${prefix}* (prefix)${caseNote(pathMatch?.caseSensitive)}`);
  const parts = request.length > 0 ? [request.join(" ")] : [];
  for (const item of Array.isArray(http.headerMatches) ? http.headerMatches : []) {
    const header = obj(item);
    const name = str(header?.name) ?? "?";
    const m = obj(header?.match);
    const how =
      m?.exact !== undefined
        ? `= ${String(m.exact)}`
        : m?.prefix !== undefined
          ? `starts with ${String(m.prefix)}`
          : m?.contains !== undefined
            ? `contains ${String(m.contains)}`
            : "present";
    parts.push(`header ${name} ${how}${caseNote(header?.caseSensitive)}`);
  }
  return parts.length > 0 ? parts.join(" · ") : "any request";
}

function targetGroupArn(identifier: string, ruleOrListenerArn: string): string {
  if (identifier.startsWith("arn:")) return identifier;
  const [, partition = "aws", , region = "", account = ""] = ruleOrListenerArn.split(":");
  return `arn:${partition}:vpc-lattice:${region}:${account}:targetgroup/${identifier}`;
}

export interface ActionView {
  text: string;
  targets: RoutingTarget[];
  failing: boolean;
}

/** Reads a rule action: forward (with shares and effective shares) or fixed response. */
export function describeAction(
  action: unknown,
  contextArn: string,
  nodes: ReadonlyMap<string, TopologyNode>,
  health: ReadonlyMap<string, TargetGroupHealth>,
): ActionView {
  const a = obj(action);
  const fixed = obj(a?.fixedResponse);
  if (fixed)
    return { text: `fixed response ${String(fixed.statusCode ?? "")}`.trim(), targets: [], failing: false };
  const forward = obj(a?.forward);
  if (!forward) return { text: "no action", targets: [], failing: true };
  const groups = (Array.isArray(forward.targetGroups) ? forward.targetGroups : []).flatMap((item) => {
    const g = obj(item);
    const id = str(g?.targetGroupIdentifier);
    if (!id) return [];
    return [
      {
        targetGroupId: targetGroupArn(id, contextArn),
        weight: typeof g?.weight === "number" ? g.weight : null,
      },
    ];
  });
  const split: ForwardSplit = splitForward(groups, (id) => health.get(id));
  const targets = split.groups.map((share): RoutingTarget => {
    const h = health.get(share.targetGroupId);
    return {
      targetGroupId: share.targetGroupId,
      name:
        nodes.get(share.targetGroupId)?.name ?? share.targetGroupId.split("/").pop() ?? share.targetGroupId,
      weight: share.weight,
      share: share.share,
      sharePercent: share.sharePercent,
      effectiveShare: share.effectiveShare,
      effectivePercent: share.effectivePercent,
      noHealthyTarget: share.noHealthyTarget,
      ...(h ? { health: h } : {}),
    };
  });
  const text =
    targets.length === 1
      ? `forward to ${targets[0]?.name}`
      : `forward to ${targets.map((t) => `${t.name} ${formatPercent(t.sharePercent, t.share)}`).join(" · ")}`;
  return { text, targets, failing: split.failing };
}

const DEFAULT_PORTS: Record<string, number> = { HTTP: 80, HTTPS: 443 };

function compareRows(a: RoutingRow, b: RoutingRow): number {
  const rank = (r: RoutingRow) => (r.isDefault ? 2 : r.priority === null ? 1 : 0);
  return (
    (a.port ?? 0) - (b.port ?? 0) ||
    (a.listenerName < b.listenerName ? -1 : a.listenerName > b.listenerName ? 1 : 0) ||
    (a.listenerArn < b.listenerArn ? -1 : a.listenerArn > b.listenerArn ? 1 : 0) ||
    rank(a) - rank(b) ||
    (a.priority ?? 0) - (b.priority ?? 0)
  );
}

function unknownOf(parts: readonly UnknownPart[] | undefined, own: readonly UnknownPart["part"][]) {
  return unknownBecause((parts ?? []).filter((p) => p.via !== undefined || own.includes(p.part)));
}

/** "unknown: ListListeners failed in …" when the service's listeners could not be listed. */
export function listenersUnknown(topology: Topology, serviceId: string): string | undefined {
  const service = topology.nodes.find((n) => n.id === serviceId);
  return unknownOf(service?.incomplete, ["listeners"]);
}

/** The default action GetListener returned for a listener whose rules could not be listed: its forward edges. */
function forwardsOfListener(topology: Topology, listenerId: string): Record<string, unknown> | undefined {
  const edges = topology.edges.filter((e) => e.kind === "forward" && e.source === listenerId);
  if (edges.length === 0) return undefined;
  return {
    forward: {
      targetGroups: edges.map((e) => ({ targetGroupIdentifier: e.target, weight: e.weight ?? null })),
    },
  };
}

/**
 * A service's listeners and rules as a routing table, sorted by listener (port, name) then priority, with each
 * listener's default rule last.
 */
export function routingTable(
  topology: Topology,
  serviceId: string,
  health: ReadonlyMap<string, TargetGroupHealth> = targetGroupHealthIndex(topology),
): RoutingRow[] {
  const nodes = new Map(topology.nodes.map((n) => [n.id, n]));
  const listeners = topology.nodes.filter((n) => n.kind === "listener" && n.parentId === serviceId);
  const rulesOf = new Map<string, TopologyNode[]>(listeners.map((l) => [l.id, []]));
  for (const n of topology.nodes) if (n.kind === "rule" && n.parentId) rulesOf.get(n.parentId)?.push(n);
  const rows: RoutingRow[] = [];
  for (const listener of listeners) {
    const protocol = str(listener.data.protocol) ?? null;
    const port =
      typeof listener.data.port === "number"
        ? listener.data.port
        : protocol
          ? (DEFAULT_PORTS[protocol] ?? null)
          : null;
    const base = { listenerArn: listener.id, listenerName: listener.name, protocol, port };
    const rules = rulesOf.get(listener.id) ?? [];
    for (const rule of rules) {
      const isDefault = rule.data.isDefault === true;
      // The default rule's action comes from GetListener: its rules listing failing leaves only its id as last read.
      const unknown = isDefault
        ? unknownBecause(
            (rule.incomplete ?? []).filter((p) => p.part === "action" || (p.via && p.part !== "rules")),
          )
        : unknownOf(rule.incomplete, ["detail", "action"]);
      const view =
        unknown && rule.data.action === undefined
          ? { text: "unknown", targets: [], failing: false }
          : describeAction(rule.data.action, rule.id, nodes, health);
      rows.push({
        ...base,
        ruleId: rule.id,
        ruleName: rule.name,
        priority: !isDefault && typeof rule.data.priority === "number" ? rule.data.priority : null,
        isDefault,
        matchText: isDefault
          ? "any other request"
          : unknown && rule.data.match === undefined
            ? "unknown"
            : describeMatch(rule.data.match),
        actionText: view.text,
        targets: view.targets,
        failing: view.failing,
        ...(unknown ? { unknown } : {}),
      });
    }
    const defaultAction = listener.data.defaultAction ?? forwardsOfListener(topology, listener.id);
    if (!rules.some((r) => r.data.isDefault === true) && defaultAction) {
      const view = describeAction(defaultAction, listener.id, nodes, health);
      rows.push({
        ...base,
        ruleId: null,
        ruleName: "default",
        priority: null,
        isDefault: true,
        matchText: "any other request",
        actionText: view.text,
        targets: view.targets,
        failing: view.failing,
      });
    }
    const rulesUnknown = unknownOf(listener.incomplete, ["rules"]);
    if (rulesUnknown) {
      rows.push({
        ...base,
        ruleId: null,
        ruleName: "rules",
        priority: null,
        isDefault: false,
        matchText: "rules unknown",
        actionText: rulesUnknown,
        targets: [],
        failing: false,
        unknown: rulesUnknown,
      });
    }
  }
  return rows.sort(compareRows);
}
