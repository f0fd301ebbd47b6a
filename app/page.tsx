import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { Suspense } from "react";
import { MapClient } from "./map-client";
import { makeQueryClient } from "@/lib/client/query-client";
import { prefetchMap, runParam } from "./_lib/prefetch-topology";

export const metadata = { title: { absolute: "Trellis" } };

/** The map. The topology is read here, through the service, and handed to the client already in its cache. */
export default async function MapPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const run = runParam((await searchParams).run);
  const queryClient = makeQueryClient();
  const summaryFirst = await prefetchMap(queryClient, run);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense>
        <MapClient summaryFirst={summaryFirst} />
      </Suspense>
    </HydrationBoundary>
  );
}
