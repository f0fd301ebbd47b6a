import "server-only";
import { totalOf } from "@/lib/domain/metrics/edges";
import { evaluateMetricGate, type MetricGateResult } from "@/lib/domain/metrics/gate";
import { noDataSummary, unavailableSummary } from "@/lib/domain/metrics/summary";
import { targetGroupIdOf, type RuleAction } from "@/lib/domain/routing/rule-schemas";
import type { StoredRollout } from "../../db/rollouts";
import type { ServicesContext } from "../context";

function arnOf(rollout: StoredRollout, identifier: string): string {
  if (identifier.startsWith("arn:")) return identifier;
  return `arn:aws:vpc-lattice:${rollout.region}:${rollout.accountId}:targetgroup/${targetGroupIdOf(identifier)}`;
}

/**
 * The rollout's metric gate over its analysis window: the canary against the other groups of the action now in
 * place (the stable ones). Undefined when the rollout has no metric gate.
 */
export async function checkMetricGate(
  deps: ServicesContext,
  rollout: StoredRollout,
  action: RuleAction,
): Promise<MetricGateResult | undefined> {
  const gate = rollout.metricGate;
  if (!gate) return undefined;
  const canaryId = targetGroupIdOf(rollout.canary);
  const stable =
    "forward" in action
      ? action.forward.targetGroups
          .filter((g) => targetGroupIdOf(g.targetGroupIdentifier) !== canaryId && (g.weight ?? 0) > 0)
          .map((g) => arnOf(rollout, g.targetGroupIdentifier))
      : [];
  if (!deps.traffic) {
    return evaluateMetricGate(
      unavailableSummary("this Trellis process cannot read metrics"),
      noDataSummary(),
      gate,
    );
  }
  const traffic = await deps.traffic([rollout.canary, ...stable], gate.analysisSeconds);
  const stableTotal = totalOf(stable.map((arn) => traffic.get(arn) ?? noDataSummary()));
  return evaluateMetricGate(traffic.get(rollout.canary) ?? noDataSummary(), stableTotal, gate);
}

/** How soon a waiting gate looks again: often enough to move on once traffic comes, at most once a minute. */
export function gateRetrySeconds(rollout: StoredRollout): number {
  return Math.min(60, Math.max(5, rollout.waitSeconds));
}
