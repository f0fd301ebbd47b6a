import type { ReactNode } from "react";
import type { Finding } from "@/lib/domain/topology/findings";
import { Badge } from "@/components/ui/badge";
import { SeverityBadge } from "./severity-badge";

/** One finding: what is wrong, why it matters and how to fix it; `resource` links to what it is about. */
export function FindingCard({ finding, resource }: { finding: Finding; resource?: ReactNode }) {
  return (
    <article
      data-testid="finding"
      data-id={finding.id}
      data-rule={finding.rule}
      data-severity={finding.severity}
      aria-label={finding.title}
      className="flex flex-col gap-1.5"
    >
      <div className="flex items-start gap-2">
        <SeverityBadge severity={finding.severity} />
        <h4 className="min-w-0 text-sm font-semibold break-words text-neutral-900">{finding.title}</h4>
      </div>
      {finding.unknown && (
        <p data-testid="finding-unknown" className="text-xs text-amber-900">
          <Badge tone="warn">unknown</Badge> {finding.unknown.replace(/^unknown: /, "")}: this rests on data
          the last crawl could not read, and may no longer hold.
        </p>
      )}
      {resource}
      <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-1 text-sm">
        <dt className="text-xs font-medium text-neutral-500">Why</dt>
        <dd className="text-neutral-800">{finding.why}</dd>
        <dt className="text-xs font-medium text-neutral-500">Fix</dt>
        <dd className="text-neutral-800">{finding.fix}</dd>
      </dl>
    </article>
  );
}
