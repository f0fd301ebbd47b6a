import { AUDIT_FILTER_KEYS, type AuditFilterInput } from "@/lib/domain/audit/audit-log";

export type RunRef = number | "latest";

export interface TopologyKeyInput {
  run?: RunRef;
  account?: string;
  region?: string;
}

export interface CrawlListKeyInput {
  limit?: number;
  before?: number;
}

/** The topology query a screen asks for, with defaults filled in so equal requests share one cache entry. */
export function normalizeTopologyInput(input: TopologyKeyInput = {}) {
  return {
    run: input.run ?? "latest",
    account: input.account ?? null,
    region: input.region ?? null,
  } as const;
}

/** Every audit filter, null where unset, so equal filters share one cache entry whatever their order. */
export function normalizeAuditFilter(filter: AuditFilterInput = {}): Record<string, string | null> {
  return Object.fromEntries(AUDIT_FILTER_KEYS.map((key) => [key, filter[key] ?? null]));
}

/**
 * Every TanStack Query key of the console. Keys are hierarchical, so `queryKeys.topology.all` invalidates every
 * topology (any run, any filter) and `queryKeys.crawls.all` every crawl list and detail.
 */
export const queryKeys = {
  all: ["trellis"] as const,
  topology: {
    all: ["trellis", "topology"] as const,
    detail: (input: TopologyKeyInput = {}) => ["trellis", "topology", normalizeTopologyInput(input)] as const,
    summary: (run: RunRef) => ["trellis", "topology", "summary", run] as const,
    account: (run: RunRef, account: string) => ["trellis", "topology", "account", run, account] as const,
    search: (run: RunRef, q: string) => ["trellis", "topology", "search", run, q] as const,
  },
  freshness: ["trellis", "freshness"] as const,
  crawls: {
    all: ["trellis", "crawls"] as const,
    list: (input: CrawlListKeyInput = {}) =>
      ["trellis", "crawls", "list", { limit: input.limit ?? 20, before: input.before ?? null }] as const,
    detail: (id: number) => ["trellis", "crawls", "detail", id] as const,
  },
  resources: {
    all: ["trellis", "resources"] as const,
    detail: (id: string) => ["trellis", "resources", "detail", id] as const,
  },
  diff: {
    all: ["trellis", "diff"] as const,
    detail: (from: RunRef, to: RunRef) => ["trellis", "diff", { from, to }] as const,
  },
  layout: {
    all: ["trellis", "layout"] as const,
    detail: (key: string) => ["trellis", "layout", key] as const,
  },
  changes: {
    detail: (id: string) => ["trellis", "changes", id] as const,
  },
  rollouts: {
    all: ["trellis", "rollouts"] as const,
    /** What the map marks; a listener's rollouts (the inspector's) are `[...all, <listener ARN>]`. */
    active: ["trellis", "rollouts", { active: true }] as const,
  },
  audit: {
    all: ["trellis", "audit"] as const,
    list: (filter: AuditFilterInput = {}) =>
      ["trellis", "audit", "list", normalizeAuditFilter(filter)] as const,
  },
};
