"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, type ReactNode } from "react";
import { crawlQuery } from "@/lib/client/query-options";
import { queryKeys } from "@/lib/client/query-keys";
import type { CrawlRunDetail } from "@/lib/domain/topology/history";
import { CrawlProgress } from "./crawl-progress";
import { RunCounts } from "./run-counts";
import { RunErrorsTable } from "./run-errors-table";
import { formatCount, formatDateTime, formatDuration, isActive, runDuration } from "./run-format";
import { RunScopesTable } from "./run-scopes-table";
import { RunStatusBadge } from "./run-status-badge";
import { useNow } from "./use-now";

const POLL_MS = 1_000;

/** One run in full, polled every second until it has finished. */
export function RunDetail({ runId }: { runId: number }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    ...crawlQuery(runId),
    refetchInterval: (q) => (q.state.data && !isActive(q.state.data) ? false : POLL_MS),
    staleTime: 0,
  });
  const run = query.data;
  const active = run ? isActive(run) : false;

  // When the run finishes, the list and every view of "the latest estate" are out of date.
  const wasActive = useRef(active);
  useEffect(() => {
    if (wasActive.current && !active) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.crawls.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.topology.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.diff.all });
    }
    wasActive.current = active;
  }, [active, queryClient]);

  if (query.isPending) {
    return (
      <p role="status" className="text-sm text-neutral-600">
        Loading crawl run {runId}…
      </p>
    );
  }
  if (!run) {
    return (
      <p role="alert" className="text-sm text-red-700">
        Crawl run {runId} could not be loaded: {query.error?.message ?? "unknown error"}.
      </p>
    );
  }
  return <RunDetailBody run={run} />;
}

function RunDetailBody({ run }: { run: CrawlRunDetail }) {
  const active = isActive(run);
  const now = useNow(active);
  const duration = runDuration(run, now);
  const scopeResources = run.scopes.reduce((sum, scope) => sum + scope.resourceCount, 0);
  return (
    <div className="space-y-4" data-testid="run-detail" data-run={run.id}>
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <div className="flex items-center gap-2">
          <h3 className="text-base font-semibold text-neutral-900">Crawl run #{run.id}</h3>
          <RunStatusBadge status={run.status} />
        </div>
        <dl className="flex flex-wrap gap-x-5 gap-y-1 text-xs text-neutral-600">
          <Fact label="Trigger">{run.trigger}</Fact>
          <Fact label="Queued">{formatDateTime(run.queuedAt)} UTC</Fact>
          <Fact label="Started">{run.startedAt ? `${formatDateTime(run.startedAt)} UTC` : "not yet"}</Fact>
          <Fact label="Finished">{run.finishedAt ? `${formatDateTime(run.finishedAt)} UTC` : "not yet"}</Fact>
          <Fact label={active ? "Running for" : "Took"}>
            {duration === undefined ? "—" : formatDuration(duration)}
          </Fact>
          <Fact label="AWS calls">{formatCount(run.calls)}</Fact>
        </dl>
        <div className="ml-auto flex items-center gap-3 text-sm">
          {active ? (
            <span className="text-neutral-500" title="The estate at this run is known once it has finished">
              View the map at this run
            </span>
          ) : (
            <>
              <Link
                href={`/history?to=${run.id}`}
                className="font-medium text-neutral-700 underline decoration-neutral-300 hover:text-neutral-900"
              >
                Changes in this run
              </Link>
              <Link
                href={`/?run=${run.id}`}
                data-testid="run-map-link"
                className="font-medium text-violet-700 underline decoration-violet-300 hover:text-violet-900"
              >
                View the map at this run →
              </Link>
            </>
          )}
        </div>
      </div>

      <CrawlProgress runId={run.id} status={run.status} progress={run.progress} />

      <Section title="Resources">
        {Object.keys(run.counts).length > 0 ? (
          <RunCounts counts={run.counts} />
        ) : (
          <p className="text-sm text-neutral-500">
            {active
              ? `${formatCount(scopeResources)} read so far; the estate's counts by kind follow when the run finishes.`
              : "No resources recorded."}
          </p>
        )}
      </Section>

      <Section title={`Scopes (account × region) — ${run.scopes.length} of ${run.progress.total}`}>
        <RunScopesTable
          scopes={run.scopes}
          pending={active ? Math.max(0, run.progress.total - run.scopes.length) : 0}
        />
      </Section>

      <Section title={`Errors (${formatCount(run.errors.length)})`}>
        <RunErrorsTable errors={run.errors} />
      </Section>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex gap-1">
      <dt className="text-neutral-500">{label}:</dt>
      <dd className="font-medium text-neutral-800 tabular-nums">{children}</dd>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-1.5">
      <h4 className="text-xs font-semibold tracking-wide text-neutral-500 uppercase">{title}</h4>
      {children}
    </section>
  );
}
