import { RESOURCE_KINDS, type ResourceKind } from "@/lib/domain/topology/snapshot";

export type HealthFilter = "all" | "issues";

/** What the toolbar narrows the map to; every list empty and health "all" shows everything. */
export interface MapFilters {
  accounts: string[];
  regions: string[];
  networks: string[];
  kinds: ResourceKind[];
  health: HealthFilter;
  /** `key=value`, or `key` for any value. */
  tags: string[];
}

export const NO_FILTERS: MapFilters = {
  accounts: [],
  regions: [],
  networks: [],
  kinds: [],
  health: "all",
  tags: [],
};

export function hasFilters(filters: MapFilters): boolean {
  return (
    filters.accounts.length > 0 ||
    filters.regions.length > 0 ||
    filters.networks.length > 0 ||
    filters.kinds.length > 0 ||
    filters.tags.length > 0 ||
    filters.health !== "all"
  );
}

/** Filters that pick resources (rather than places): matching resources show even in a collapsed account. */
export function hasContentFilters(filters: MapFilters): boolean {
  return (
    filters.networks.length > 0 ||
    filters.kinds.length > 0 ||
    filters.tags.length > 0 ||
    filters.health !== "all"
  );
}

export interface TagFilter {
  key: string;
  value?: string;
}

export function parseTagFilter(text: string): TagFilter | undefined {
  const at = text.indexOf("=");
  const key = (at < 0 ? text : text.slice(0, at)).trim();
  if (!key) return undefined;
  return at < 0 ? { key } : { key, value: text.slice(at + 1).trim() };
}

const KINDS = new Set<string>(RESOURCE_KINDS);

export function isResourceKind(value: string): value is ResourceKind {
  return KINDS.has(value);
}
