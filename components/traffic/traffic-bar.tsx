"use client";

import { METRIC_RANGES, type MetricRange } from "@/lib/domain/metrics/ranges";
import { useTraffic } from "@/components/graph/traffic-context";

const RANGE_LABEL: Record<MetricRange, string> = { "5m": "5 min", "1h": "1 h", "6h": "6 h", "24h": "24 h" };

export function usd(value: number): string {
  return value < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

/** The map's traffic window and what the last refresh cost: over the map, top right. */
export function TrafficBar() {
  const traffic = useTraffic();
  if (!traffic) return null;
  const { summary, range, setRange, run, error } = traffic;
  const unavailable = summary?.scopes.filter((s) => s.state !== "ok") ?? [];
  return (
    <div
      data-testid="traffic-bar"
      className="absolute top-2 right-2 z-10 flex items-center gap-2 rounded-md border border-neutral-200 bg-white/95 px-2 py-1 text-xs text-neutral-700 shadow-sm"
    >
      <span className="font-semibold">Traffic</span>
      {run !== undefined ? (
        <span title="The window around the crawl the map shows">around crawl #{run}</span>
      ) : (
        <div
          role="radiogroup"
          aria-label="Traffic time range"
          className="flex overflow-hidden rounded border border-neutral-300"
        >
          {METRIC_RANGES.map((r) => (
            <button
              key={r}
              type="button"
              role="radio"
              aria-checked={r === range}
              onClick={() => setRange(r)}
              className={
                r === range ? "bg-slate-800 px-1.5 py-0.5 text-white" : "px-1.5 py-0.5 hover:bg-neutral-100"
              }
            >
              {RANGE_LABEL[r]}
            </button>
          ))}
        </div>
      )}
      {error && <span className="text-red-700">metrics could not be loaded: {error}</span>}
      {summary && (
        <span
          data-testid="traffic-cost"
          title={`GetMetricData is billed per metric requested. Spent today: ${usd(summary.cost.budget.spentTodayUsd)} of ${usd(summary.cost.budget.dailyUsd)}`}
          className="text-neutral-500 tabular-nums"
        >
          {`${summary.cost.refresh.metricsRequested} metrics · ${summary.cost.refresh.getMetricDataCalls} call${summary.cost.refresh.getMetricDataCalls === 1 ? "" : "s"} · ${usd(summary.cost.refresh.usd)}${summary.cost.cached ? " (cached)" : ""}`}
        </span>
      )}
      {unavailable.length > 0 && (
        <span
          data-testid="traffic-unavailable"
          className="rounded bg-amber-100 px-1 text-amber-900"
          title={unavailable.map((s) => `${s.accountId}/${s.region}: ${s.reason ?? s.state}`).join("\n")}
        >
          metrics unavailable in {unavailable.length} scope{unavailable.length === 1 ? "" : "s"}
        </span>
      )}
    </div>
  );
}
