import { z } from "zod";
import type { CrawledIncompletePart } from "./incomplete";

/** Node kinds of the topology, as the crawler records them and /api/topology serves them. */
export const RESOURCE_KINDS = [
  "account",
  "vpc",
  "service-network",
  "service",
  "listener",
  "rule",
  "target-group",
  "target",
  "resource-gateway",
  "resource-configuration",
  "vpc-endpoint",
  "ram-share",
] as const;
export const resourceKindSchema = z.enum(RESOURCE_KINDS);
export type ResourceKind = z.infer<typeof resourceKindSchema>;

/** Edge kinds: sn-* associations, containment, weighted forwarding, targets, gateways, RAM sharing. */
export const RELATION_KINDS = [
  "sn-vpc",
  "sn-service",
  "sn-resource",
  "sn-endpoint",
  "service-listener",
  "listener-rule",
  "forward",
  "tg-target",
  "rgw-rcfg",
  "shared-with",
] as const;
export const relationKindSchema = z.enum(RELATION_KINDS);
export type RelationKind = z.infer<typeof relationKindSchema>;

/**
 * One resource as crawled. `id` is the resource ARN, or a stable synthetic id for kinds without one
 * (accounts: `account:<id>`; targets: `<target group ARN>/target/<id>:<port>`).
 * `data` is the normalised detail the UI and findings read; `raw` keeps the AWS payloads by operation name.
 */
export interface CrawledResource {
  id: string;
  kind: ResourceKind;
  accountId: string;
  /** AWS region, or "global" for accounts. */
  region: string;
  name: string;
  parentId?: string;
  data: Record<string, unknown>;
  raw?: Record<string, unknown>;
  /** Parts whose read failed: `data` holds what was read, the history store keeps the rest as last known. */
  incomplete?: CrawledIncompletePart[];
}

/** A relation between two resources; `id` is `${kind}|${source}|${target}`. */
export interface CrawledRelation {
  id: string;
  kind: RelationKind;
  source: string;
  target: string;
  accountId: string;
  region: string;
  data?: Record<string, unknown>;
  incomplete?: CrawledIncompletePart[];
}

/**
 * A listing that completed without error. Only what a complete listing would have returned may be recorded as
 * deleted when it is missing: a resource that can't be read now is never recorded as deleted.
 * `parentId` undefined means the listing covers every resource of `kind` in the scope.
 */
export interface CompletedListing {
  kind: ResourceKind | RelationKind;
  parentId?: string;
}

export interface CrawlErrorRecord {
  accountId: string;
  region: string;
  operation: string;
  resource?: string;
  message: string;
  code?: string;
}

export interface CrawlScope {
  accountId: string;
  region: string;
}

/** What crawling one account × region produced. */
export interface ScopeSnapshot extends CrawlScope {
  status: "ok" | "partial" | "failed";
  resources: CrawledResource[];
  relations: CrawledRelation[];
  complete: CompletedListing[];
  errors: CrawlErrorRecord[];
  calls: number;
  startedAt: string;
  finishedAt: string;
  /**
   * Default actions (from GetListener) of listeners whose rules could not be listed: their forward relations
   * start at the listener, and the history store moves them to the listener's last known default rule.
   */
  unplacedDefaultActions?: { listenerArn: string; action: Record<string, unknown> }[];
  /** Unknown parts of subjects another scope records (a shared-in network whose associations failed to list). */
  incompleteElsewhere?: { subjectId: string; parts: CrawledIncompletePart[] }[];
}

export function relationId(kind: RelationKind, source: string, target: string): string {
  return `${kind}|${source}|${target}`;
}
