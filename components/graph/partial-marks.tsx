import type { TopologyNode } from "@/lib/domain/topology/topology";
import { Badge } from "@/components/ui/badge";
import type { AccountSummary } from "./model/topology-index";
import { unknownSummary } from "./model/unknown-parts";

/** The marker of a partial scope's colour, shared with the legend and the banner. */
export const PARTIAL_TONE = "!bg-amber-50 !text-amber-900 !ring-amber-400";

/** On an account box: the regions whose last crawl failed some reads. */
export function PartialScopeBadge({ summary }: { summary: AccountSummary }) {
  const partial = summary.partialScopes;
  if (partial.length === 0) return null;
  const some = partial.length < summary.regions.length ? ` (${partial.map((s) => s.region).join(", ")})` : "";
  return (
    <Badge
      tone="warn"
      data-testid="partial-badge"
      className={`max-w-full truncate ${PARTIAL_TONE}`}
      title="Some reads of this account failed in the last crawl: resources are shown with what was read, and marked where a part is unknown"
    >
      partial — some reads failed{some}
    </Badge>
  );
}

/** On a resource: a part of it the last crawl could not read (the inspector says which and why). */
export function IncompleteMarker({ node }: { node: TopologyNode }) {
  const parts = node.incomplete;
  if (!parts || parts.length === 0) return null;
  return (
    <span
      data-testid="incomplete-marker"
      title={`Incomplete — unknown:\n${unknownSummary(parts)}`}
      aria-label="incomplete: part of it could not be read"
      className="flex h-4 shrink-0 items-center rounded bg-amber-100 px-1 text-[10px] leading-none font-bold text-amber-900 ring-1 ring-amber-400 ring-inset"
    >
      ?
    </span>
  );
}
