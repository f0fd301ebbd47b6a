import Link from "next/link";
import type { TopologyResponse } from "@/lib/domain/http/api-responses";
import { Badge } from "@/components/ui/badge";
import { PARTIAL_TONE } from "@/components/graph/partial-marks";

function accountList(topology: TopologyResponse, scopes: TopologyResponse["scopes"]): string {
  const names = new Map(topology.nodes.filter((n) => n.kind === "account").map((n) => [n.accountId, n.name]));
  const byAccount = new Map<string, string[]>();
  for (const s of scopes) byAccount.set(s.accountId, [...(byAccount.get(s.accountId) ?? []), s.region]);
  return [...byAccount]
    .map(([account, regions]) => `${names.get(account) ?? account} (${regions.join(", ")})`)
    .join(", ");
}

/**
 * Above the map when the crawl it shows could not read everything: how many account × region scopes are
 * partial (some reads failed) or stale (the crawl failed), and a link to the crawl's errors.
 */
export function PartialBanner({ topology }: { topology: TopologyResponse }) {
  const partial = topology.scopes.filter((s) => s.status === "partial" && !s.stale);
  const stale = topology.scopes.filter((s) => s.stale);
  if (partial.length === 0 && stale.length === 0) return null;
  const total = topology.scopes.length;
  const unknown = (topology.incomplete ?? []).length;
  return (
    <div
      role="status"
      data-testid="partial-banner"
      className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-amber-300 bg-amber-50 px-3 py-1.5 text-xs text-amber-950"
    >
      <Badge tone="warn" className={PARTIAL_TONE}>
        {partial.length > 0
          ? `${partial.length} of ${total} scopes partial`
          : `${stale.length} of ${total} stale`}
      </Badge>
      {partial.length > 0 && (
        <span data-testid="partial-banner-partial">
          Some reads failed in {accountList(topology, partial)}: what they would have read is marked{" "}
          <span className="rounded bg-amber-100 px-1 font-bold ring-1 ring-amber-400">?</span> and shown as
          last read, or missing{unknown > 0 ? ` (${unknown} failed ${unknown === 1 ? "read" : "reads"})` : ""}
          .
        </span>
      )}
      {stale.length > 0 && (
        <span data-testid="partial-banner-stale">
          {partial.length > 0 ? `${stale.length} more could not be crawled` : "Could not be crawled"}:{" "}
          {accountList(topology, stale)}, shown as last crawled.
        </span>
      )}
      {topology.run && (
        <Link
          href={`/crawls?run=${topology.run.id}`}
          data-testid="partial-banner-errors"
          className="font-semibold underline decoration-amber-400 underline-offset-2"
        >
          See the errors of crawl #{topology.run.id}
        </Link>
      )}
    </div>
  );
}
