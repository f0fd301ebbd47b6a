"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo, type ReactNode } from "react";
import { ChangeGraph } from "@/components/history/change-graph";
import { ChangeList } from "@/components/history/change-list";
import { DiffLegend, DiffSummary } from "@/components/history/diff-summary";
import { buildDiffModel, isEmptyDiff } from "@/components/history/diff-model";
import {
  comparableRuns,
  quietRunsAfter,
  resolveRunPair,
  RUN_CHOICES,
  runParam,
} from "@/components/history/resolve-runs";
import { RunPicker } from "@/components/history/run-picker";
import { Button } from "@/components/ui/button";
import { crawlsQuery, diffQuery, topologyQuery } from "@/lib/client/query-options";
import type { CrawlRunSummary } from "@/lib/domain/topology/history";

function useRunPairUrl() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const params = {
    from: runParam(searchParams.get("from")),
    to: runParam(searchParams.get("to")),
    run: runParam(searchParams.get("run")),
  };
  const choose = useCallback(
    (pair: { from: number; to: number }) => {
      const next = new URLSearchParams(searchParams.toString());
      next.set("from", String(pair.from));
      next.set("to", String(pair.to));
      // The pair chosen replaces a run carried from another screen.
      next.delete("run");
      // The native history API updates useSearchParams without a server round trip.
      window.history.pushState(null, "", `${pathname}?${next.toString()}`);
    },
    [pathname, searchParams],
  );
  return [params, choose] as const;
}

function flash(id: string) {
  const element = document.querySelector(`[data-entry="${CSS.escape(id)}"]`);
  if (!(element instanceof HTMLElement)) return;
  element.scrollIntoView({ behavior: "smooth", block: "center" });
  element.dataset.flash = "true";
  setTimeout(() => delete element.dataset.flash, 1_600);
}

/** Two runs side by side: the changed part of the estate as a graph, and every field-level change. */
export function HistoryClient() {
  const [params, choose] = useRunPairUrl();
  const runsQuery = useQuery({ ...crawlsQuery({ limit: RUN_CHOICES }), refetchInterval: 15_000 });
  const runs = useMemo(() => comparableRuns(runsQuery.data?.runs ?? []), [runsQuery.data]);
  const { from, to } = resolveRunPair(runsQuery.data?.runs ?? [], params);
  const ready = from !== undefined && to !== undefined && from !== to;
  const chosen = params.from !== undefined || params.to !== undefined || params.run !== undefined;
  const quiet = chosen ? [] : quietRunsAfter(runsQuery.data?.runs ?? [], to);

  const diff = useQuery({ ...diffQuery(from ?? 0, to ?? 0), enabled: ready });
  const topology = useQuery({ ...topologyQuery({ run: to ?? 0 }), enabled: ready });
  const model = useMemo(
    () => (diff.data ? buildDiffModel(diff.data, topology.data?.nodes) : undefined),
    [diff.data, topology.data],
  );

  return (
    <div className="mx-auto w-full max-w-7xl space-y-5 px-6 py-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-neutral-900">History</h1>
          <p className="mt-1 max-w-2xl text-sm text-neutral-600">
            What changed in the estate between two crawls: resources and relations added, removed and changed,
            field by field.
          </p>
        </div>
        <form
          aria-label="Runs to compare"
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => event.preventDefault()}
        >
          <RunPicker
            label="From run"
            name="from"
            runs={runs}
            value={from}
            onChange={(id) => choose({ from: id, to: to ?? id })}
          />
          <Button
            size="md"
            aria-label="Swap the runs"
            title="Swap the runs"
            disabled={!ready}
            onClick={() => from !== undefined && to !== undefined && choose({ from: to, to: from })}
          >
            ⇄
          </Button>
          <RunPicker
            label="To run"
            name="to"
            runs={runs}
            value={to}
            onChange={(id) => choose({ from: from ?? id, to: id })}
          />
        </form>
      </header>

      {runsQuery.isError && (
        <Notice tone="error">The crawl runs could not be loaded: {runsQuery.error.message}.</Notice>
      )}
      {runsQuery.data && !ready && <NotReady runs={runs} from={from} to={to} />}
      {diff.isError && (
        <Notice tone="error">
          The changes between #{from} and #{to} could not be loaded: {diff.error.message}.
        </Notice>
      )}
      {ready && diff.isPending && (
        <p role="status" className="text-sm text-neutral-600">
          Comparing run #{from} with run #{to}…
        </p>
      )}

      {ready && quiet.length > 0 && (
        <p data-testid="history-quiet" className="text-sm text-neutral-600">
          Showing the latest crawl that changed something (run #{to}).{" "}
          {quiet.length === 1
            ? `Run #${quiet[0]?.id}`
            : `The ${quiet.length} runs since (#${quiet.at(-1)?.id}–#${quiet[0]?.id})`}{" "}
          found nothing new.
        </p>
      )}
      {ready && diff.data && model && (
        <>
          <DiffSummary from={from} to={to} totals={model.totals} />
          {isEmptyDiff(diff.data) ? (
            <Notice tone="info">
              Nothing changed between run #{from} and run #{to}. Pick an earlier “From run” to look further
              back.
            </Notice>
          ) : (
            <>
              <section aria-label="Changed resources on the map" className="space-y-2">
                <DiffLegend />
                <ChangeGraph model={model} edges={topology.data?.edges ?? []} onOpen={flash} />
              </section>
              <ChangeList accounts={model.accounts} />
            </>
          )}
        </>
      )}
    </div>
  );
}

function NotReady({
  runs,
  from,
  to,
}: {
  runs: CrawlRunSummary[];
  from: number | undefined;
  to: number | undefined;
}) {
  if (runs.length === 0) {
    return (
      <Notice tone="info">
        No crawl has finished yet. <CrawlsLink />
      </Notice>
    );
  }
  if (from !== undefined && from === to) {
    return <Notice tone="info">Pick two different runs to compare.</Notice>;
  }
  return (
    <Notice tone="info">
      Only one crawl has finished so far (run #{to ?? runs[0]?.id}); there is nothing to compare it with yet.{" "}
      <CrawlsLink />
    </Notice>
  );
}

function CrawlsLink() {
  return (
    <Link href="/crawls" className="font-semibold underline">
      Start a crawl
    </Link>
  );
}

function Notice({ tone, children }: { tone: "info" | "error"; children: ReactNode }) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={
        tone === "error"
          ? "rounded-lg border border-red-200 bg-white p-4 text-sm text-red-800"
          : "rounded-lg border border-neutral-200 bg-white p-4 text-sm text-neutral-700"
      }
    >
      {children}
    </div>
  );
}
