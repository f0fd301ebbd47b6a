import type { Topology, TopologyEdge } from "../topology/topology";

/** ListTargets statuses (TargetSummary.status). */
export const TARGET_STATUSES = [
  "HEALTHY",
  "UNHEALTHY",
  "UNAVAILABLE",
  "INITIAL",
  "DRAINING",
  "UNUSED",
] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/**
 * Whether Lattice sends new requests to a target in this status. HEALTHY: yes. UNAVAILABLE means health checks
 * are off or unsupported (Lambda, ALB), so nothing takes the target out of rotation: yes. INITIAL has not passed
 * its first check yet, DRAINING takes no new connections, UNHEALTHY failed, UNUSED is in no service: no.
 */
export function targetReceivesTraffic(status: string | null | undefined): boolean {
  return status === "HEALTHY" || status === "UNAVAILABLE";
}

export interface TargetGroupHealth {
  total: number;
  /** Targets that receive new requests (see targetReceivesTraffic). */
  serving: number;
  counts: Record<TargetStatus, number>;
}

export function summarizeTargetStatuses(statuses: Iterable<string | null | undefined>): TargetGroupHealth {
  const counts = Object.fromEntries(TARGET_STATUSES.map((s) => [s, 0])) as Record<TargetStatus, number>;
  let total = 0;
  let serving = 0;
  for (const status of statuses) {
    total++;
    if (targetReceivesTraffic(status)) serving++;
    if (status && status in counts) counts[status as TargetStatus]++;
  }
  return { total, serving, counts };
}

/**
 * Target health per target group, from its target nodes. A group whose targets were not read (health null)
 * is left out: its health is unknown, not zero.
 */
export function targetGroupHealthIndex(topology: Topology): Map<string, TargetGroupHealth> {
  const statuses = new Map<string, (string | undefined)[]>();
  const groups = new Set<string>();
  for (const node of topology.nodes) {
    if (node.kind === "target-group" && node.health) {
      groups.add(node.id);
      if (!statuses.has(node.id)) statuses.set(node.id, []);
    }
  }
  const seen = new Set<string>();
  for (const node of topology.nodes) {
    if (node.kind !== "target" || !node.parentId || !groups.has(node.parentId) || seen.has(node.id)) continue;
    seen.add(node.id);
    const status = node.data.status;
    statuses.get(node.parentId)?.push(typeof status === "string" ? status : undefined);
  }
  const index = new Map<string, TargetGroupHealth>();
  for (const [id, list] of statuses) index.set(id, summarizeTargetStatuses(list));
  return index;
}

export interface WeightedTargetGroup {
  targetGroupId: string;
  /** Absent for the only group of an action, which then gets everything. */
  weight?: number | null;
}

export interface TargetGroupShare {
  targetGroupId: string;
  weight: number;
  /** Exact fraction (0..1) of the action's requests by weight. */
  share: number;
  /** Whole percent for display; the groups of one action add up to 100 (or all 0). */
  sharePercent: number;
  /** Exact fraction once groups without a serving target are left out. */
  effectiveShare: number;
  effectivePercent: number;
  /** Whether any target gets requests; null when the group's health is unknown (then counted as serving). */
  serving: boolean | null;
  /** Receives weight but has no target that gets requests. */
  noHealthyTarget: boolean;
}

export interface ForwardSplit {
  groups: TargetGroupShare[];
  totalWeight: number;
  /** Requests this action matches reach no target: every weight is 0, or no weighted group has a serving target. */
  failing: boolean;
}

/** Weight Lattice stores for the only target group of a forward action when none is given. */
export const DEFAULT_SINGLE_WEIGHT = 100;

/**
 * Largest-remainder rounding: whole percents of `values` that add up to exactly 100 (all 0 when the sum is 0).
 * Ties go to the earlier value, so the result is stable.
 */
export function largestRemainderPercents(values: readonly number[]): number[] {
  const sum = values.reduce((a, v) => a + Math.max(0, v), 0);
  if (sum <= 0) return values.map(() => 0);
  const exact = values.map((v) => (Math.max(0, v) / sum) * 100);
  const result = exact.map(Math.floor);
  let left = 100 - result.reduce((a, v) => a + v, 0);
  const order = exact
    .map((v, i) => ({ i, remainder: v - Math.floor(v) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    result[i] = (result[i] ?? 0) + 1;
    left--;
  }
  return result;
}

/**
 * Splits a forward action's requests between its target groups: by weight, then effectively, with groups that
 * have no serving target left out and the others taking their part in proportion to their weights.
 */
export function splitForward(
  groups: readonly WeightedTargetGroup[],
  healthOf: (targetGroupId: string) => TargetGroupHealth | undefined = () => undefined,
): ForwardSplit {
  const weights = groups.map((g) =>
    typeof g.weight === "number" && g.weight > 0
      ? g.weight
      : g.weight == null && groups.length === 1
        ? DEFAULT_SINGLE_WEIGHT
        : 0,
  );
  const serving = groups.map((g): boolean | null => {
    const health = healthOf(g.targetGroupId);
    return health ? health.serving > 0 : null;
  });
  const effectiveWeights = weights.map((w, i) => (serving[i] === false ? 0 : w));
  const totalWeight = weights.reduce((a, w) => a + w, 0);
  const servingWeight = effectiveWeights.reduce((a, w) => a + w, 0);
  const percents = largestRemainderPercents(weights);
  const effectivePercents = largestRemainderPercents(effectiveWeights);
  return {
    totalWeight,
    // Lattice "routes requests only to the healthy targets" and documents no fail-open: such an action fails.
    failing: groups.length > 0 && servingWeight === 0,
    groups: groups.map((g, i) => {
      const weight = weights[i] ?? 0;
      return {
        targetGroupId: g.targetGroupId,
        weight,
        share: totalWeight > 0 ? weight / totalWeight : 0,
        sharePercent: percents[i] ?? 0,
        effectiveShare: servingWeight > 0 ? (effectiveWeights[i] ?? 0) / servingWeight : 0,
        effectivePercent: effectivePercents[i] ?? 0,
        serving: serving[i] ?? null,
        noHealthyTarget: weight > 0 && serving[i] === false,
      };
    }),
  };
}

/** A target group that is given requests by weight but has no target that receives them. */
export function receivesWeightWithoutHealthyTarget(share: TargetGroupShare): boolean {
  return share.noHealthyTarget;
}

/** "90 %"; "<1 %" for a share that is positive but rounds to 0. */
export function formatPercent(percent: number, exactShare?: number): string {
  if (percent === 0 && exactShare !== undefined && exactShare > 0) return "<1 %";
  return `${Math.round(percent)} %`;
}

export interface RuleForward {
  ruleId: string;
  listenerId?: string;
  isDefault: boolean;
  /** Forward edges of the rule, in action order. */
  edges: TopologyEdge[];
  split: ForwardSplit;
}

/** The forward split of every rule in the topology, keyed by rule id. */
export function forwardSplitsByRule(
  topology: Topology,
  health: ReadonlyMap<string, TargetGroupHealth> = targetGroupHealthIndex(topology),
): Map<string, RuleForward> {
  const byRule = new Map<string, Map<string, TopologyEdge>>();
  for (const edge of topology.edges) {
    if (edge.kind !== "forward") continue;
    const edges = byRule.get(edge.source) ?? new Map<string, TopologyEdge>();
    if (!edges.has(edge.id)) edges.set(edge.id, edge);
    byRule.set(edge.source, edges);
  }
  const result = new Map<string, RuleForward>();
  for (const [ruleId, edgeMap] of byRule) {
    const edges = [...edgeMap.values()];
    const split = splitForward(
      edges.map((e) => ({ targetGroupId: e.target, weight: e.weight ?? null })),
      (id) => health.get(id),
    );
    const first = edges[0]?.data;
    result.set(ruleId, {
      ruleId,
      ...(typeof first?.listenerArn === "string" ? { listenerId: first.listenerArn } : {}),
      isDefault: first?.isDefault === true,
      edges,
      split,
    });
  }
  return result;
}

/** The share of every forward edge, keyed by edge id, for edge labels on the map. */
export function forwardEdgeShares(
  topology: Topology,
  health?: ReadonlyMap<string, TargetGroupHealth>,
): Map<string, TargetGroupShare> {
  const shares = new Map<string, TargetGroupShare>();
  for (const rule of forwardSplitsByRule(topology, health).values()) {
    rule.edges.forEach((edge, i) => {
      const share = rule.split.groups[i];
      if (share) shares.set(edge.id, share);
    });
  }
  return shares;
}

/** Target groups that receive weight in some forward action but have no target that gets requests. */
export function targetGroupsWithoutHealthyTarget(
  topology: Topology,
  health?: ReadonlyMap<string, TargetGroupHealth>,
): Set<string> {
  const ids = new Set<string>();
  for (const rule of forwardSplitsByRule(topology, health).values()) {
    for (const share of rule.split.groups) if (share.noHealthyTarget) ids.add(share.targetGroupId);
  }
  return ids;
}
