import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { Suspense } from "react";
import { topologyQuery } from "@/lib/client/query-options";
import { getRuntime } from "@/lib/server/runtime";
import { getTopology } from "@/lib/server/services/topology/get-topology";
import { MapClient } from "./map-client";
import { makeQueryClient } from "@/lib/client/query-client";

export const metadata = { title: { absolute: "Trellis" } };

const RUN = /^[1-9]\d{0,15}$/;

/** The map. The topology is read here, through the service, and handed to the client already in its cache. */
export default async function MapPage({
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
    console.error("[map] prefetching the topology failed:", error instanceof Error ? error.message : error);
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense>
        <MapClient />
      </Suspense>
    </HydrationBoundary>
  );
}
