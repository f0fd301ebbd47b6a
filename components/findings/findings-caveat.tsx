import Link from "next/link";
import type { TopologyResponse } from "@/lib/domain/http/api-responses";
import { Badge } from "@/components/ui/badge";

/**
 * Findings are computed from what the crawl could read: when some scopes were read only in part (or not at
 * all), a finding may be missing, and those resting on unread data say so.
 */
export function FindingsCaveat({ topology }: { topology: TopologyResponse }) {
  const partial = topology.scopes.filter((s) => s.status === "partial" && !s.stale).length;
  const stale = topology.scopes.filter((s) => s.stale).length;
  if (partial === 0 && stale === 0) return null;
  const what = [
    partial > 0 ? `${partial} of ${topology.scopes.length} scopes were read only in part` : "",
    stale > 0 ? `${stale} could not be crawled and show their last crawl` : "",
  ]
    .filter(Boolean)
    .join("; ");
  return (
    <p data-testid="findings-caveat" className="text-sm text-amber-950">
      <Badge tone="warn" className="!bg-amber-50 !ring-amber-400">
        incomplete
      </Badge>{" "}
      {what}: a finding that depends on what could not be read may be missing, and those that rest on it say
      &ldquo;unknown&rdquo;.{" "}
      {topology.run && (
        <Link
          href={`/crawls?run=${topology.run.id}`}
          className="font-semibold underline decoration-amber-400"
        >
          See the errors of crawl #{topology.run.id}
        </Link>
      )}
    </p>
  );
}
