import type { ResourceKind } from "@/lib/domain/topology/snapshot";

export interface KindLook {
  label: string;
  plural: string;
  /** Accent colour (border, icon) and a light tint (icon background), as CSS colours. */
  accent: string;
  tint: string;
}

/** One look per kind, used by the map's nodes, the legend and the filters. */
export const KIND_LOOK: Record<ResourceKind, KindLook> = {
  account: { label: "Account", plural: "accounts", accent: "#475569", tint: "#f1f5f9" },
  vpc: { label: "VPC", plural: "VPCs", accent: "#059669", tint: "#ecfdf5" },
  "vpc-endpoint": { label: "VPC endpoint", plural: "VPC endpoints", accent: "#65a30d", tint: "#f7fee7" },
  "service-network": {
    label: "Service network",
    plural: "service networks",
    accent: "#7c3aed",
    tint: "#f5f3ff",
  },
  service: { label: "Service", plural: "services", accent: "#0284c7", tint: "#f0f9ff" },
  listener: { label: "Listener", plural: "listeners", accent: "#2563eb", tint: "#eff6ff" },
  rule: { label: "Rule", plural: "rules", accent: "#4f46e5", tint: "#eef2ff" },
  "target-group": { label: "Target group", plural: "target groups", accent: "#d97706", tint: "#fffbeb" },
  target: { label: "Target", plural: "targets", accent: "#a16207", tint: "#fefce8" },
  "resource-gateway": {
    label: "Resource gateway",
    plural: "resource gateways",
    accent: "#0d9488",
    tint: "#f0fdfa",
  },
  "resource-configuration": {
    label: "Resource configuration",
    plural: "resource configurations",
    accent: "#0891b2",
    tint: "#ecfeff",
  },
  "ram-share": { label: "RAM share", plural: "RAM shares", accent: "#c026d3", tint: "#fdf4ff" },
};

/** Kinds drawn directly inside an account box; listeners, rules and targets hang below one of them. */
export const ANCHOR_KINDS = [
  "service-network",
  "vpc",
  "vpc-endpoint",
  "service",
  "target-group",
  "resource-configuration",
  "resource-gateway",
  "ram-share",
] as const satisfies readonly ResourceKind[];

/** Kinds the filter offers, in reading order. */
export const FILTER_KINDS: readonly ResourceKind[] = [
  "service-network",
  "vpc",
  "vpc-endpoint",
  "service",
  "listener",
  "rule",
  "target-group",
  "target",
  "resource-configuration",
  "resource-gateway",
  "ram-share",
];

export function countLabel(kind: ResourceKind, count: number): string {
  const look = KIND_LOOK[kind];
  return `${count} ${count === 1 ? look.label.replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase()) : look.plural}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The layer of each kind inside an account box, left to right in the direction requests flow. */
export const KIND_COLUMN: Record<ResourceKind, number> = {
  account: 0,
  "ram-share": 0,
  vpc: 0,
  "vpc-endpoint": 1,
  "service-network": 2,
  service: 3,
  "resource-configuration": 3,
  listener: 4,
  rule: 5,
  "target-group": 6,
  "resource-gateway": 6,
  target: 7,
};
