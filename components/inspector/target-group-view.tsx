import type { TopologyNode } from "@/lib/domain/topology/topology";
import { formatPercent, TARGET_STATUSES, type TargetGroupHealth } from "@/lib/domain/routing/weights";
import type { ReceivedWeight } from "./inspector-model";
import { Section } from "./section";
import { SelectLink } from "./select-link";
import { asString } from "./values";
import { ColumnHead, Table, TableHead } from "@/components/ui/table";

const STATUS_STYLES: Record<string, string> = {
  HEALTHY: "bg-emerald-100 text-emerald-900",
  UNHEALTHY: "bg-red-100 text-red-900",
  UNAVAILABLE: "bg-neutral-100 text-neutral-700",
  INITIAL: "bg-sky-100 text-sky-900",
  DRAINING: "bg-amber-100 text-amber-900",
  UNUSED: "bg-neutral-100 text-neutral-600",
};

export function TargetStatus({ status }: { status: string | undefined }) {
  return (
    <span
      data-testid="target-status"
      className={`rounded px-1.5 py-0.5 font-mono text-[11px] font-semibold ${STATUS_STYLES[status ?? ""] ?? "bg-neutral-100 text-neutral-700"}`}
    >
      {status ?? "unknown"}
    </span>
  );
}

function HealthSummary({ health }: { health: TargetGroupHealth | undefined }) {
  if (!health) return <p className="text-sm text-neutral-500">Target health was not read.</p>;
  const parts = TARGET_STATUSES.filter((s) => health.counts[s] > 0).map(
    (s) => `${health.counts[s]} ${s.toLowerCase()}`,
  );
  return (
    <p data-testid="health-counts" className="text-sm">
      <span
        className={health.serving === 0 && health.total > 0 ? "font-semibold text-red-700" : "font-medium"}
      >
        {health.serving} of {health.total} serving
      </span>
      {parts.length > 0 && <span className="text-neutral-600"> · {parts.join(" · ")}</span>}
    </p>
  );
}

/** A target group's targets with status and reason code, and the rules that give it weight. */
export function TargetGroupView({
  targets,
  health,
  received,
}: {
  targets: TopologyNode[];
  health: TargetGroupHealth | undefined;
  received: ReceivedWeight[];
}) {
  const starved = received.some((r) => r.weight > 0) && health?.serving === 0;
  return (
    <>
      <Section title="Targets" testId="inspector-targets">
        <HealthSummary health={health} />
        {starved && (
          <p
            role="note"
            className="mt-1 rounded border border-red-200 bg-red-50 p-2 text-sm font-medium text-red-900"
          >
            Receives weight but has no healthy target.
          </p>
        )}
        {targets.length > 0 && (
          <Table className="mt-2 table-fixed">
            <TableHead>
              <ColumnHead className="w-2/5">Target</ColumnHead>
              <ColumnHead className="w-28">Status</ColumnHead>
              <ColumnHead last>Reason</ColumnHead>
            </TableHead>
            <tbody>
              {targets.map((target) => (
                <tr
                  key={target.id}
                  data-testid="target-row"
                  data-id={target.id}
                  className="border-t border-neutral-100 align-top"
                >
                  <td className="truncate py-1 pr-2 font-mono text-xs" title={target.name}>
                    <SelectLink id={target.id}>{target.name}</SelectLink>
                  </td>
                  <td className="py-1 pr-2">
                    <TargetStatus status={asString(target.data.status)} />
                  </td>
                  <td className="py-1 font-mono text-[11px] break-all text-neutral-700">
                    {asString(target.data.reasonCode) ?? <span className="text-neutral-400">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Section>
      <Section title="Receives traffic from" testId="inspector-received-weight">
        {received.length === 0 ? (
          <p className="text-sm text-neutral-500">No listener or rule forwards to this target group.</p>
        ) : (
          <ul className="flex flex-col gap-1">
            {received.map((r) => (
              <li
                key={r.ruleId}
                data-testid="received-weight"
                className="flex flex-wrap items-baseline gap-x-2 text-sm"
              >
                <SelectLink id={r.ruleId}>{r.path}</SelectLink>
                <span className="font-mono text-xs">
                  {formatPercent(r.sharePercent, r.share)}
                  <span className="text-neutral-500">
                    {" "}
                    (weight {r.weight} of {r.totalWeight})
                  </span>
                </span>
                {r.effectivePercent !== r.sharePercent && (
                  <span className="text-xs text-neutral-600">→ {r.effectivePercent} % effective</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
