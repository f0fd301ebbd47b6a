import type { HealthCounts } from "@/lib/domain/topology/topology";
import { Badge } from "@/components/ui/badge";
import type { HealthState } from "./model/topology-index";

function Count({ value, color, label }: { value: number; color: string; label: string }) {
  return (
    <span className="inline-flex items-center gap-0.5 tabular-nums" title={`${value} ${label}`}>
      <span aria-hidden="true" className="h-2 w-2 rounded-full" style={{ backgroundColor: color }} />
      {value}
    </span>
  );
}

/** Healthy / unhealthy / other target counts, and a badge when the state needs attention. */
export function HealthSummary({
  health,
  state,
  kind,
}: {
  health: HealthCounts | undefined;
  state: HealthState | undefined;
  kind: "service" | "target-group";
}) {
  return (
    <div
      className="flex min-w-0 items-center gap-2 text-[11px] text-neutral-600"
      aria-label={
        health
          ? `${health.healthy} healthy, ${health.unhealthy} unhealthy, ${health.other} other targets`
          : "target health unknown"
      }
    >
      {health ? (
        <>
          <Count value={health.healthy} color="#10b981" label="healthy" />
          <Count value={health.unhealthy} color="#ef4444" label="unhealthy" />
          <Count
            value={health.other}
            color="#a3a3a3"
            label="other (initial, draining, unused, unavailable)"
          />
        </>
      ) : (
        <span className="text-neutral-400">no targets read</span>
      )}
      <span className="ml-auto" />
      {state === "no-healthy" && (
        <Badge tone="bad" data-testid="health-badge">
          No healthy target
        </Badge>
      )}
      {state === "failing" && (
        <Badge tone="bad" data-testid="health-badge">
          Requests fail
        </Badge>
      )}
      {state === "degraded" && kind === "target-group" && health && health.unhealthy > 0 && (
        <Badge tone="warn" className="!bg-red-50 !text-red-800 !ring-red-300" data-testid="health-badge">
          {health.unhealthy} unhealthy
        </Badge>
      )}
    </div>
  );
}
