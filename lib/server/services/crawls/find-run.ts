import "server-only";
import type { CrawlRunSummary } from "@/lib/domain/topology/history";
import type { HistoryRepository } from "../../db/history";

type RunLister = Pick<HistoryRepository, "listRuns">;

/** One run's summary without its scopes and errors (one indexed row); null when there is no such run. */
export async function findRun(history: RunLister, id: number): Promise<CrawlRunSummary | null> {
  const [run] = await history.listRuns({ beforeId: id + 1, limit: 1 });
  return run?.id === id ? run : null;
}
