"use client";

import type { QueryClient } from "@tanstack/react-query";
import { fetchCrawl } from "./api";
import { queryKeys } from "./query-keys";

const POLL_MS = 500;
const GIVE_UP_MS = 5 * 60_000;

/**
 * Once the re-crawl that follows an apply has finished, refetches the topology and resources, so the map and
 * the inspector show what was applied. Not tied to a component: it outlives the dialog that started it.
 */
export async function refreshAfterCrawl(queryClient: QueryClient, runId: number): Promise<void> {
  const deadline = Date.now() + GIVE_UP_MS;
  while (Date.now() < deadline) {
    try {
      const run = await fetchCrawl(runId);
      if (run.finishedAt !== null) break;
    } catch {
      // A failed poll is retried; the deadline bounds it.
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.topology.all }),
    queryClient.invalidateQueries({ queryKey: queryKeys.resources.all }),
    queryClient.invalidateQueries({ queryKey: queryKeys.crawls.all }),
  ]);
}

/** After an apply: the map follows once its re-crawl finishes; without one, the crawl list is refreshed. */
export function refreshAfterApply(queryClient: QueryClient, crawlRunId: number | undefined): void {
  if (crawlRunId) void refreshAfterCrawl(queryClient, crawlRunId);
  else void queryClient.invalidateQueries({ queryKey: queryKeys.crawls.all });
}

/** "Applied (UpdateListener, request …). Crawl 7 re-reads the service; the map updates when it finishes." */
export function appliedSummary(
  calls: { operation: string; requestId?: string }[],
  crawlRunId: number | undefined,
  subject: string,
): string {
  const made = calls.map((c) => `${c.operation}${c.requestId ? `, request ${c.requestId}` : ""}`).join("; ");
  return `Applied (${made}). ${crawlRunId ? `Crawl ${crawlRunId} re-reads the ${subject}; the map updates when it finishes.` : ""}`;
}
