import "server-only";
import { isLive, type FeedState, type FreshnessResponse } from "@/lib/domain/events/freshness";
import type { Database } from "../../db/database";
import { readFreshness, type FeedRow } from "../../db/freshness";

function feed(row: FeedRow | undefined, nowMs: number, staleMs?: number): FeedState | null {
  if (!row) return null;
  return {
    lastPollAt: row.lastPollAt,
    live: row.lastError === null && isLive(row.lastPollAt, nowMs, staleMs),
    detail: row.detail,
    calls: row.calls,
    lastError: row.lastError,
  };
}

/** How fresh the estate is: the event feed and health poller, each scope's last event and crawl. */
export async function getFreshness(
  db: Pick<Database, "pool">,
  nowMs = Date.now(),
): Promise<FreshnessResponse> {
  const rows = await readFreshness(db.pool);
  const health = rows.feeds.find((f) => f.name === "health");
  const healthInterval = Number(health?.detail ?? 0);
  return {
    events: feed(
      rows.feeds.find((f) => f.name === "events"),
      nowMs,
    ),
    // Live while it polls on its interval (three intervals of slack).
    health: feed(health, nowMs, healthInterval > 0 ? Math.max(healthInterval * 3_000, 30_000) : undefined),
    latestRunId: rows.latestRunId,
    scopes: rows.scopes,
    recentChanges: rows.recentChanges,
  };
}
