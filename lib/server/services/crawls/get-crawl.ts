import "server-only";
import { notFound } from "@/lib/domain/http/api-errors";
import type { CrawlRunResponse } from "@/lib/domain/http/api-responses";
import type { HistoryRepository } from "../../db/history";

/** One run with its progress, per-scope outcome and errors. */
export async function getCrawl(
  history: Pick<HistoryRepository, "getRun">,
  id: number,
): Promise<CrawlRunResponse> {
  const run = await history.getRun(id);
  if (!run) throw notFound(`Crawl run ${id} does not exist`);
  return run;
}
