import type { QueryClient } from "@tanstack/react-query";
import { topologyQuery, topologySummaryQuery } from "@/lib/client/query-options";
import type { TopologySummaryResponse } from "@/lib/domain/http/topology-summary";
import { env } from "@/lib/env";
import { getRuntime } from "@/lib/server/runtime";
import { getTopology } from "@/lib/server/services/topology/get-topology";
import { getTopologySummary } from "@/lib/server/services/topology/get-topology-summary";

const RUN = /^[1-9]\d{0,15}$/;

/** `?run=` as a run id, when it is one; anything else means the latest state. */
export function runParam(value: string | string[] | undefined): number | undefined {
  return typeof value === "string" && RUN.test(value) ? Number(value) : undefined;
}

/**
 * Reads the topology through the service and puts it in the client's cache, so the page renders with it.
 * On failure the client asks the API again and shows what went wrong; the page itself still renders.
 */
export async function prefetchTopology(queryClient: QueryClient, run: number | undefined, page: string) {
  try {
    const runtime = await getRuntime();
    const result = await getTopology(runtime, { run: run ?? "latest" });
    queryClient.setQueryData(topologyQuery(run === undefined ? {} : { run }).queryKey, result.topology);
  } catch (error) {
    console.error(
      `[${page}] prefetching the topology failed:`,
      error instanceof Error ? error.message : error,
    );
  }
}

/**
 * The map's data, ahead of the page: the estate's summary, and the whole topology only when the estate is at most
 * TRELLIS_MAP_SUMMARY_THRESHOLD resources. Says whether the map opens summary-first.
 */
export async function prefetchMap(queryClient: QueryClient, run: number | undefined): Promise<boolean> {
  try {
    const runtime = await getRuntime();
    const prepared = await getTopologySummary(runtime, { run: run ?? "latest" });
    const summary = JSON.parse(new TextDecoder().decode(prepared.json())) as TopologySummaryResponse;
    if (summary.totals.nodes > env.TRELLIS_MAP_SUMMARY_THRESHOLD) {
      queryClient.setQueryData(topologySummaryQuery(run ?? "latest").queryKey, summary);
      return true;
    }
  } catch (error) {
    console.error("[map] prefetching the summary failed:", error instanceof Error ? error.message : error);
  }
  await prefetchTopology(queryClient, run, "map");
  return false;
}
