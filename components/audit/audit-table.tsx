"use client";

import Link from "next/link";
import { Fragment } from "react";
import { formatDateTime } from "@/components/crawls/run-format";
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import type { AuditEntry } from "@/lib/domain/audit/audit";
import { AuditEntryDetail } from "./audit-entry-detail";
import { auditLinks, operationText } from "./audit-links";
import { AuditResultBadge } from "./audit-result-badge";
import { dataCell, dataHeadCell, DataTable } from "@/components/ui/table";

const TH = dataHeadCell("regular");
const TD = `${dataCell("regular")} align-top`;
const COLUMNS = 8;

/** The part of an ARN after its account (`service/svc-…`): what tells resources apart in a narrow column. */
function resourceLabel(arn: string): string {
  const parts = arn.split(":");
  return parts[0] === "arn" && parts.length >= 6 ? parts.slice(5).join(":") : arn;
}

function Dash() {
  return <span className="font-sans text-sm text-neutral-400">—</span>;
}

/** Audit entries newest first; a row opens to show who exactly, the message and before/after side by side. */
export function AuditTable({
  entries,
  open,
  onToggle,
}: {
  entries: AuditEntry[];
  open: ReadonlySet<number>;
  onToggle: (id: number) => void;
}) {
  return (
    <DataTable label="Audit log" raised>
      <thead className="border-b border-neutral-200 bg-neutral-50 text-xs text-neutral-500">
        <tr>
          <th className={TH}>Time (UTC)</th>
          <th className={TH}>Who</th>
          <th className={TH}>Operation</th>
          <th className={TH}>Resource</th>
          <th className={TH}>Account</th>
          <th className={TH}>Region</th>
          <th className={TH}>Result</th>
          <th className={TH}>AWS request id</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const expanded = open.has(entry.id);
          const { operation, message } = operationText(entry);
          const links = auditLinks(entry);
          return (
            <Fragment key={entry.id}>
              <tr
                data-testid="audit-entry"
                data-id={entry.id}
                data-operation={entry.operation}
                className={cx(
                  "border-t border-neutral-100 first:border-t-0",
                  expanded ? "bg-violet-50/70" : "hover:bg-neutral-50",
                )}
              >
                <td className={cx(TD, "whitespace-nowrap tabular-nums")}>
                  <button
                    type="button"
                    aria-expanded={expanded}
                    aria-controls={`audit-${entry.id}-detail`}
                    aria-label={`Details of audit entry ${entry.id}`}
                    onClick={() => onToggle(entry.id)}
                    className="flex items-center gap-1.5 rounded text-neutral-900 focus-visible:outline-2 focus-visible:outline-sky-600"
                  >
                    <svg
                      viewBox="0 0 16 16"
                      aria-hidden="true"
                      className={cx("h-3 w-3 text-neutral-400 transition-transform", expanded && "rotate-90")}
                    >
                      <path d="M6 3l5 5-5 5" fill="none" stroke="currentColor" strokeWidth="2" />
                    </svg>
                    {formatDateTime(entry.at)}
                  </button>
                </td>
                <td className={cx(TD, "max-w-[13rem]")} data-testid="audit-actor">
                  <div className="flex min-w-0 items-center gap-1.5">
                    <span
                      className="truncate font-medium text-neutral-900"
                      title={`${entry.actor.name} · ${entry.actor.id} (${entry.actor.via})`}
                    >
                      {entry.actor.name}
                    </span>
                    <Badge tone="info" data-testid="audit-actor-role">
                      {entry.actor.role}
                    </Badge>
                  </div>
                  {entry.actor.email && (
                    <div className="truncate text-xs text-neutral-500" title={entry.actor.email}>
                      {entry.actor.email}
                    </div>
                  )}
                </td>
                <td className={TD}>
                  <span data-testid="audit-operation" className="font-medium text-neutral-900">
                    {operation}
                  </span>
                  {message && (
                    <div className="max-w-[13rem] truncate text-xs text-neutral-500" title={message}>
                      {message}
                    </div>
                  )}
                </td>
                <td className={cx(TD, "max-w-[14rem]")}>
                  {entry.resourceArn && links.resource ? (
                    <Link
                      href={links.resource}
                      title={`Open ${entry.resourceArn} on the map`}
                      data-testid="audit-resource"
                      className="block truncate font-mono text-xs text-sky-800 underline decoration-sky-300 underline-offset-2 hover:decoration-sky-700"
                    >
                      {resourceLabel(entry.resourceArn)}
                    </Link>
                  ) : (
                    <Dash />
                  )}
                  {(links.change || links.rollout) && (
                    <div className="mt-0.5 flex gap-2 text-xs">
                      {links.change && (
                        <Link
                          href={links.change}
                          data-testid="audit-change"
                          className="text-sky-800 underline"
                        >
                          the change
                        </Link>
                      )}
                      {links.rollout && (
                        <Link
                          href={links.rollout}
                          data-testid="audit-rollout"
                          className="text-sky-800 underline"
                        >
                          the rollout
                        </Link>
                      )}
                    </div>
                  )}
                </td>
                <td className={cx(TD, "font-mono text-xs whitespace-nowrap")}>
                  {entry.accountId ?? <Dash />}
                </td>
                <td className={cx(TD, "font-mono text-xs whitespace-nowrap")}>{entry.region ?? <Dash />}</td>
                <td className={TD}>
                  <AuditResultBadge result={entry.result} outcome={entry.outcome} />
                </td>
                <td className={cx(TD, "max-w-[9rem] truncate font-mono text-xs")} title={entry.awsRequestId}>
                  {entry.awsRequestId ?? <Dash />}
                </td>
              </tr>
              {expanded && (
                <tr id={`audit-${entry.id}-detail`} className="border-t border-violet-100 bg-violet-50/40">
                  <td colSpan={COLUMNS} className="px-4 pt-3 pb-5">
                    <AuditEntryDetail entry={entry} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
        {entries.length === 0 && (
          <tr>
            <td colSpan={COLUMNS} className="px-4 py-8 text-center text-sm text-neutral-500">
              No audit entries match.
            </td>
          </tr>
        )}
      </tbody>
    </DataTable>
  );
}
