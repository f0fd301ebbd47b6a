import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { CrawlRunStatus } from "@/lib/domain/topology/history";

const TONE: Record<CrawlRunStatus, BadgeTone> = {
  queued: "neutral",
  running: "info",
  ok: "good",
  partial: "warn",
  failed: "bad",
};

const TITLE: Record<CrawlRunStatus, string> = {
  queued: "Waiting for a crawl worker",
  running: "Crawling now",
  ok: "Every account × region was read completely",
  partial: "Some scopes or listings failed; what could not be read keeps its previous state",
  failed: "No scope could be crawled; the estate keeps its previous state",
};

/** A run's status in words and colour; a running run pulses. */
export function RunStatusBadge({
  status,
  testId = "run-status",
}: {
  status: CrawlRunStatus;
  testId?: string;
}) {
  return (
    <Badge tone={TONE[status]} title={TITLE[status]} data-testid={testId} data-status={status}>
      {status === "running" && (
        <span aria-hidden="true" className="h-1.5 w-1.5 animate-pulse rounded-full bg-sky-500" />
      )}
      {status}
    </Badge>
  );
}
