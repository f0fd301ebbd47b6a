import { PART_LABELS, type UnknownPart } from "@/lib/domain/topology/incomplete";
import type { TopologyNode } from "@/lib/domain/topology/topology";

// What a node or scope could not read, in words and as unknown counts (partial-marks.tsx draws the marks).

/** "targets and their health (ListTargets), rules (ListRules)": what is unknown, for a title. */
export function unknownSummary(parts: readonly UnknownPart[]): string {
  const own = parts.filter((p) => !p.via);
  const lines = [...new Set(own.map((p) => `${PART_LABELS[p.part]} (${p.operation} failed)`))];
  if (parts.some((p) => p.via))
    lines.push("kept from an earlier crawl: a listing above it could not be read");
  return lines.join("\n");
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
