import "server-only";
import { notFound } from "@/lib/domain/http/api-errors";
import { toResourceDetail, type ResourceDetailResponse } from "@/lib/domain/http/api-responses";
import type { HistoryRepository } from "../../db/history";

/** A resource's newest state, its AWS payloads and every version Trellis has recorded. */
export async function getResource(
  history: Pick<HistoryRepository, "resourceHistory">,
  id: string,
): Promise<ResourceDetailResponse> {
  const detail = toResourceDetail(await history.resourceHistory(id));
  if (!detail) throw notFound(`No crawl has seen a resource with id ${id}`);
  return detail;
}
