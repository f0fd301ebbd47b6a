import "server-only";
import type {
  EstateFilter,
  ScopeCrawlStatus,
  ScopeState,
  StoredRelation,
  StoredResource,
} from "@/lib/domain/topology/history";
import {
  RELATION_KINDS,
  RESOURCE_KINDS,
  type RelationKind,
  type ResourceKind,
} from "@/lib/domain/topology/snapshot";
import { parseStoredJson, unescapeStoredText } from "@/lib/domain/text/stored-text";

// The rows of the version tables and scope_status as raw SQL reads them, and the SQL fragments reads share.

/** A run id, or the latest known state (the open versions). */
export type RunRef = number | "latest";

export type VersionTable = "resource_version" | "relation_version";
export type IdColumn = "resource_id" | "relation_id";

export interface ResourceRow {
  version_id: string;
  resource_id: string;
  kind: string;
  account_id: string;
  region: string;
  name: string;
  parent_id: string | null;
  /** jsonb as text, read with parseStoredJson. */
  data: string;
  raw: string | null;
  valid_from_run: string;
  valid_to_run: string | null;
}

export interface RelationRow {
  version_id: string;
  relation_id: string;
  kind: string;
  source_id: string;
  target_id: string;
  account_id: string;
  region: string;
  data: string;
  valid_from_run: string;
  valid_to_run: string | null;
}

export interface ScopeRow {
  account_id: string;
  region: string;
  status: ScopeCrawlStatus;
  last_run_id: string;
  last_crawled_at: Date;
  last_success_run_id: string | null;
  last_success_at: Date | null;
  error_count: number;
}

const RESOURCE_KIND_SET: ReadonlySet<string> = new Set(RESOURCE_KINDS);
const RELATION_KIND_SET: ReadonlySet<string> = new Set(RELATION_KINDS);

function asResourceKind(kind: string): ResourceKind {
  if (!RESOURCE_KIND_SET.has(kind)) throw new Error(`Unknown resource kind in history: ${kind}`);
  return kind as ResourceKind;
}

function asRelationKind(kind: string): RelationKind {
  if (!RELATION_KIND_SET.has(kind)) throw new Error(`Unknown relation kind in history: ${kind}`);
  return kind as RelationKind;
}

/** JSONB columns hold objects written by this module; anything else reads as empty. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function toResource(row: ResourceRow): StoredResource {
  return {
    versionId: Number(row.version_id),
    validFromRun: Number(row.valid_from_run),
    validToRun: row.valid_to_run === null ? null : Number(row.valid_to_run),
    id: unescapeStoredText(row.resource_id),
    kind: asResourceKind(row.kind),
    accountId: row.account_id,
    region: row.region,
    name: unescapeStoredText(row.name),
    parentId: row.parent_id === null ? null : unescapeStoredText(row.parent_id),
    data: asRecord(parseStoredJson(row.data)),
    raw: row.raw === null || row.raw === undefined ? null : asRecord(parseStoredJson(row.raw)),
  };
}

export function toRelation(row: RelationRow): StoredRelation {
  return {
    versionId: Number(row.version_id),
    validFromRun: Number(row.valid_from_run),
    validToRun: row.valid_to_run === null ? null : Number(row.valid_to_run),
    id: unescapeStoredText(row.relation_id),
    kind: asRelationKind(row.kind),
    source: unescapeStoredText(row.source_id),
    target: unescapeStoredText(row.target_id),
    accountId: row.account_id,
    region: row.region,
    data: asRecord(parseStoredJson(row.data)),
  };
}

export function toScope(row: ScopeRow): ScopeState {
  return {
    accountId: row.account_id,
    region: row.region,
    status: row.status,
    stale: row.status === "failed",
    lastRunId: Number(row.last_run_id),
    lastCrawledAt: row.last_crawled_at.toISOString(),
    lastSuccessRunId: row.last_success_run_id === null ? null : Number(row.last_success_run_id),
    lastSuccessAt: row.last_success_at?.toISOString() ?? null,
    errorCount: row.error_count,
  };
}

/** `valid_from_run <= run AND (valid_to_run IS NULL OR valid_to_run > run)` over alias `v`, run in `$1`. */
export const VALID_AT = "v.valid_from_run <= $1 AND (v.valid_to_run IS NULL OR v.valid_to_run > $1)";

/** Versions valid at the run; the latest state is simply the open versions. */
export function validAtSql(run: RunRef, params: unknown[]): string {
  if (run === "latest") return "v.valid_to_run IS NULL";
  params.push(run);
  const ref = `$${params.length}`;
  return `v.valid_from_run <= ${ref} AND (v.valid_to_run IS NULL OR v.valid_to_run > ${ref})`;
}

export const RESOURCE_COLUMNS = `v.version_id, v.resource_id, v.kind, v.account_id, v.region, v.name, v.parent_id, v.data::text AS data,
  v.valid_from_run, v.valid_to_run`;
export const RELATION_COLUMNS = `v.version_id, v.relation_id, v.kind, v.source_id, v.target_id, v.account_id, v.region,
  v.data::text AS data, v.valid_from_run, v.valid_to_run`;

export function filterSql(filter: EstateFilter, params: unknown[]): string {
  let sql = "";
  if (filter.accountId !== undefined) {
    params.push(filter.accountId);
    sql += ` AND v.account_id = $${params.length}`;
  }
  if (filter.region !== undefined) {
    params.push(filter.region);
    sql += ` AND v.region IN ($${params.length}, 'global')`;
  }
  return sql;
}
