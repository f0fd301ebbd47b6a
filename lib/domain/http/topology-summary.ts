import { z } from "zod";
import type { ResourceKind } from "../topology/snapshot";
import type { SearchHit } from "../topology/search";
import type { TopologyEdge, TopologyNode } from "../topology/topology";
import { accountIdParamSchema, integerParam, param, runRefParam } from "./api-queries";
import type { ScopeFreshness, TopologyRun } from "./api-responses";

export type KindCounts = Partial<Record<ResourceKind, number>>;

/** One account box of the first picture: what it holds, counted, without the resources themselves. */
export interface EstateAccountSummary {
  id: string;
  accountId: string;
  name: string;
  external: boolean;
  /** Anchors (service networks, services, target groups …) by kind. */
  counts: KindCounts;
  /** The same per region, so a region filter can count an account that is not loaded. */
  countsByRegion: Record<string, KindCounts>;
  regions: string[];
  staleScopes: ScopeFreshness[];
  partialScopes: ScopeFreshness[];
  /** Target groups with no healthy target that receive weight, and services with a failing action. */
  issues: number;
  issuesByRegion: Record<string, number>;
  /** Services and target groups by how they are doing. */
  health: { healthy: number; degraded: number; noHealthy: number; failing: number; unknown: number };
  /** `key=value` of every tag on its anchors (at most 500), so a tag filter knows which accounts to open. */
  tags: string[];
  /** Nodes it holds in all: what opening it loads. */
  nodes: number;
}

/**
 * The map's first picture of a large estate: every account counted, the service networks and their associations
 * (with a stub of each member, so an association into a closed account is drawn to its box), and no more.
 */
export interface TopologySummaryResponse {
  run: TopologyRun | null;
  demo: boolean;
  scopes: ScopeFreshness[];
  totals: { nodes: number; edges: number };
  accounts: EstateAccountSummary[];
  /** Account nodes, service networks, and stubs (no `data`) of what the networks associate. */
  nodes: TopologyNode[];
  /** Associations with service networks and RAM shares. */
  edges: TopologyEdge[];
  /** Per account box: how many other accounts its service networks reach. */
  hubScore: Record<string, number>;
  regions: string[];
  tagKeys: string[];
}

export interface TopologySearchResponse {
  hits: SearchHit[];
  /** Nodes the search looked through: the whole estate at the run. */
  searched: number;
}

export const topologySummaryQuerySchema = z.object({
  run: runRefParam("run").default("latest"),
});
export type TopologySummaryQuery = z.infer<typeof topologySummaryQuerySchema>;

export const topologyAccountParamsSchema = z.object({ account: accountIdParamSchema });
export type TopologyAccountQuery = TopologySummaryQuery & z.infer<typeof topologyAccountParamsSchema>;

export const topologySearchQuerySchema = z.object({
  run: runRefParam("run").default("latest"),
  q: param("q")
    .transform((q) => q.trim())
    .pipe(z.string().min(1, "q must not be empty").max(200, "q must be at most 200 characters")),
  limit: integerParam("limit", 1, 100).default(30),
});
export type TopologySearchQuery = z.infer<typeof topologySearchQuerySchema>;
