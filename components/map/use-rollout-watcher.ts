"use client";

import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";
import {
  NO_ROLLOUT_MARKS,
  rolloutMarks,
  rolloutTopologyOf,
  serviceOfListener,
} from "@/components/graph/model/rollout-marks";
import type { RolloutStore } from "@/components/graph/model/rollout-store";
import { queryKeys } from "@/lib/client/query-keys";
import { refreshAfterCrawl } from "@/lib/client/refresh-after-crawl";
import { activeRolloutsQuery, fetchChangeCrawlRun } from "@/lib/client/rollouts-api";
import type { TopologyResponse } from "@/lib/domain/http/api-responses";
import { rolloutMoves, type SeenRollout } from "./rollout-moves";

/** Once the crawl after a step's change has finished, the map's weights follow; without one, at once. */
async function refreshForStep(queryClient: QueryClient, changeId: string | undefined): Promise<void> {
  const runId = changeId ? await fetchChangeCrawlRun(changeId).catch(() => undefined) : undefined;
  if (runId !== undefined) await refreshAfterCrawl(queryClient, runId);
  else await queryClient.invalidateQueries({ queryKey: queryKeys.topology.all });
}

/**
 * Polls the active rollouts and hands their marks to the map's store; when a rollout takes a step or ends, the
 * topology is fetched again after that step's crawl, so the weights drawn follow the badge. A map pinned to
 * `?run=` shows the past: no marks there.
 */
export function useRolloutWatcher(
  store: RolloutStore,
  topology: TopologyResponse | undefined,
  pinned: boolean,
  /** Services the map's filters keep: a rollout elsewhere gets no badge and no count on its account box. */
  inScope?: (serviceId: string) => boolean,
): void {
  const queryClient = useQueryClient();
  // After the topology: the marks need it, and the first map should not wait on a second request.
  const { data } = useQuery({ ...activeRolloutsQuery(), enabled: !pinned && topology !== undefined });
  const shape = useMemo(() => (topology ? rolloutTopologyOf(topology.nodes) : undefined), [topology]);

  useEffect(() => {
    const shown = inScope ? data?.filter((r) => inScope(serviceOfListener(r.listener))) : data;
    store.set(pinned || !shown || !shape ? NO_ROLLOUT_MARKS : rolloutMarks(shown, shape));
  }, [store, data, shape, pinned, inScope]);

  const seen = useRef<Map<string, SeenRollout> | undefined>(undefined);
  useEffect(() => {
    if (!data || pinned) return;
    const { seen: next, moved, changed } = rolloutMoves(seen.current, data);
    seen.current = next;
    for (const move of moved) void refreshForStep(queryClient, move.changeId);
    // The inspector's list of the listener's rollouts follows the badge at once, not at its own next poll.
    if (changed.length > 0) {
      void queryClient.invalidateQueries({
        queryKey: queryKeys.rollouts.all,
        // A listener's list (`[...all, <listener ARN>]`), not the active list just fetched.
        predicate: (query) => typeof query.queryKey[2] === "string",
      });
    }
  }, [data, pinned, queryClient]);
}
