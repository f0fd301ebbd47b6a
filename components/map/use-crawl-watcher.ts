"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { crawlsQuery } from "@/lib/client/query-options";
import { queryKeys } from "@/lib/client/query-keys";
import type { CrawlRunSummary } from "@/lib/domain/topology/history";

const POLL_MS = 5_000;

/**
 * Polls the newest crawl run and refetches the latest topology when a run newer than the one shown finishes.
 * A map pinned to `?run=` never changes, so it does not listen.
 */
export function useCrawlWatcher(
  pinned: boolean,
  shownRunId: number | undefined,
): CrawlRunSummary | undefined {
  const queryClient = useQueryClient();
  const { data } = useQuery({ ...crawlsQuery({ limit: 1 }), refetchInterval: POLL_MS });
  const latest = data?.runs[0];
  const refreshedFor = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (pinned || !latest || latest.finishedAt === null || latest.id === shownRunId) return;
    if (refreshedFor.current === latest.id) return;
    refreshedFor.current = latest.id;
    void queryClient.invalidateQueries({ queryKey: queryKeys.topology.all });
  }, [pinned, latest, shownRunId, queryClient]);

  return latest;
}
