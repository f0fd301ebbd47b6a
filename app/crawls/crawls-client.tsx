"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { useCan } from "@/components/auth/auth-context";
import { isActive } from "@/components/crawls/run-format";
import { RunDetail } from "@/components/crawls/run-detail";
import { RunsTable } from "@/components/crawls/runs-table";
import { Button } from "@/components/ui/button";
import { startCrawl } from "@/lib/client/api";
import { crawlsQuery } from "@/lib/client/query-options";
import { queryKeys } from "@/lib/client/query-keys";

const RUN = /^[1-9]\d{0,15}$/;
const ACTIVE_POLL_MS = 1_000;
const IDLE_POLL_MS = 10_000;

function runParam(value: string | null): number | undefined {
  return value !== null && RUN.test(value) ? Number(value) : undefined;
}

interface CrawlsUrl {
  run: number | undefined;
  before: number | undefined;
}

/** `?run=` opens a run, `?before=` pages back; both live in the URL so every state can be linked to. */
function useCrawlsUrl(): [CrawlsUrl, (next: CrawlsUrl, mode?: "push" | "replace") => void] {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const state = { run: runParam(searchParams.get("run")), before: runParam(searchParams.get("before")) };
  const update = useCallback(
    (next: CrawlsUrl, mode: "push" | "replace" = "push") => {
      const params = new URLSearchParams(searchParams.toString());
      for (const key of ["run", "before"] as const) {
        const value = next[key];
        if (value === undefined) params.delete(key);
        else params.set(key, String(value));
      }
      const query = params.toString();
      const url = query ? `${pathname}?${query}` : pathname;
      // The native history API updates useSearchParams without a server round trip.
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname, searchParams],
  );
  return [state, update];
}

/** Crawl runs: start one, watch it progress, and read what each run found and where it failed. */
export function CrawlsClient() {
  const [url, setUrl] = useCrawlsUrl();
  const canCrawl = useCan("operator");
  const queryClient = useQueryClient();
  const list = useQuery({
    ...crawlsQuery({ before: url.before }),
    staleTime: 0,
    refetchInterval: (query) => {
      if (query.state.data?.runs.some(isActive)) return ACTIVE_POLL_MS;
      // Older pages don't change; the first one gains scheduled runs.
      return url.before === undefined ? IDLE_POLL_MS : false;
    },
  });
  const crawl = useMutation({
    mutationFn: startCrawl,
    onSuccess: async ({ id }) => {
      setUrl({ run: id, before: undefined });
      await queryClient.invalidateQueries({ queryKey: queryKeys.crawls.all });
    },
  });

  const runs = list.data?.runs ?? [];
  const selectedOnPage = url.run !== undefined && runs.some((run) => run.id === url.run);

  return (
    <div className="mx-auto w-full max-w-7xl space-y-5 px-6 py-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-neutral-900">Crawls</h1>
          <p className="mt-1 max-w-2xl text-sm text-neutral-600">
            Each crawl reads every configured account × region and records what changed. Open a run to see its
            progress, what it read in each scope and every error AWS answered with.
          </p>
        </div>
        <div className="flex items-center gap-3">
          {crawl.isSuccess && (
            <span role="status" className="text-sm text-neutral-600">
              Started crawl run #{crawl.data.id}
            </span>
          )}
          {crawl.isError && (
            <span role="alert" className="text-sm text-red-700">
              Could not start a crawl: {crawl.error.message}
            </span>
          )}
          {canCrawl && (
            <Button
              variant="primary"
              onClick={() => crawl.mutate()}
              disabled={crawl.isPending}
              data-testid="crawl-now"
            >
              <svg
                viewBox="0 0 16 16"
                aria-hidden="true"
                className={crawl.isPending ? "h-4 w-4 animate-spin" : "h-4 w-4"}
              >
                <path
                  d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v3h-3"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.8"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                />
              </svg>
              {crawl.isPending ? "Starting…" : "Crawl now"}
            </Button>
          )}
        </div>
      </header>

      {list.isError && (
        <div role="alert" className="rounded-lg border border-red-200 bg-white p-4 text-sm text-red-800">
          The crawl runs could not be loaded: {list.error.message}.{" "}
          <button type="button" className="font-semibold underline" onClick={() => void list.refetch()}>
            Try again
          </button>
        </div>
      )}

      {url.run !== undefined && !selectedOnPage && list.data && (
        <section
          aria-label={`Crawl run ${url.run}`}
          className="rounded-xl border border-violet-200 bg-violet-50/40 p-4 shadow-sm"
        >
          <RunDetail runId={url.run} />
        </section>
      )}

      {list.isPending ? (
        <p role="status" className="text-sm text-neutral-600">
          Loading crawl runs…
        </p>
      ) : (
        <RunsTable runs={runs} selected={url.run} onSelect={(run) => setUrl({ run, before: url.before })} />
      )}

      <nav aria-label="Pages of crawl runs" className="flex items-center justify-between text-sm">
        {url.before !== undefined ? (
          <Button size="sm" onClick={() => setUrl({ run: url.run, before: undefined })}>
            ← Newest runs
          </Button>
        ) : (
          <span />
        )}
        {list.data?.nextBefore != null && (
          <Button
            size="sm"
            onClick={() => setUrl({ run: url.run, before: list.data?.nextBefore ?? undefined })}
            title={`Runs older than #${list.data.nextBefore}`}
          >
            Older runs →
          </Button>
        )}
      </nav>
    </div>
  );
}
