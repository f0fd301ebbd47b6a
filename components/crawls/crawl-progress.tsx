import { cx } from "@/components/ui/cx";
import type { CrawlRunStatus } from "@/lib/domain/topology/history";
import { progressPercent } from "./run-format";

const FILL: Record<CrawlRunStatus, string> = {
  queued: "bg-neutral-400",
  running: "bg-sky-500",
  ok: "bg-emerald-500",
  partial: "bg-amber-500",
  failed: "bg-red-600",
};

/** Account × region scopes crawled out of those the run covers. */
export function CrawlProgress({
  runId,
  status,
  progress,
}: {
  runId: number;
  status: CrawlRunStatus;
  progress: { done: number; total: number };
}) {
  const percent = progressPercent(progress);
  return (
    <div className="flex items-center gap-3">
      <div
        role="progressbar"
        aria-label={`Crawl run ${runId} progress`}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.done}
        aria-valuetext={`${progress.done} of ${progress.total} scopes`}
        data-testid="crawl-progress"
        className="h-2.5 min-w-40 flex-1 overflow-hidden rounded-full bg-neutral-200"
      >
        <div
          className={cx(
            "h-full rounded-full transition-[width] duration-500",
            FILL[status],
            status === "running" && "animate-pulse",
          )}
          style={{ width: `${percent}%` }}
        />
      </div>
      <span className="shrink-0 text-sm text-neutral-700 tabular-nums" data-testid="crawl-progress-text">
        <span className="font-semibold text-neutral-900">
          {progress.done} / {progress.total}
        </span>{" "}
        scopes
      </span>
    </div>
  );
}
