import "server-only";
import type { RolloutListQuery } from "@/lib/domain/http/api-queries";
import { RECENTLY_ENDED_MS } from "@/lib/domain/routing/rollout";
import type { RolloutRepository, StoredRollout } from "../../db/rollouts";

/**
 * Rollouts newest first: of one listener or all; with `active`, only those running or paused and those that
 * ended in the last 15 minutes (what the map marks).
 */
export async function listRollouts(
  rollouts: Pick<RolloutRepository, "list" | "listActive">,
  query: RolloutListQuery,
  now: Date = new Date(),
): Promise<{ rollouts: StoredRollout[] }> {
  const filter = {
    ...(query.listener ? { listener: query.listener } : {}),
    ...(query.limit ? { limit: query.limit } : {}),
  };
  if (query.active) {
    const endedSince = new Date(now.getTime() - RECENTLY_ENDED_MS);
    return { rollouts: await rollouts.listActive({ ...filter, endedSince }) };
  }
  return { rollouts: await rollouts.list(filter) };
}
