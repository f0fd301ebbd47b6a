"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { freshnessQuery } from "@/lib/client/query-options";
import { queryKeys } from "@/lib/client/query-keys";
import type { FreshnessResponse } from "@/lib/domain/events/freshness";

/** Every 2 s: a small indexed read, cheap enough to poll, and it works through any proxy (no held connection). */
const POLL_MS = 2_000;

/**
 * Polls how fresh the estate is, and refetches the map and the inspector in place as soon as a newer run (an
 * event re-read or a crawl) has finished. A map pinned to `?run=` never changes, so it does not listen.
 */
export function useFreshness(pinned: boolean, shownRunId: number | undefined): FreshnessResponse | undefined {
  const queryClient = useQueryClient();
  const { data } = useQuery({ ...freshnessQuery(), refetchInterval: pinned ? false : POLL_MS });
  const refreshedFor = useRef<number | undefined>(undefined);
  const latest = data?.latestRunId ?? undefined;

  useEffect(() => {
    if (pinned || latest === undefined || shownRunId === undefined || latest <= shownRunId) return;
    if (refreshedFor.current === latest) return;
    refreshedFor.current = latest;
    void queryClient.invalidateQueries({ queryKey: queryKeys.topology.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.resources.all });
  }, [pinned, latest, shownRunId, queryClient]);

  return data;
}
