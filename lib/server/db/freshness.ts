import "server-only";
import type pg from "pg";
import type { ChangeCause, RecentChange, ScopeFreshness } from "@/lib/domain/events/freshness";
import { escapeStoredText, unescapeStoredText } from "@/lib/domain/text/stored-text";

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

interface CauseRow {
  run_id: string;
  subject_type: "resource" | "relation";
  subject_id: string;
  change: ChangeCause["change"];
  event_name: string;
  event_source: string;
  event_time: Date;
  actor_type: string;
  actor_arn: string | null;
  audit_id: string | null;
}

const CAUSE_COLUMNS = `c.run_id, c.subject_type, c.subject_id, c.change, c.event_name, c.event_source, c.event_time,
  c.actor_type, c.actor_arn, c.audit_id`;

export function toCause(row: CauseRow): ChangeCause {
  return {
    runId: Number(row.run_id),
    change: row.change,
    eventName: row.event_name,
    eventSource: row.event_source,
    eventTime: row.event_time.toISOString(),
    actorType: row.actor_type,
    actorArn: row.actor_arn === null ? null : unescapeStoredText(row.actor_arn),
    auditId: row.audit_id === null ? null : Number(row.audit_id),
  };
}

/** The causes of versions runs in (from, to] wrote, by subject id (the latest cause of each). */
export async function causesBetween(
  pool: pg.Pool,
  from: number,
  to: number,
): Promise<Map<string, ChangeCause>> {
  const { rows } = await pool.query<CauseRow>(
    `SELECT ${CAUSE_COLUMNS} FROM change_cause c WHERE c.run_id > $1 AND c.run_id <= $2 ORDER BY c.id`,
    [from, to],
  );
  return new Map(rows.map((row) => [unescapeStoredText(row.subject_id), toCause(row)]));
}

/** The cause of each version of a resource, by the run that opened it (or, when removed, closed it). */
export async function causesOf(pool: pg.Pool, subjectId: string): Promise<Map<number, ChangeCause>> {
  const { rows } = await pool.query<CauseRow>(
    `SELECT ${CAUSE_COLUMNS} FROM change_cause c WHERE c.subject_id = $1 ORDER BY c.id`,
    [escapeStoredText(subjectId)],
  );
  return new Map(rows.map((row) => [Number(row.run_id), toCause(row)]));
}

export interface FreshnessRows {
  feeds: FeedRow[];
  scopes: ScopeFreshness[];
  latestRunId: number | null;
  recentChanges: RecentChange[];
}

/** What keeps the estate fresh between crawls: the feeds' heartbeats, each scope's last event and crawl. */
export async function readFreshness(pool: pg.Pool, recent = 20): Promise<FreshnessRows> {
  const [feeds, scopes, latest, causes] = await Promise.all([
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
      last_event_name: string | null;
      last_event_at: Date | null;
      last_success_at: Date | null;
    }>(
      `SELECT COALESCE(s.account_id, e.account_id) AS account_id, COALESCE(s.region, e.region) AS region,
         e.last_event_name, e.last_event_at, s.last_success_at
       FROM scope_status s FULL JOIN scope_event_status e ON e.account_id = s.account_id AND e.region = s.region
       ORDER BY 1, 2`,
    ),
    pool.query<{ id: string }>(
      "SELECT id FROM crawl_run WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1",
    ),
    pool.query<CauseRow>(`SELECT ${CAUSE_COLUMNS} FROM change_cause c ORDER BY c.id DESC LIMIT $1`, [recent]),
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
      lastEventAt: r.last_event_at?.toISOString() ?? null,
      lastCrawledAt: r.last_success_at?.toISOString() ?? null,
    })),
    latestRunId: latest.rows[0] ? Number(latest.rows[0].id) : null,
    recentChanges: causes.rows.map((row) => ({
      subjectType: row.subject_type,
      subjectId: unescapeStoredText(row.subject_id),
      cause: toCause(row),
    })),
  };
}
