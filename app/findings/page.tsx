import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { makeQueryClient } from "@/lib/client/query-client";
import { topologyQuery } from "@/lib/client/query-options";
import { getRuntime } from "@/lib/server/runtime";
import { getTopology } from "@/lib/server/services/topology/get-topology";
import { FindingsClient } from "./findings-client";

export const metadata: Metadata = { title: "Findings" };

const RUN = /^[1-9]\d{0,15}$/;

/** Findings are computed in the browser from the same topology the map shows, prefetched here into its cache. */
export default async function FindingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { run: runParam } = await searchParams;
  const run = typeof runParam === "string" && RUN.test(runParam) ? Number(runParam) : undefined;
  const queryClient = makeQueryClient();
  try {
    const runtime = await getRuntime();
    const result = await getTopology(runtime, { run: run ?? "latest" });
    queryClient.setQueryData(topologyQuery(run === undefined ? {} : { run }).queryKey, result.topology);
  } catch (error) {
    // The client asks the API again and shows what went wrong; the page itself still renders.
    console.error(
      "[findings] prefetching the topology failed:",
      error instanceof Error ? error.message : error,
    );
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense>
        <FindingsClient run={run} />
      </Suspense>
    </HydrationBoundary>
  );
}
