"use client";

import { Fragment } from "react";
import { useCan } from "@/components/auth/auth-context";
import { cx } from "@/components/ui/cx";
import type { CrawlRunSummary } from "@/lib/domain/topology/history";
import { RunDetail } from "./run-detail";
import {
  formatCount,
  formatDateTime,
  formatDuration,
  formatFinish,
  isActive,
  progressPercent,
  resourceTotal,
  runDuration,
} from "./run-format";
import { RunStatusBadge } from "./run-status-badge";
import { dataCell, dataHeadCell, DataTable } from "@/components/ui/table";

const TH = dataHeadCell("regular");
const TD = `${dataCell("regular")} whitespace-nowrap tabular-nums`;
const COLUMNS = 9;

/** Recent runs, newest first; the selected one opens below its row with its progress, scopes and errors. */
export function RunsTable({
  runs,
  selected,
  onSelect,
}: {
  runs: CrawlRunSummary[];
  selected: number | undefined;
  onSelect: (id: number | undefined) => void;
}) {
  const canCrawl = useCan("operator");
  return (
    <DataTable label="Crawl runs" raised>
      <thead className="border-b border-neutral-200 bg-neutral-50 text-xs text-neutral-500">
        <tr>
          <th className={TH}>Run</th>
          <th className={TH}>Trigger</th>
          <th className={TH}>Status</th>
          <th className={TH}>Started (UTC)</th>
          <th className={TH}>Finished</th>
          <th className={`${TH} text-right`}>Duration</th>
          <th className={`${TH} text-right`}>AWS calls</th>
          <th className={`${TH} text-right`}>Resources</th>
          <th className={`${TH} text-right`}>Errors</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const open = run.id === selected;
          const total = resourceTotal(run);
          const duration = runDuration(run);
          return (
            <Fragment key={run.id}>
              <tr
                data-testid="crawl-run"
                data-run={run.id}
                data-status={run.status}
                aria-selected={open}
                onClick={() => onSelect(open ? undefined : run.id)}
                className={cx(
                  "cursor-pointer border-t border-neutral-100 first:border-t-0",
                  open ? "bg-violet-50/70" : "hover:bg-neutral-50",
                )}
              >
                <td className={TD}>
                  <button
                    type="button"
                    aria-expanded={open}
                    aria-controls={`run-${run.id}-detail`}
                    aria-label={`Crawl run ${run.id}`}
                    onClick={(event) => {
                      event.stopPropagation();
                      onSelect(open ? undefined : run.id);
                    }}
                    className="flex items-center gap-1.5 rounded font-semibold text-neutral-900 focus-visible:outline-2 focus-visible:outline-sky-600"
                  >
                    <svg
                      viewBox="0 0 16 16"
                      aria-hidden="true"
                      className={cx("h-3 w-3 text-neutral-400 transition-transform", open && "rotate-90")}
                    >
                      <path d="M6 3l5 5-5 5" fill="none" stroke="currentColor" strokeWidth="2" />
                    </svg>
                    #{run.id}
                  </button>
                </td>
                <td className={`${TD} text-neutral-700`}>{run.trigger}</td>
                <td className={TD}>
                  <div className="flex items-center gap-2">
                    <RunStatusBadge status={run.status} />
                    {isActive(run) && run.progress.total > 0 && (
                      <span className="text-xs text-neutral-500">
                        {run.progress.done}/{run.progress.total} ({progressPercent(run.progress)} %)
                      </span>
                    )}
                  </div>
                </td>
                <td className={`${TD} text-neutral-700`}>{formatDateTime(run.startedAt)}</td>
                <td className={`${TD} text-neutral-700`}>
                  {run.finishedAt ? formatFinish(run.startedAt, run.finishedAt) : "—"}
                </td>
                <td className={`${TD} text-right text-neutral-700`}>
                  {isActive(run)
                    ? run.startedAt
                      ? "running…"
                      : "—"
                    : duration === undefined
                      ? "—"
                      : formatDuration(duration)}
                </td>
                <td className={`${TD} text-right`}>{formatCount(run.calls)}</td>
                <td className={`${TD} text-right`}>{total === undefined ? "—" : formatCount(total)}</td>
                <td
                  className={cx(
                    TD,
                    "text-right",
                    run.errorCount > 0 ? "font-semibold text-red-700" : "text-neutral-500",
                  )}
                >
                  {formatCount(run.errorCount)}
                </td>
              </tr>
              {open && (
                <tr id={`run-${run.id}-detail`} className="border-t border-violet-100 bg-violet-50/40">
                  <td colSpan={COLUMNS} className="px-4 pt-3 pb-5">
                    <RunDetail runId={run.id} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
        {runs.length === 0 && (
          <tr>
            <td colSpan={COLUMNS} className="px-4 py-8 text-center text-sm text-neutral-500">
              No crawl has run yet.{canCrawl ? " Press “Crawl now” to read the estate." : ""}
            </td>
          </tr>
        )}
      </tbody>
    </DataTable>
  );
}
