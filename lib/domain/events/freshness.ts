/** Who caused a version an event re-read recorded. */
export interface ChangeCause {
  runId: number;
  change: "added" | "changed" | "removed";
  eventName: string;
  eventSource: string;
  eventTime: string;
  actorType: string;
  actorArn: string | null;
  /** Set when the call was Trellis's own: the audit entry of the change it applied. */
  auditId: number | null;
}

export interface RecentChange {
  subjectType: "resource" | "relation";
  subjectId: string;
  cause: ChangeCause;
}

export interface ScopeFreshness {
  accountId: string;
  region: string;
  lastEventAt: string | null;
  lastEventName: string | null;
  /** When the last crawl that read the scope finished. */
  lastCrawledAt: string | null;
}

export interface FeedState {
  lastPollAt: string;
  /** Polled recently enough to count as running. */
  live: boolean;
  detail: string;
  calls: number;
  lastError: string | null;
}

/** GET /api/freshness: how old the picture is, per scope, and the latest changes made from events. */
export interface FreshnessResponse {
  events: FeedState | null;
  health: FeedState | null;
  /** The newest finished run (crawl or event): the map refetches when it moves past what it shows. */
  latestRunId: number | null;
  scopes: ScopeFreshness[];
  recentChanges: RecentChange[];
}

/** A feed that has not polled for this long is not live (a long poll waits at most 20 s). */
export const FEED_STALE_MS = 60_000;

export function isLive(lastPollAt: string, nowMs: number, staleMs = FEED_STALE_MS): boolean {
  const at = Date.parse(lastPollAt);
  return !Number.isNaN(at) && nowMs - at <= staleMs;
}

/** "4 s", "3 min", "2 h", "5 d". */
export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}

/** "events live · last event 4 s ago", or "crawled 3 min ago" when no event feed keeps the scope fresh. */
export function scopeFreshnessLabel(scope: ScopeFreshness, eventsLive: boolean, nowMs: number): string {
  if (eventsLive) {
    const last = scope.lastEventAt ? Date.parse(scope.lastEventAt) : Number.NaN;
    const crawled = scope.lastCrawledAt
      ? ` · crawled ${ago(nowMs - Date.parse(scope.lastCrawledAt))} ago`
      : "";
    return Number.isNaN(last)
      ? `events live · no event yet${crawled}`
      : `events live · last event ${ago(nowMs - last)} ago`;
  }
  if (!scope.lastCrawledAt) return "not crawled yet";
  return `crawled ${ago(nowMs - Date.parse(scope.lastCrawledAt))} ago`;
}

/** "14:02" in UTC, as CloudTrail times are. */
function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")} UTC`;
}

/**
 * "changed outside Trellis by arn:aws:sts::…:assumed-role/Deployer/ci at 14:02 UTC (UpdateListener)", or for a
 * call Trellis made itself "changed by Trellis at 14:02 UTC (UpdateListener, audit entry #12)".
 */
export function describeCause(cause: ChangeCause): string {
  const verb = cause.change === "removed" ? "removed" : cause.change === "added" ? "created" : "changed";
  if (cause.auditId !== null) {
    return `${verb} by Trellis at ${clock(cause.eventTime)} (${cause.eventName}, audit entry #${cause.auditId})`;
  }
  return `${verb} outside Trellis by ${cause.actorArn ?? cause.actorType} at ${clock(cause.eventTime)} (${cause.eventName})`;
}
