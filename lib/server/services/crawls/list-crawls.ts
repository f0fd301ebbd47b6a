import "server-only";
import type { CrawlListQuery } from "@/lib/domain/http/api-queries";
import type { CrawlListResponse } from "@/lib/domain/http/api-responses";
import type { HistoryRepository } from "../../db/history";

/** Recent crawl runs, newest first, one page at a time, each with how much it found changed. */
export async function listCrawls(
  history: Pick<HistoryRepository, "listRuns">,
  query: CrawlListQuery,
): Promise<CrawlListResponse> {
  const runs = await history.listRuns({ limit: query.limit + 1, beforeId: query.before, withChanges: true });
  const page = runs.slice(0, query.limit);
  return { runs: page, nextBefore: runs.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}
