import { PART_LABELS, type UnknownPart } from "@/lib/domain/topology/incomplete";
import type { TopologyNode } from "@/lib/domain/topology/topology";
import { Badge } from "@/components/ui/badge";
import type { AccountSummary } from "./topology-index";

/** The marker of a partial scope's colour, shared with the legend and the banner. */
export const PARTIAL_TONE = "!bg-amber-50 !text-amber-900 !ring-amber-400";

/** "targets and their health (ListTargets), rules (ListRules)": what is unknown, for a title. */
export function unknownSummary(parts: readonly UnknownPart[]): string {
  const own = parts.filter((p) => !p.via);
  const lines = [...new Set(own.map((p) => `${PART_LABELS[p.part]} (${p.operation} failed)`))];
  if (parts.some((p) => p.via))
    lines.push("kept from an earlier crawl: a listing above it could not be read");
  return lines.join("\n");
}

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

export type NetworkMember = "services" | "vpcs" | "resources" | "endpoints";

const UNKNOWN_MEMBERS: Partial<Record<UnknownPart["part"], NetworkMember>> = {
  "service-associations": "services",
  "vpc-associations": "vpcs",
  "resource-associations": "resources",
  "endpoint-associations": "endpoints",
};

/**
 * Which of a network's association counts a failed listing leaves unknown; all of them when the network itself
 * was kept from an earlier crawl (a listing above it failed).
 */
export function associationsUnknown(node: TopologyNode): Set<NetworkMember> {
  const parts = node.incomplete ?? [];
  if (parts.some((p) => p.via !== undefined)) return new Set(["services", "vpcs", "resources", "endpoints"]);
  return new Set(parts.flatMap((p) => UNKNOWN_MEMBERS[p.part] ?? []));
}
