import "server-only";
import type pg from "pg";

export type FeedName = "events" | "health";

/** A feed's heartbeat: it polled now (and how many AWS calls that took, or why it failed). */
export async function beat(
  pool: pg.Pool,
  name: FeedName,
  detail: string,
  calls: number,
  error?: string,
): Promise<void> {
  await pool.query(
    `INSERT INTO freshness_feed (name, last_poll_at, detail, calls, last_error) VALUES ($1, now(), $2, $3, $4)
     ON CONFLICT (name) DO UPDATE SET last_poll_at = now(), detail = EXCLUDED.detail,
       calls = EXCLUDED.calls,
       last_error = EXCLUDED.last_error`,
    [name, detail, calls, error ?? null],
  );
}

export interface FeedRow {
  name: FeedName;
  lastPollAt: string;
  detail: string;
  calls: number;
  lastError: string | null;
}

export interface ScopeEventRow {
  accountId: string;
  region: string;
  lastEventName: string;
  lastEventAt: string;
  lastReceivedAt: string;
}

/** What keeps the estate fresh between crawls: the feeds' heartbeats and each scope's last event. */
export async function readFreshness(pool: pg.Pool): Promise<{ feeds: FeedRow[]; scopes: ScopeEventRow[] }> {
  const [feeds, scopes] = await Promise.all([
    pool.query<{
      name: FeedName;
      last_poll_at: Date;
      detail: string;
      calls: number;
      last_error: string | null;
    }>("SELECT name, last_poll_at, detail, calls, last_error FROM freshness_feed ORDER BY name"),
    pool.query<{
      account_id: string;
      region: string;
      last_event_name: string;
      last_event_at: Date;
      last_received_at: Date;
    }>("SELECT * FROM scope_event_status ORDER BY account_id, region"),
  ]);
  return {
    feeds: feeds.rows.map((r) => ({
      name: r.name,
      lastPollAt: r.last_poll_at.toISOString(),
      detail: r.detail,
      calls: r.calls,
      lastError: r.last_error,
    })),
    scopes: scopes.rows.map((r) => ({
      accountId: r.account_id,
      region: r.region,
      lastEventName: r.last_event_name,
      lastEventAt: r.last_event_at.toISOString(),
      lastReceivedAt: r.last_received_at.toISOString(),
    })),
  };
}
