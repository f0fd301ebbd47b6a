import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { makeQueryClient } from "@/lib/client/query-client";
import { crawlQuery, crawlsQuery } from "@/lib/client/query-options";
import { crawlListQuerySchema } from "@/lib/domain/http/api-queries";
import { getRuntime } from "@/lib/server/runtime";
import { getCrawl } from "@/lib/server/services/crawls/get-crawl";
import { listCrawls } from "@/lib/server/services/crawls/list-crawls";
import { runParam } from "../_lib/prefetch-topology";
import { CrawlsClient } from "./crawls-client";

export const metadata: Metadata = { title: "Crawls" };

/** Crawl runs: the page of runs (and the run named by `?run=`) is read here and handed over in the cache. */
export default async function CrawlsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const before = runParam(params.before);
  const run = runParam(params.run);
  const queryClient = makeQueryClient();
  try {
    const runtime = await getRuntime();
    const query = crawlListQuerySchema.parse(before === undefined ? {} : { before: String(before) });
    const [list, detail] = await Promise.all([
      listCrawls(runtime.history, query),
      run === undefined ? undefined : getCrawl(runtime.history, run).catch(() => undefined),
    ]);
    queryClient.setQueryData(crawlsQuery({ before }).queryKey, list);
    if (run !== undefined && detail) queryClient.setQueryData(crawlQuery(run).queryKey, detail);
  } catch (error) {
    // The client asks the API again and shows what went wrong; the page itself still renders.
    console.error("[crawls] prefetching the runs failed:", error instanceof Error ? error.message : error);
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense>
        <CrawlsClient />
      </Suspense>
    </HydrationBoundary>
  );
}
