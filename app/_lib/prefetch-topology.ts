import type { QueryClient } from "@tanstack/react-query";
import { topologyQuery } from "@/lib/client/query-options";
import { getRuntime } from "@/lib/server/runtime";
import { getTopology } from "@/lib/server/services/topology/get-topology";

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
