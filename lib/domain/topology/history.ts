import type { ChangeCause } from "../events/freshness";
import type { IncompleteMark } from "./incomplete";
import type { CrawlErrorRecord, RelationKind, ResourceKind } from "./snapshot";

export type CrawlRunStatus = "queued" | "running" | "ok" | "partial" | "failed";
export type ScopeCrawlStatus = "ok" | "partial" | "failed";

/** A run as listed: ids grow monotonically, so a larger id is a later crawl. */
export interface CrawlRunSummary {
  id: number;
  status: CrawlRunStatus;
  trigger: string;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Resources in the estate at this run, by kind (filled in when the run finishes). */
  counts: Record<string, number>;
  calls: number;
  progress: { done: number; total: number };
  errorCount: number;
  /** Resource and relation versions the run opened or closed: 0 when it found nothing changed. Listed runs only. */
  changes?: number;
}

/** What one account × region crawl contributed to a run. */
export interface CrawlRunScopeSummary {
  accountId: string;
  region: string;
  status: ScopeCrawlStatus;
  calls: number;
  startedAt: string;
  finishedAt: string;
  resourceCount: number;
  relationCount: number;
  errorCount: number;
  versionsAdded: number;
  versionsClosed: number;
}

export interface CrawlRunDetail extends CrawlRunSummary {
  scopes: CrawlRunScopeSummary[];
  errors: CrawlErrorRecord[];
}

/**
 * How fresh the data of one account × region is. A failed crawl keeps the previous data: it is served with
 * `stale: true` and `lastSuccessAt`, the last time the scope was read (status ok or partial).
 */
export interface ScopeState {
  accountId: string;
  region: string;
  status: ScopeCrawlStatus;
  stale: boolean;
  lastRunId: number;
  lastCrawledAt: string;
  lastSuccessRunId: number | null;
  lastSuccessAt: string | null;
  errorCount: number;
}

/** Run range of a stored version: valid from `validFromRun` up to, not including, `validToRun`. */
export interface VersionRange {
  versionId: number;
  validFromRun: number;
  validToRun: number | null;
}

export interface StoredResource extends VersionRange {
  id: string;
  kind: ResourceKind;
  accountId: string;
  region: string;
  name: string;
  parentId: string | null;
  data: Record<string, unknown>;
  raw: Record<string, unknown> | null;
}

export interface StoredRelation extends VersionRange {
  id: string;
  kind: RelationKind;
  source: string;
  target: string;
  accountId: string;
  region: string;
  data: Record<string, unknown>;
}

export interface EstateFilter {
  accountId?: string;
  /** Also matches "global" resources (accounts), which belong to no region. */
  region?: string;
}

export interface Estate {
  run: CrawlRunSummary | null;
  resources: StoredResource[];
  relations: StoredRelation[];
  scopes: ScopeState[];
  /** What each scope's last read could not read (its marks), for the resources and relations above. */
  incomplete?: IncompleteMark[];
}

export interface FieldChange {
  /** `name`, `parentId`, `data.defaultAction.forward.targetGroups[1].weight`, `data.tags["app.io/name"]`. */
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

export interface Changed<T> {
  before: T;
  after: T;
  changes: FieldChange[];
}

export interface EstateDiff {
  fromRun: number;
  toRun: number;
  resources: { added: StoredResource[]; removed: StoredResource[]; changed: Changed<StoredResource>[] };
  relations: { added: StoredRelation[]; removed: StoredRelation[]; changed: Changed<StoredRelation>[] };
  /** Who caused changes event re-reads recorded between the runs, by resource or relation id. */
  causes?: Record<string, ChangeCause>;
}

export interface RunPoint {
  runId: number;
  /** When the run started (or was queued, before it started). */
  at: string;
}

export interface ResourceHistoryEntry {
  resource: StoredResource;
  from: RunPoint;
  /** The run that first saw the resource changed or gone; null while this version is current. */
  to: RunPoint | null;
  /** Changes from the previous version; empty for the first one. */
  changes: FieldChange[];
  /** Who caused this version, when an event re-read recorded it. */
  cause?: ChangeCause;
}

/**
 * JSON with object keys sorted at every depth, so equal content always gives the same text (and hash).
 * Like JSON.stringify, undefined object members are left out and undefined array items become null.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    const text = JSON.stringify(value);
    return text === undefined ? "null" : text;
  }
  if (Array.isArray(value)) {
    let text = "[";
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ",";
      text += canonicalJson(value[index]);
    }
    return `${text}]`;
  }
  if (isDateLike(value)) return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  let text = "{";
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined || typeof member === "function") continue;
    text += `${first ? "" : ","}${JSON.stringify(key)}:${canonicalJson(member)}`;
    first = false;
  }
  return `${text}}`;
}

function isDateLike(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Field-level differences between two JSON values: objects are compared member by member and arrays item by
 * item, down to the leaves that differ. Each change names its path and the value before and after.
 */
export function diffFields(before: unknown, after: unknown, path = ""): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const inBefore = before[key] !== undefined;
      const inAfter = after[key] !== undefined;
      const keyPath = childPath(path, key);
      if (inBefore && !inAfter) return [{ path: keyPath, kind: "removed" as const, before: before[key] }];
      if (!inBefore && inAfter) return [{ path: keyPath, kind: "added" as const, after: after[key] }];
      return diffFields(before[key], after[key], keyPath);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: FieldChange[] = [];
    const length = Math.max(before.length, after.length);
    for (let index = 0; index < length; index++) {
      const itemPath = childPath(path, index);
      if (index >= after.length) changes.push({ path: itemPath, kind: "removed", before: before[index] });
      else if (index >= before.length) changes.push({ path: itemPath, kind: "added", after: after[index] });
      else changes.push(...diffFields(before[index], after[index], itemPath));
    }
    return changes;
  }
  if (canonicalJson(before) === canonicalJson(after)) return [];
  return [{ path, kind: "changed", before, after }];
}

/** Changes between two versions of a resource: its name, parent and every path in `data`. */
export function diffResources(before: StoredResource, after: StoredResource): FieldChange[] {
  return diffFields(comparableResource(before), comparableResource(after));
}

export function diffRelations(before: StoredRelation, after: StoredRelation): FieldChange[] {
  return diffFields(comparableRelation(before), comparableRelation(after));
}

function comparableResource(resource: StoredResource): Record<string, unknown> {
  return {
    kind: resource.kind,
    accountId: resource.accountId,
    region: resource.region,
    name: resource.name,
    parentId: resource.parentId ?? undefined,
    data: resource.data,
  };
}

function comparableRelation(relation: StoredRelation): Record<string, unknown> {
  return {
    kind: relation.kind,
    source: relation.source,
    target: relation.target,
    accountId: relation.accountId,
    region: relation.region,
    data: relation.data,
  };
}

/** Run status from the scopes it crawled: ok when all were ok, failed when all failed, else partial. */
export function runStatusFromScopes(statuses: ScopeCrawlStatus[]): "ok" | "partial" | "failed" {
  if (statuses.length === 0) return "ok";
  if (statuses.every((status) => status === "ok")) return "ok";
  if (statuses.every((status) => status === "failed")) return "failed";
  return "partial";
}
