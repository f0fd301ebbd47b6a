"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useCan } from "@/components/auth/auth-context";
import { Button } from "@/components/ui/button";
import { startCrawl } from "@/lib/client/api";
import type { TopologyRun } from "@/lib/domain/http/api-responses";
import type { CrawlRunSummary } from "@/lib/domain/topology/history";

const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A time in the reader's time zone; the server renders its own, so the text may differ at hydration. */
function When({ iso }: { iso: string | null }) {
  if (!iso) return <>—</>;
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {TIME.format(new Date(iso))}
    </time>
  );
}

/** One line above the map: demo mode, which crawl is shown, and a crawl in progress. */
export function MapStatusBar({
  demo,
  run,
  pinned,
  latest,
  onLatest,
}: {
  demo: boolean;
  run: TopologyRun | null;
  pinned: boolean;
  latest: CrawlRunSummary | undefined;
  onLatest: () => void;
}) {
  const crawling = latest && latest.finishedAt === null && latest.status !== "queued" ? latest : undefined;
  return (
    <div className="flex min-h-8 flex-wrap items-center gap-x-3 gap-y-1 border-b border-neutral-200 bg-neutral-50 px-3 py-1 text-xs text-neutral-600">
      {demo && (
        <span
          data-testid="demo-banner"
          className="rounded bg-violet-100 px-1.5 py-0.5 font-semibold text-violet-900"
          title="Trellis is showing the built-in AWS emulator's demo organisation, not a real AWS estate"
        >
          Demo organisation — emulator
        </span>
      )}
      {run && !pinned && (
        <span data-testid="map-run">
          Latest crawl{" "}
          <Link href={`/crawls`} className="font-medium text-neutral-800 underline decoration-neutral-300">
            #{run.id}
          </Link>
          , finished <When iso={run.finishedAt} />
        </span>
      )}
      {run && pinned && (
        <span
          data-testid="map-run"
          className="flex items-center gap-2 rounded bg-amber-100 px-1.5 py-0.5 text-amber-950"
        >
          Showing the estate as of crawl #{run.id} (<When iso={run.finishedAt ?? run.startedAt} />)
          <button type="button" onClick={onLatest} className="font-semibold underline">
            Back to latest
          </button>
        </span>
      )}
      {crawling && (
        <span role="status" className="flex items-center gap-1.5">
          <span aria-hidden="true" className="h-2 w-2 animate-pulse rounded-full bg-sky-500" />
          Crawling (run #{crawling.id}: {crawling.progress.done}/{crawling.progress.total} scopes) — the map
          refreshes when it finishes
        </span>
      )}
    </div>
  );
}

/** Shown instead of the map before any crawl has finished. */
export function NoCrawlYet({ crawling }: { crawling: boolean }) {
  const crawl = useMutation({ mutationFn: startCrawl });
  const canCrawl = useCan("operator");
  const busy = crawling || crawl.isPending || crawl.isSuccess;
  return (
    <div className="flex h-full items-center justify-center p-8">
      <div className="max-w-md rounded-xl border border-neutral-200 bg-white p-6 text-center shadow-sm">
        <h2 className="text-lg font-semibold text-neutral-900">No crawl has finished yet</h2>
        <p className="mt-2 text-sm text-neutral-600">
          Trellis draws the map from its crawls of your accounts. {busy ? "A crawl is running; " : ""}
          The map appears by itself once a crawl finishes.
        </p>
        {canCrawl && (
          <Button variant="primary" className="mt-4" disabled={busy} onClick={() => crawl.mutate()}>
            {busy ? "Crawling…" : "Crawl now"}
          </Button>
        )}
        {crawl.isError && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {crawl.error.message}
          </p>
        )}
      </div>
    </div>
  );
}
