import { queryOptions } from "@tanstack/react-query";
import type { ChangeView, RolloutView } from "./changes-api";
import { isActiveRollout } from "@/lib/domain/routing/rollout";
import type { RolloutList } from "@/lib/domain/routing/rollout-contract";
import { getJson } from "./api";
import { queryKeys } from "./query-keys";

/** A rollout as the active list answers it; each step's event names the change it applied. */
export type ActiveRollout = RolloutView;

/** `GET /api/rollouts?active=1`: running and paused rollouts and those that ended in the last 15 minutes. */
export async function fetchActiveRollouts(signal?: AbortSignal): Promise<ActiveRollout[]> {
  return (await getJson<RolloutList>("/api/rollouts?active=1", signal)).rollouts;
}

/** The crawl run that followed a change's apply, when it started one. */
export async function fetchChangeCrawlRun(
  changeId: string,
  signal?: AbortSignal,
): Promise<number | undefined> {
  const change = await getJson<Pick<ChangeView, "result">>(
    `/api/changes/${encodeURIComponent(changeId)}`,
    signal,
  );
  const run = (change.result as { crawlRunId?: unknown } | null | undefined)?.crawlRunId;
  return typeof run === "number" ? run : undefined;
}

const FAST_MS = 3_000;
const SLOW_MS = 15_000;

/** Polled every 3 s while a rollout is running or paused, else every 15 s so one started elsewhere shows up. */
export function activeRolloutsQuery() {
  return queryOptions({
    queryKey: queryKeys.rollouts.active,
    queryFn: ({ signal }) => fetchActiveRollouts(signal),
    refetchInterval: (query) =>
      query.state.data?.some((r) => isActiveRollout(r.status)) ? FAST_MS : SLOW_MS,
  });
}
