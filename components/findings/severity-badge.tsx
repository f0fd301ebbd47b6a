import type { Severity } from "@/lib/domain/topology/findings";

export const SEVERITY_STYLES: Record<Severity, string> = {
  critical: "bg-red-700 text-white",
  high: "bg-red-100 text-red-900 ring-1 ring-red-300",
  medium: "bg-amber-100 text-amber-900 ring-1 ring-amber-300",
  low: "bg-sky-100 text-sky-900 ring-1 ring-sky-200",
  info: "bg-neutral-100 text-neutral-700 ring-1 ring-neutral-200",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span
      data-testid="severity"
      data-severity={severity}
      className={`inline-block shrink-0 rounded px-1.5 py-0.5 text-[11px] font-semibold tracking-wide uppercase ${SEVERITY_STYLES[severity]}`}
    >
      {severity}
    </span>
  );
}
