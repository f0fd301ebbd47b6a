import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { makeQueryClient } from "@/lib/client/query-client";
import { prefetchTopology, runParam } from "../_lib/prefetch-topology";
import { FindingsClient } from "./findings-client";

export const metadata: Metadata = { title: "Findings" };

/** Findings are computed in the browser from the same topology the map shows, prefetched here into its cache. */
export default async function FindingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const run = runParam((await searchParams).run);
  const queryClient = makeQueryClient();
  await prefetchTopology(queryClient, run, "findings");
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense>
        <FindingsClient run={run} />
      </Suspense>
    </HydrationBoundary>
  );
}
