"use client";

import type { Topology, TopologyNode } from "@/lib/domain/topology/topology";
import { formatMs, formatPercent, trafficHealth } from "@/lib/domain/metrics/edges";
import { Section } from "@/components/inspector/section";
import { cx } from "@/components/ui/cx";
import { useTraffic } from "@/components/graph/traffic-context";

/** The rules whose weighted action this inspector shows: the rule itself, a listener's default, a service's. */
function weightedRules(topology: Topology, node: TopologyNode): string[] {
  const rules = topology.nodes.filter((n) => n.kind === "rule");
  if (node.kind === "rule") return [node.id];
  if (node.kind === "listener") return rules.filter((r) => r.parentId === node.id).map((r) => r.id);
  const listeners = new Set(
    topology.nodes.filter((n) => n.kind === "listener" && n.parentId === node.id).map((n) => n.id),
  );
  return rules.filter((r) => r.parentId && listeners.has(r.parentId)).map((r) => r.id);
}

const TONE = {
  healthy: "",
  degraded: "text-amber-700",
  failing: "text-red-700 font-semibold",
  idle: "",
  unknown: "",
};

/**
 * Canary against stable, side by side, for each weighted action (a forward to two or more target groups): each
 * group's share by weight and as observed, its 5xx share and p50 / p99, over the map's traffic window.
 */
export function CanaryViews({ topology, node }: { topology: Topology; node: TopologyNode }) {
  const traffic = useTraffic();
  const summary = traffic?.summary;
  if (!summary) return null;
  const names = new Map(topology.nodes.map((n) => [n.id, n.name]));
  const views = weightedRules(topology, node)
    .map((rule) => ({
      rule,
      edges: topology.edges.filter((e) => e.kind === "forward" && e.source === rule && (e.weight ?? 0) > 0),
    }))
    .filter((v) => v.edges.length >= 2);
  if (views.length === 0) return null;
  return (
    <Section
      title="Canary vs stable"
      testId="canary-view"
      aside={
        <span className="text-xs text-neutral-500">
          {traffic.range === "5m" ? "last 5 min" : `last ${traffic.range}`}
        </span>
      }
    >
      {views.map(({ rule, edges }) => {
        const heaviest = Math.max(...edges.map((e) => e.weight ?? 0));
        return (
          <table
            key={rule}
            className="mb-2 w-full text-xs tabular-nums"
            aria-label={`Canary view of ${names.get(rule) ?? rule}`}
          >
            <thead className="text-neutral-500">
              <tr>
                <th className="text-left font-normal">{names.get(rule) ?? "rule"}</th>
                <th className="text-right font-normal" title="Share of the action's requests by weight">
                  weight
                </th>
                <th
                  className="text-right font-normal"
                  title="Share of the action's requests CloudWatch counted"
                >
                  observed
                </th>
                <th className="text-right font-normal">5xx</th>
                <th className="text-right font-normal">p50</th>
                <th className="text-right font-normal">p99</th>
              </tr>
            </thead>
            <tbody>
              {edges.map((e) => {
                const t = summary.edges[e.id];
                const tg = summary.nodes[e.target];
                const role = (e.weight ?? 0) === heaviest ? "stable" : "canary";
                const health = tg ? trafficHealth(tg, summary.thresholds) : "unknown";
                return (
                  <tr
                    key={e.id}
                    data-testid="canary-row"
                    data-role={role}
                    data-state={tg?.state ?? "no-data"}
                  >
                    <td className="max-w-[120px] truncate py-0.5" title={e.target}>
                      <span
                        className={cx(
                          "mr-1 rounded px-1 text-[10px] uppercase",
                          role === "canary" ? "bg-sky-100 text-sky-800" : "bg-neutral-100 text-neutral-600",
                        )}
                      >
                        {role}
                      </span>
                      {names.get(e.target) ?? e.target}
                    </td>
                    <td className="text-right">{t ? formatPercent(t.weightShare) : "n/a"}</td>
                    <td className="text-right" data-testid="observed-share">
                      {t?.observedShare != null
                        ? `${t.estimated ? "≈" : ""}${formatPercent(t.observedShare)}`
                        : tg?.state === "unavailable"
                          ? "unavailable"
                          : "n/a"}
                    </td>
                    <td className={cx("text-right", TONE[health])} data-testid="canary-error">
                      {tg?.errorRate != null ? formatPercent(tg.errorRate) : "n/a"}
                    </td>
                    <td className="text-right">{tg?.p50 != null ? formatMs(tg.p50) : "n/a"}</td>
                    <td className="text-right">{tg?.p99 != null ? formatMs(tg.p99) : "n/a"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      })}
    </Section>
  );
}
