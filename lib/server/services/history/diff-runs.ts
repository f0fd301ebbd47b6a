import "server-only";
import { notFound } from "@/lib/domain/http/api-errors";
import type { DiffQuery } from "@/lib/domain/http/api-queries";
import { toDiffResponse, type DiffResponse } from "@/lib/domain/http/api-responses";
import type { HistoryRepository } from "../../db/history";
import { findRun } from "../crawls/find-run";

/** Resources and relations added, removed and changed (field by field) from one run to another. */
export async function diffRuns(
  history: Pick<HistoryRepository, "diff" | "listRuns">,
  query: DiffQuery,
): Promise<DiffResponse> {
  const diff = await history.diff(query.from, query.to);
  if (diff) return toDiffResponse(diff);
  for (const ref of [query.from, query.to]) {
    if (ref === "latest") throw notFound("No crawl has run yet");
    if (!(await findRun(history, ref))) throw notFound(`Crawl run ${ref} does not exist`);
  }
  throw notFound(`Crawl run ${query.from} or ${query.to} does not exist`);
}
