import "server-only";
import type pg from "pg";
import {
  diffRelations,
  diffResources,
  runStatusFromScopes,
  type Changed,
  type CrawlRunDetail,
  type CrawlRunStatus,
  type CrawlRunSummary,
  type Estate,
  type EstateDiff,
  type EstateFilter,
  type ResourceHistoryEntry,
  type ScopeCrawlStatus,
  type ScopeState,
  type StoredRelation,
  type StoredResource,
} from "@/lib/domain/topology/history";
import {
  RELATION_KINDS,
  RESOURCE_KINDS,
  type CrawlErrorRecord,
  type CrawledRelation,
  type CrawledResource,
  type RelationKind,
  type ResourceKind,
  type ScopeSnapshot,
} from "@/lib/domain/topology/snapshot";
import {
  escapeStoredText,
  parseStoredJson,
  storedJsonText,
  unescapeStoredText,
} from "@/lib/domain/text/stored-text";
import type { CrawlRun, PrismaClient } from "../../generated/prisma/client";
import { LOCK_NAMESPACES } from "./advisory-locks";
import { relationHash, resourceHash } from "./content-hash";
import { insertMarks, marksOfScopes, settleIncomplete } from "./incomplete-store";
import type { DbClient } from "./database";

/** Serialises writers of the version tables, so each sees the open versions the previous one left. */
const HISTORY_LOCK_KEY = LOCK_NAMESPACES.history;
const FINISHED: ReadonlySet<CrawlRunStatus> = new Set(["ok", "partial", "failed"]);
const CASCADE_DEPTH_LIMIT = 8;

export type RunRef = number | "latest";

/** Recording a scope into a run older than (or the same as) the last run that recorded it. */
export class StaleRunError extends Error {
  override name = "StaleRunError";
}

/** The run does not exist, or has already finished. */
export class RunStateError extends Error {
  override name = "RunStateError";
}

export interface RecordResult {
  resources: { added: number; changed: number; closed: number };
  relations: { added: number; changed: number; closed: number };
  versionsAdded: number;
  versionsClosed: number;
}

export interface FinishRunInput {
  /** Derived from the recorded scopes when omitted. */
  status?: "ok" | "partial" | "failed";
  /** Resources per kind in the estate at this run; counted from the stored versions when omitted. */
  counts?: Record<string, number>;
  /** Total AWS calls; the sum of the recorded scopes' calls when omitted. */
  calls?: number;
  /** Errors not part of a recorded scope snapshot (e.g. an account whose role could not be assumed). */
  errors?: CrawlErrorRecord[];
}

export interface EstateOptions extends EstateFilter {
  /** Include the raw AWS payloads (large); off by default. */
  includeRaw?: boolean;
}

interface HistoryDb {
  prisma: PrismaClient;
  pool: pg.Pool;
  /** History writes run here: longer statement deadlines than the request pool. */
  bulkPool: pg.Pool;
}

interface ResourceRow {
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

interface RelationRow {
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

interface ScopeRow {
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
function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function toResource(row: ResourceRow): StoredResource {
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

function toRelation(row: RelationRow): StoredRelation {
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

function toScope(row: ScopeRow): ScopeState {
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

function toRunSummary(run: CrawlRun): CrawlRunSummary {
  const counts: Record<string, number> = {};
  for (const [kind, count] of Object.entries(asRecord(run.counts))) {
    if (typeof count === "number") counts[kind] = count;
  }
  return {
    id: Number(run.id),
    status: run.status,
    trigger: run.trigger,
    queuedAt: run.queuedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    counts,
    calls: run.calls,
    progress: { done: run.progressDone, total: run.progressTotal },
    errorCount: run.errorCount,
  };
}

/**
 * The snapshot with the text columns' values (ids, names, parents, error details) escaped for PostgreSQL, as
 * reads unescape them; data and raw are escaped when serialised (storedJsonText).
 */
function storableSnapshot(snapshot: ScopeSnapshot): ScopeSnapshot {
  const text = escapeStoredText;
  return {
    ...snapshot,
    resources: snapshot.resources.map((resource) => ({
      ...resource,
      id: text(resource.id),
      name: text(resource.name),
      ...(resource.parentId === undefined ? {} : { parentId: text(resource.parentId) }),
    })),
    relations: snapshot.relations.map((relation) => ({
      ...relation,
      id: text(relation.id),
      source: text(relation.source),
      target: text(relation.target),
    })),
    complete: snapshot.complete.map((listing) =>
      listing.parentId === undefined ? listing : { ...listing, parentId: text(listing.parentId) },
    ),
  };
}

/** Last occurrence wins, so a snapshot listing one id twice records it once. */
function uniqueById<T extends { id: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}

/** `valid_from_run <= run AND (valid_to_run IS NULL OR valid_to_run > run)` over alias `v`, run in `$1`. */
const VALID_AT = "v.valid_from_run <= $1 AND (v.valid_to_run IS NULL OR v.valid_to_run > $1)";

/** Versions valid at the run; the latest state is simply the open versions. */
function validAtSql(run: RunRef, params: unknown[]): string {
  if (run === "latest") return "v.valid_to_run IS NULL";
  params.push(run);
  const ref = `$${params.length}`;
  return `v.valid_from_run <= ${ref} AND (v.valid_to_run IS NULL OR v.valid_to_run > ${ref})`;
}

const RESOURCE_COLUMNS = `v.version_id, v.resource_id, v.kind, v.account_id, v.region, v.name, v.parent_id, v.data::text AS data,
  v.valid_from_run, v.valid_to_run`;
const RELATION_COLUMNS = `v.version_id, v.relation_id, v.kind, v.source_id, v.target_id, v.account_id, v.region,
  v.data::text AS data, v.valid_from_run, v.valid_to_run`;

function filterSql(filter: EstateFilter, params: unknown[]): string {
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

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [HISTORY_LOCK_KEY]);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

interface VersionWrite {
  added: number;
  changed: number;
}

/** Inserts versions for new and changed resources; unchanged ones (same content hash) write nothing. */
async function writeResources(client: pg.PoolClient, runId: number, resources: CrawledResource[]) {
  const hashes = resources.map(resourceHash);
  const dirty = await dirtyIds(client, "resource_version", "resource_id", runId, resources, hashes);
  if (dirty.size === 0) return { added: 0, changed: 0 };
  const writes = resources.flatMap((resource, index) =>
    dirty.has(resource.id) ? [{ resource, hash: hashes[index] ?? "" }] : [],
  );
  const changed = await retireChanged(
    client,
    "resource_version",
    "resource_id",
    runId,
    writes.flatMap(({ resource, hash }) =>
      dirty.get(resource.id) === "changed" ? [{ id: resource.id, hash }] : [],
    ),
  );
  const inserted = await client.query(
    `INSERT INTO resource_version
       (resource_id, kind, account_id, region, name, parent_id, data, raw, content_hash, valid_from_run)
     SELECT i.id, i.kind, i.account_id, i.region, i.name, i.parent_id, i.data::jsonb, i.raw::jsonb, i.hash, $1
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                 $10::text[]) AS i(id, kind, account_id, region, name, parent_id, data, raw, hash)
     WHERE NOT EXISTS (SELECT 1 FROM resource_version v WHERE v.resource_id = i.id AND v.valid_to_run IS NULL)`,
    [
      runId,
      writes.map(({ resource }) => resource.id),
      writes.map(({ resource }) => resource.kind),
      writes.map(({ resource }) => resource.accountId),
      writes.map(({ resource }) => resource.region),
      writes.map(({ resource }) => resource.name),
      writes.map(({ resource }) => resource.parentId ?? null),
      writes.map(({ resource }) => storedJsonText(resource.data)),
      writes.map(({ resource }) => (resource.raw === undefined ? null : storedJsonText(resource.raw))),
      writes.map(({ hash }) => hash),
    ],
  );
  return { added: (inserted.rowCount ?? 0) - changed, changed } satisfies VersionWrite;
}

async function writeRelations(client: pg.PoolClient, runId: number, relations: CrawledRelation[]) {
  const hashes = relations.map(relationHash);
  const dirty = await dirtyIds(client, "relation_version", "relation_id", runId, relations, hashes);
  if (dirty.size === 0) return { added: 0, changed: 0 };
  const writes = relations.flatMap((relation, index) =>
    dirty.has(relation.id) ? [{ relation, hash: hashes[index] ?? "" }] : [],
  );
  const changed = await retireChanged(
    client,
    "relation_version",
    "relation_id",
    runId,
    writes.flatMap(({ relation, hash }) =>
      dirty.get(relation.id) === "changed" ? [{ id: relation.id, hash }] : [],
    ),
  );
  const inserted = await client.query(
    `INSERT INTO relation_version
       (relation_id, kind, source_id, target_id, account_id, region, data, content_hash, valid_from_run)
     SELECT i.id, i.kind, i.source_id, i.target_id, i.account_id, i.region, i.data::jsonb, i.hash, $1
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS i(id, kind, source_id, target_id, account_id, region, data, hash)
     WHERE NOT EXISTS (SELECT 1 FROM relation_version v WHERE v.relation_id = i.id AND v.valid_to_run IS NULL)`,
    [
      runId,
      writes.map(({ relation }) => relation.id),
      writes.map(({ relation }) => relation.kind),
      writes.map(({ relation }) => relation.source),
      writes.map(({ relation }) => relation.target),
      writes.map(({ relation }) => relation.accountId),
      writes.map(({ relation }) => relation.region),
      writes.map(({ relation }) => storedJsonText(relation.data ?? {})),
      writes.map(({ hash }) => hash),
    ],
  );
  return { added: (inserted.rowCount ?? 0) - changed, changed } satisfies VersionWrite;
}

type VersionTable = "resource_version" | "relation_version";
type IdColumn = "resource_id" | "relation_id";

/** For each id to write: whether it has an open version to retire (changed) or none yet (new). */
type DirtyIds = Map<string, "new" | "changed">;

/**
 * Ids with no open version or whose open version has other content. An open version from a newer run wins: the
 * older observation is not written.
 */
async function dirtyIds(
  client: pg.PoolClient,
  table: VersionTable,
  idColumn: IdColumn,
  runId: number,
  items: { id: string }[],
  hashes: string[],
): Promise<DirtyIds> {
  if (items.length === 0) return new Map();
  const { rows } = await client.query<{ id: string; open: boolean }>(
    `SELECT i.id, v.version_id IS NOT NULL AS open FROM unnest($2::text[], $3::text[]) AS i(id, hash)
     LEFT JOIN ${table} v ON v.${idColumn} = i.id AND v.valid_to_run IS NULL
     WHERE v.version_id IS NULL OR (v.content_hash <> i.hash AND v.valid_from_run <= $1)`,
    [runId, items.map((item) => item.id), hashes],
  );
  return new Map(rows.map((row) => [row.id, row.open ? "changed" : "new"]));
}

/**
 * Closes the open versions of changed ids at this run. A version this same run opened (another scope recorded
 * the id earlier in the run) is replaced instead, so no version is valid for zero runs. Returns how many changed.
 */
async function retireChanged(
  client: pg.PoolClient,
  table: VersionTable,
  idColumn: IdColumn,
  runId: number,
  changed: { id: string; hash: string }[],
): Promise<number> {
  if (changed.length === 0) return 0;
  const ids = changed.map((item) => item.id);
  const hashes = changed.map((item) => item.hash);
  const closed = await client.query(
    `UPDATE ${table} v SET valid_to_run = $1 FROM unnest($2::text[], $3::text[]) AS i(id, hash)
     WHERE v.${idColumn} = i.id AND v.valid_to_run IS NULL AND v.valid_from_run < $1 AND v.content_hash <> i.hash`,
    [runId, ids, hashes],
  );
  const replaced = await client.query(
    `DELETE FROM ${table} v USING unnest($2::text[], $3::text[]) AS i(id, hash)
     WHERE v.${idColumn} = i.id AND v.valid_to_run IS NULL AND v.valid_from_run = $1 AND v.content_hash <> i.hash`,
    [runId, ids, hashes],
  );
  return (closed.rowCount ?? 0) + (replaced.rowCount ?? 0);
}

/**
 * Closes what complete listings of this scope no longer return, then what depended on it: children of closed
 * resources in the scope, and relations from or to a closed resource. Nothing seen in this snapshot is closed.
 */
async function closeMissing(client: pg.PoolClient, runId: number, snapshot: ScopeSnapshot) {
  const listingKinds = snapshot.complete.map((listing) => listing.kind);
  const listingParents = snapshot.complete.map((listing) => listing.parentId ?? null);
  const seenResources = snapshot.resources.map((resource) => resource.id);
  const seenRelations = snapshot.relations.map((relation) => relation.id);
  const scope = [snapshot.accountId, snapshot.region];

  const listed = await client.query<{ resource_id: string }>(
    `UPDATE resource_version v SET valid_to_run = $1
     FROM unnest($2::text[], $3::text[]) AS l(kind, parent_id)
     WHERE v.valid_to_run IS NULL AND v.account_id = $4 AND v.region = $5 AND v.valid_from_run < $1
       AND v.kind = l.kind AND (l.parent_id IS NULL OR v.parent_id = l.parent_id)
       AND v.resource_id NOT IN (SELECT unnest($6::text[]))
     RETURNING v.resource_id`,
    [runId, listingKinds, listingParents, ...scope, seenResources],
  );
  const closedResources = listed.rows.map((row) => row.resource_id);
  let frontier = closedResources;
  for (let depth = 0; depth < CASCADE_DEPTH_LIMIT && frontier.length > 0; depth++) {
    const children = await client.query<{ resource_id: string }>(
      `UPDATE resource_version v SET valid_to_run = $1
       WHERE v.valid_to_run IS NULL AND v.account_id = $2 AND v.region = $3 AND v.valid_from_run < $1
         AND v.parent_id = ANY($4::text[]) AND v.resource_id NOT IN (SELECT unnest($5::text[]))
       RETURNING v.resource_id`,
      [runId, ...scope, frontier, seenResources],
    );
    frontier = children.rows.map((row) => row.resource_id);
    closedResources.push(...frontier);
  }

  const listedRelations = await client.query(
    `UPDATE relation_version v SET valid_to_run = $1
     FROM unnest($2::text[], $3::text[]) AS l(kind, parent_id)
     WHERE v.valid_to_run IS NULL AND v.account_id = $4 AND v.region = $5 AND v.valid_from_run < $1
       AND v.kind = l.kind AND (l.parent_id IS NULL OR v.source_id = l.parent_id)
       AND v.relation_id NOT IN (SELECT unnest($6::text[]))`,
    [runId, listingKinds, listingParents, ...scope, seenRelations],
  );
  let dangling = 0;
  if (closedResources.length > 0) {
    const result = await client.query(
      `UPDATE relation_version v SET valid_to_run = $1
       WHERE v.valid_to_run IS NULL AND v.valid_from_run < $1
         AND (v.source_id = ANY($2::text[]) OR v.target_id = ANY($2::text[]))
         AND v.relation_id NOT IN (SELECT unnest($3::text[]))`,
      [runId, closedResources, seenRelations],
    );
    dangling = result.rowCount ?? 0;
  }
  return { resources: closedResources.length, relations: (listedRelations.rowCount ?? 0) + dangling };
}

async function insertErrors(client: pg.PoolClient, runId: number, errors: CrawlErrorRecord[]): Promise<void> {
  if (errors.length === 0) return;
  await client.query(
    `INSERT INTO crawl_error (run_id, account_id, region, operation, resource, message, code)
     SELECT $1, e.account_id, e.region, e.operation, e.resource, e.message, e.code
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS e(account_id, region, operation, resource, message, code)`,
    [
      runId,
      errors.map((error) => escapeStoredText(error.accountId)),
      errors.map((error) => escapeStoredText(error.region)),
      errors.map((error) => escapeStoredText(error.operation)),
      errors.map((error) => (error.resource === undefined ? null : escapeStoredText(error.resource))),
      errors.map((error) => escapeStoredText(error.message)),
      errors.map((error) => (error.code === undefined ? null : escapeStoredText(error.code))),
    ],
  );
}

async function lockRunForWriting(client: pg.PoolClient, runId: number): Promise<void> {
  const { rows } = await client.query<{ status: CrawlRunStatus }>(
    "SELECT status FROM crawl_run WHERE id = $1",
    [runId],
  );
  const status = rows[0]?.status;
  if (status === undefined) throw new RunStateError(`Crawl run ${runId} does not exist`);
  if (FINISHED.has(status)) throw new RunStateError(`Crawl run ${runId} has already finished (${status})`);
}

export function createHistoryRepository(db: HistoryDb) {
  const { prisma, pool } = db;

  async function latestRun(): Promise<CrawlRun | null> {
    return prisma.crawlRun.findFirst({ where: { status: { not: "queued" } }, orderBy: { id: "desc" } });
  }

  async function resolveRun(ref: RunRef): Promise<CrawlRun | null> {
    if (ref === "latest") return latestRun();
    return prisma.crawlRun.findUnique({ where: { id: BigInt(ref) } });
  }

  async function resourcesAt(run: RunRef, options: EstateOptions): Promise<StoredResource[]> {
    const params: unknown[] = [];
    const condition = validAtSql(run, params);
    const { rows } = await pool.query<ResourceRow>(
      `SELECT ${RESOURCE_COLUMNS}, ${options.includeRaw ? "v.raw::text AS raw" : "NULL AS raw"}
       FROM resource_version v WHERE ${condition}${filterSql(options, params)} ORDER BY v.resource_id`,
      params,
    );
    return rows.map(toResource);
  }

  async function relationsAt(run: RunRef, filter: EstateFilter): Promise<StoredRelation[]> {
    const params: unknown[] = [];
    const condition = validAtSql(run, params);
    const { rows } = await pool.query<RelationRow>(
      `SELECT ${RELATION_COLUMNS} FROM relation_version v WHERE ${condition}${filterSql(filter, params)}
       ORDER BY v.relation_id`,
      params,
    );
    return rows.map(toRelation);
  }

  async function scopesAt(run: RunRef, filter: EstateFilter): Promise<ScopeState[]> {
    if (run === "latest") {
      const params: unknown[] = [];
      const { rows } = await pool.query<ScopeRow>(
        `SELECT * FROM scope_status v WHERE true${filterSql(filter, params)} ORDER BY v.account_id, v.region`,
        params,
      );
      return rows.map(toScope);
    }
    const params: unknown[] = [run];
    const where = filterSql(filter, params);
    const { rows } = await pool.query<ScopeRow>(
      `SELECT DISTINCT ON (v.account_id, v.region)
         v.account_id, v.region, v.status, v.run_id AS last_run_id, v.finished_at AS last_crawled_at,
         s.run_id AS last_success_run_id, s.finished_at AS last_success_at, v.error_count
       FROM crawl_run_scope v
       LEFT JOIN LATERAL (
         SELECT ok.run_id, ok.finished_at FROM crawl_run_scope ok
         WHERE ok.account_id = v.account_id AND ok.region = v.region AND ok.run_id <= $1 AND ok.status <> 'failed'
         ORDER BY ok.run_id DESC LIMIT 1
       ) s ON true
       WHERE v.run_id <= $1${where}
       ORDER BY v.account_id, v.region, v.run_id DESC`,
      params,
    );
    return rows.map(toScope);
  }

  /** Versions valid at `from` and not at `to` (`gone`), and valid at `to` and not at `from` (`came`); from < to. */
  async function versionChanges<Row>(table: VersionTable, columns: string, from: number, to: number) {
    const gone = await pool.query<Row & pg.QueryResultRow>(
      `SELECT ${columns} FROM ${table} v
       WHERE v.valid_to_run > $1 AND v.valid_to_run <= $2 AND v.valid_from_run <= $1`,
      [from, to],
    );
    const came = await pool.query<Row & pg.QueryResultRow>(
      `SELECT ${columns} FROM ${table} v
       WHERE v.valid_from_run > $1 AND v.valid_from_run <= $2 AND (v.valid_to_run IS NULL OR v.valid_to_run > $2)`,
      [from, to],
    );
    return { gone: gone.rows, came: came.rows };
  }

  function pairUp<T extends { id: string }>(
    before: T[],
    after: T[],
    diffOf: (a: T, b: T) => Changed<T>["changes"],
  ): { added: T[]; removed: T[]; changed: Changed<T>[] } {
    const afterById = new Map(after.map((item) => [item.id, item]));
    const beforeIds = new Set(before.map((item) => item.id));
    const changed: Changed<T>[] = [];
    const removed: T[] = [];
    for (const old of before) {
      const current = afterById.get(old.id);
      if (!current) {
        removed.push(old);
        continue;
      }
      const changes = diffOf(old, current);
      if (changes.length > 0) changed.push({ before: old, after: current, changes });
    }
    return { added: after.filter((item) => !beforeIds.has(item.id)), removed, changed };
  }

  return {
    /** `alongside` writes in the same transaction as the new run, e.g. the audit entry of who asked for it. */
    async startRun(
      input: { trigger: string; queued?: boolean; progressTotal?: number },
      alongside?: (tx: DbClient, run: CrawlRunSummary) => Promise<void>,
    ): Promise<CrawlRunSummary> {
      const create = async (db: DbClient) => {
        const run = await db.crawlRun.create({
          data: {
            trigger: input.trigger,
            status: input.queued ? "queued" : "running",
            startedAt: input.queued ? null : new Date(),
            progressTotal: input.progressTotal ?? 0,
          },
        });
        return toRunSummary(run);
      };
      if (!alongside) return create(prisma);
      return prisma.$transaction(async (tx) => {
        const run = await create(tx);
        await alongside(tx, run);
        return run;
      });
    },

    async markRunRunning(runId: number): Promise<void> {
      await prisma.crawlRun.updateMany({
        where: { id: BigInt(runId), status: "queued" },
        data: { status: "running", startedAt: new Date() },
      });
    },

    async setRunProgress(runId: number, progress: { done: number; total: number }): Promise<void> {
      await prisma.crawlRun.update({
        where: { id: BigInt(runId) },
        data: { progressDone: progress.done, progressTotal: progress.total },
      });
    },

    /**
     * Records what crawling one account × region saw, in one transaction: new versions for new or changed
     * resources and relations, closed versions for what complete listings no longer return (never for a failed
     * scope), the scope's errors and status.
     */
    async recordScopeSnapshot(runId: number, crawled: ScopeSnapshot): Promise<RecordResult> {
      const input = storableSnapshot(crawled);
      return inTransaction(db.bulkPool, async (client) => {
        await lockRunForWriting(client, runId);
        const previous = await client.query<{ last_run_id: string }>(
          "SELECT last_run_id FROM scope_status WHERE account_id = $1 AND region = $2",
          [input.accountId, input.region],
        );
        const lastRunId = previous.rows[0] ? Number(previous.rows[0].last_run_id) : undefined;
        if (lastRunId !== undefined && lastRunId >= runId) {
          throw new StaleRunError(
            `Scope ${input.accountId}/${input.region} was already recorded by run ${lastRunId}; ` +
              `run ${runId} cannot record it again`,
          );
        }
        const settled = await settleIncomplete(client, input);
        const snapshot = settled.snapshot;
        const resources = uniqueById(snapshot.resources);
        const relations = uniqueById(snapshot.relations);
        const resourceWrites = await writeResources(client, runId, resources);
        const relationWrites = await writeRelations(client, runId, relations);
        const closed =
          snapshot.status === "failed" || snapshot.complete.length === 0
            ? { resources: 0, relations: 0 }
            : await closeMissing(client, runId, { ...snapshot, resources, relations });
        const result: RecordResult = {
          resources: { ...resourceWrites, closed: closed.resources },
          relations: { ...relationWrites, closed: closed.relations },
          versionsAdded:
            resourceWrites.added + resourceWrites.changed + relationWrites.added + relationWrites.changed,
          versionsClosed: closed.resources + closed.relations,
        };
        await insertErrors(client, runId, snapshot.errors);
        await insertMarks(client, runId, settled.marks);
        await client.query(
          `INSERT INTO crawl_run_scope (run_id, account_id, region, status, calls, started_at, finished_at,
             resource_count, relation_count, error_count, versions_added, versions_closed)
           VALUES ($1, $2, $3, $4::scope_crawl_status, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            runId,
            snapshot.accountId,
            snapshot.region,
            snapshot.status,
            snapshot.calls,
            snapshot.startedAt,
            snapshot.finishedAt,
            resources.length,
            relations.length,
            snapshot.errors.length,
            result.versionsAdded,
            result.versionsClosed,
          ],
        );
        await client.query(
          `INSERT INTO scope_status AS s (account_id, region, status, last_run_id, last_crawled_at,
             last_success_run_id, last_success_at, error_count)
           VALUES ($1, $2, $3::scope_crawl_status, $4, $5,
             CASE WHEN $7::boolean THEN $4::bigint END, CASE WHEN $7::boolean THEN $5::timestamptz END, $6)
           ON CONFLICT (account_id, region) DO UPDATE SET
             status = EXCLUDED.status, last_run_id = EXCLUDED.last_run_id, last_crawled_at = EXCLUDED.last_crawled_at,
             last_success_run_id = COALESCE(EXCLUDED.last_success_run_id, s.last_success_run_id),
             last_success_at = COALESCE(EXCLUDED.last_success_at, s.last_success_at),
             error_count = EXCLUDED.error_count`,
          [
            snapshot.accountId,
            snapshot.region,
            snapshot.status,
            runId,
            snapshot.finishedAt,
            snapshot.errors.length,
            snapshot.status !== "failed",
          ],
        );
        await client.query(
          `UPDATE crawl_run SET calls = calls + $2, error_count = error_count + $3,
             status = CASE WHEN status = 'queued' THEN 'running'::crawl_run_status ELSE status END,
             started_at = COALESCE(started_at, now())
           WHERE id = $1`,
          [runId, snapshot.calls, snapshot.errors.length],
        );
        return result;
      });
    },

    async finishRun(runId: number, input: FinishRunInput = {}): Promise<CrawlRunSummary> {
      await inTransaction(db.bulkPool, async (client) => {
        await lockRunForWriting(client, runId);
        await insertErrors(client, runId, input.errors ?? []);
        const scopes = await client.query<{ status: ScopeCrawlStatus; calls: number }>(
          "SELECT status, calls FROM crawl_run_scope WHERE run_id = $1",
          [runId],
        );
        const status = input.status ?? runStatusFromScopes(scopes.rows.map((scope) => scope.status));
        let counts = input.counts;
        if (!counts) {
          const { rows } = await client.query<{ kind: string; count: number }>(
            `SELECT v.kind, count(*)::int AS count FROM resource_version v WHERE ${VALID_AT} GROUP BY v.kind`,
            [runId],
          );
          counts = Object.fromEntries(rows.map((row) => [row.kind, row.count]));
        }
        const calls = input.calls ?? scopes.rows.reduce((sum, scope) => sum + scope.calls, 0);
        await client.query(
          `UPDATE crawl_run SET status = $2::crawl_run_status, counts = $3::jsonb, calls = $4,
             finished_at = now(), started_at = COALESCE(started_at, now()),
             error_count = (SELECT count(*) FROM crawl_error WHERE run_id = $1)
           WHERE id = $1`,
          [runId, status, JSON.stringify(counts), calls],
        );
      });
      const run = await prisma.crawlRun.findUniqueOrThrow({ where: { id: BigInt(runId) } });
      return toRunSummary(run);
    },

    async getRun(runId: number): Promise<CrawlRunDetail | null> {
      const run = await prisma.crawlRun.findUnique({
        where: { id: BigInt(runId) },
        include: {
          scopes: { orderBy: [{ accountId: "asc" }, { region: "asc" }] },
          errors: { orderBy: { id: "asc" } },
        },
      });
      if (!run) return null;
      return {
        ...toRunSummary(run),
        scopes: run.scopes.map((scope) => ({
          accountId: scope.accountId,
          region: scope.region,
          status: scope.status,
          calls: scope.calls,
          startedAt: scope.startedAt.toISOString(),
          finishedAt: scope.finishedAt.toISOString(),
          resourceCount: scope.resourceCount,
          relationCount: scope.relationCount,
          errorCount: scope.errorCount,
          versionsAdded: scope.versionsAdded,
          versionsClosed: scope.versionsClosed,
        })),
        errors: run.errors.map((error) => ({
          accountId: unescapeStoredText(error.accountId),
          region: unescapeStoredText(error.region),
          operation: unescapeStoredText(error.operation),
          message: unescapeStoredText(error.message),
          ...(error.resource === null ? {} : { resource: unescapeStoredText(error.resource) }),
          ...(error.code === null ? {} : { code: unescapeStoredText(error.code) }),
        })),
      };
    },

    /** Newest first; `beforeId` pages back; `withChanges` adds how many versions each run opened or closed. */
    async listRuns(
      options: { limit?: number; beforeId?: number; withChanges?: boolean } = {},
    ): Promise<CrawlRunSummary[]> {
      const runs = await prisma.crawlRun.findMany({
        where: options.beforeId === undefined ? {} : { id: { lt: BigInt(options.beforeId) } },
        orderBy: { id: "desc" },
        take: Math.min(Math.max(options.limit ?? 50, 1), 500),
      });
      if (!options.withChanges || runs.length === 0) return runs.map(toRunSummary);
      const sums = await prisma.crawlRunScope.groupBy({
        by: ["runId"],
        where: { runId: { in: runs.map((r) => r.id) } },
        _sum: { versionsAdded: true, versionsClosed: true },
      });
      const changes = new Map(
        sums.map((s) => [s.runId, (s._sum.versionsAdded ?? 0) + (s._sum.versionsClosed ?? 0)]),
      );
      return runs.map((run) => ({ ...toRunSummary(run), changes: changes.get(run.id) ?? 0 }));
    },

    /**
     * The estate as it was at a run (or the latest known state), with each scope's freshness. Null when the
     * run does not exist.
     */
    async estateAt(ref: RunRef, options: EstateOptions = {}): Promise<Estate | null> {
      const run = await resolveRun(ref);
      if (ref !== "latest" && !run) return null;
      const at: RunRef = ref === "latest" ? "latest" : ref;
      const [resources, relations, scopes] = await Promise.all([
        resourcesAt(at, options),
        relationsAt(at, options),
        scopesAt(at, options),
      ]);
      const incomplete = await marksOfScopes(pool, scopes);
      return { run: run ? toRunSummary(run) : null, resources, relations, scopes, incomplete };
    },

    /** What was added, removed and changed (field by field) between two runs. */
    async diff(fromRef: RunRef, toRef: RunRef): Promise<EstateDiff | null> {
      const [fromRun, toRun] = await Promise.all([resolveRun(fromRef), resolveRun(toRef)]);
      if (!fromRun || !toRun) return null;
      const from = Number(fromRun.id);
      const to = Number(toRun.id);
      const [low, high] = from <= to ? [from, to] : [to, from];
      const [resources, relations] = await Promise.all([
        versionChanges<ResourceRow>("resource_version", RESOURCE_COLUMNS, low, high),
        versionChanges<RelationRow>("relation_version", RELATION_COLUMNS, low, high),
      ]);
      const older = {
        resources: resources.gone.map((row) => toResource({ ...row, raw: null })),
        relations: relations.gone.map(toRelation),
      };
      const newer = {
        resources: resources.came.map((row) => toResource({ ...row, raw: null })),
        relations: relations.came.map(toRelation),
      };
      const [before, after] = from <= to ? [older, newer] : [newer, older];
      return {
        fromRun: from,
        toRun: to,
        resources: pairUp(before.resources, after.resources, diffResources),
        relations: pairUp(before.relations, after.relations, diffRelations),
      };
    },

    /** Every version of one resource, oldest first, with the runs that bound it and what changed. */
    async resourceHistory(resourceId: string): Promise<ResourceHistoryEntry[]> {
      const { rows } = await pool.query<ResourceRow & { from_at: Date; to_at: Date | null }>(
        `SELECT ${RESOURCE_COLUMNS}, v.raw::text AS raw,
           COALESCE(f.started_at, f.queued_at) AS from_at, COALESCE(t.started_at, t.queued_at) AS to_at
         FROM resource_version v
         JOIN crawl_run f ON f.id = v.valid_from_run
         LEFT JOIN crawl_run t ON t.id = v.valid_to_run
         WHERE v.resource_id = $1 ORDER BY v.valid_from_run`,
        [escapeStoredText(resourceId)],
      );
      let previous: StoredResource | undefined;
      return rows.map((row) => {
        const resource = toResource(row);
        const entry: ResourceHistoryEntry = {
          resource,
          from: { runId: resource.validFromRun, at: row.from_at.toISOString() },
          to:
            resource.validToRun === null || row.to_at === null
              ? null
              : { runId: resource.validToRun, at: row.to_at.toISOString() },
          changes: previous ? diffResources(previous, resource) : [],
        };
        previous = resource;
        return entry;
      });
    },
  };
}

export type HistoryRepository = ReturnType<typeof createHistoryRepository>;
