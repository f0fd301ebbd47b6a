import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { resolveRunPair, RUN_CHOICES, runParam } from "@/components/history/resolve-runs";
import { makeQueryClient } from "@/lib/client/query-client";
import { crawlsQuery, diffQuery, topologyQuery } from "@/lib/client/query-options";
import { crawlListQuerySchema } from "@/lib/domain/http/api-queries";
import { getRuntime } from "@/lib/server/runtime";
import { listCrawls } from "@/lib/server/services/crawls/list-crawls";
import { diffRuns } from "@/lib/server/services/history/diff-runs";
import { getTopology } from "@/lib/server/services/topology/get-topology";
import { HistoryClient } from "./history-client";

export const metadata: Metadata = { title: "History" };

/** What changed between two runs: the runs, their diff and the `to` run's estate are read here for the cache. */
export default async function HistoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const queryClient = makeQueryClient();
  try {
    const runtime = await getRuntime();
    const list = await listCrawls(
      runtime.history,
      crawlListQuerySchema.parse({ limit: String(RUN_CHOICES) }),
    );
    queryClient.setQueryData(crawlsQuery({ limit: RUN_CHOICES }).queryKey, list);
    const { from, to } = resolveRunPair(list.runs, {
      from: runParam(params.from),
      to: runParam(params.to),
      run: runParam(params.run),
    });
    if (from !== undefined && to !== undefined && from !== to) {
      const [diff, topology] = await Promise.all([
        diffRuns(runtime.history, { from, to }).catch(() => undefined),
        getTopology(runtime, { run: to }).catch(() => undefined),
      ]);
      if (diff) queryClient.setQueryData(diffQuery(from, to).queryKey, diff);
      if (topology) queryClient.setQueryData(topologyQuery({ run: to }).queryKey, topology.topology);
    }
  } catch (error) {
    // The client asks the API again and shows what went wrong; the page itself still renders.
    console.error("[history] prefetching failed:", error instanceof Error ? error.message : error);
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense>
        <HistoryClient />
      </Suspense>
    </HydrationBoundary>
  );
}
