"use client";

import { useNow } from "@/components/crawls/use-now";
import {
  ago,
  describeCause,
  scopeFreshnessLabel,
  type FreshnessResponse,
  type ScopeFreshness,
} from "@/lib/domain/events/freshness";

function newestEvent(scopes: ScopeFreshness[]): ScopeFreshness | undefined {
  return scopes
    .filter((s) => s.lastEventAt !== null)
    .sort((a, b) => (b.lastEventAt ?? "").localeCompare(a.lastEventAt ?? ""))[0];
}

function oldestCrawl(scopes: ScopeFreshness[]): ScopeFreshness | undefined {
  return scopes
    .filter((s) => s.lastCrawledAt !== null)
    .sort((a, b) => (a.lastCrawledAt ?? "").localeCompare(b.lastCrawledAt ?? ""))[0];
}

/**
 * How old the map's picture is: "events live · last event 4 s ago" when an event feed keeps it fresh, else
 * "crawled 3 min ago"; per scope on demand; and the latest change an event brought, with who made it.
 */
export function FreshnessBar({ freshness }: { freshness: FreshnessResponse | undefined }) {
  const now = useNow(freshness !== undefined);
  if (!freshness || now === undefined) return null;
  const live = freshness.events?.live ?? false;
  const scopes = freshness.scopes;
  const headline = live ? newestEvent(scopes) : oldestCrawl(scopes);
  const latestChange = freshness.recentChanges[0];
  return (
    <div
      data-testid="freshness"
      data-events={live ? "live" : freshness.events ? "down" : "off"}
      className="flex min-h-7 flex-wrap items-center gap-x-3 gap-y-1 border-b border-neutral-200 bg-white px-3 py-1 text-xs text-neutral-600"
    >
      <span className="flex items-center gap-1.5" data-testid="freshness-summary">
        <span
          aria-hidden="true"
          className={live ? "h-2 w-2 rounded-full bg-emerald-500" : "h-2 w-2 rounded-full bg-neutral-300"}
        />
        {live
          ? headline
            ? `events live · last event ${ago(now - Date.parse(headline.lastEventAt ?? ""))} ago (${headline.lastEventName})`
            : "events live · no event yet"
          : headline
            ? `crawled ${ago(now - Date.parse(headline.lastCrawledAt ?? ""))} ago (oldest scope)`
            : "not crawled yet"}
        {freshness.events && !live && (
          <span className="text-amber-800" title={freshness.events.lastError ?? undefined}>
            · event feed not polling
          </span>
        )}
      </span>
      {freshness.health && (
        <span data-testid="health-poll" title="Target health is polled with ListTargets between crawls">
          health polled {ago(now - Date.parse(freshness.health.lastPollAt))} ago · {freshness.health.calls}{" "}
          ListTargets calls a poll
        </span>
      )}
      {scopes.length > 0 && (
        <details className="relative">
          <summary className="cursor-pointer text-neutral-700 underline decoration-neutral-300">
            per scope ({scopes.length})
          </summary>
          <ul
            data-testid="freshness-scopes"
            className="absolute z-20 mt-1 max-h-72 w-96 overflow-auto rounded border border-neutral-200 bg-white p-2 shadow-lg"
          >
            {scopes.map((scope) => (
              <li
                key={`${scope.accountId}:${scope.region}`}
                data-testid="scope-freshness"
                data-scope={`${scope.accountId}:${scope.region}`}
                className="flex justify-between gap-3 py-0.5"
              >
                <span className="font-mono">
                  {scope.accountId} {scope.region}
                </span>
                <span>{scopeFreshnessLabel(scope, live, now)}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {latestChange && (
        <span
          data-testid="latest-change"
          data-subject={latestChange.subjectId}
          className={
            latestChange.cause.auditId === null
              ? "min-w-0 truncate rounded bg-amber-50 px-1.5 text-amber-900"
              : "min-w-0 truncate text-neutral-600"
          }
          title={`${latestChange.subjectId}: ${describeCause(latestChange.cause)}`}
        >
          Latest change: {describeCause(latestChange.cause)}
        </span>
      )}
    </div>
  );
}
