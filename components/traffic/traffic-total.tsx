"use client";

import { trafficHealth, trafficLabel } from "@/lib/domain/metrics/edges";
import { cx } from "@/components/ui/cx";
import { useTraffic, useTrafficTotal } from "@/components/graph/traffic-context";

const TONE = {
  healthy: "text-emerald-700",
  degraded: "text-amber-700",
  failing: "text-red-700",
  idle: "text-neutral-500",
  unknown: "text-neutral-500 italic",
} as const;

/** The traffic of everything a collapsed account (or a service network) holds: rates add up, errors weigh. */
export function TrafficTotal({ id, className }: { id: string; className?: string }) {
  const total = useTrafficTotal(id);
  const thresholds = useTraffic()?.summary?.thresholds;
  if (!total) return null;
  const health = trafficHealth(total, thresholds);
  return (
    <div
      data-testid="traffic-total"
      data-health={health}
      title={total.reason ?? "Requests to the services, over the map's traffic range"}
      className={cx("truncate text-[11px] font-medium tabular-nums", TONE[health], className)}
    >
      {trafficLabel(total)}
    </div>
  );
}
