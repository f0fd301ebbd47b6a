import "server-only";
import type pg from "pg";
import {
  diffRelations,
  diffResources,
  type Changed,
  type Estate,
  type EstateDiff,
  type EstateFilter,
  type ResourceHistoryEntry,
  type ScopeState,
  type StoredRelation,
  type StoredResource,
} from "@/lib/domain/topology/history";
import { escapeStoredText } from "@/lib/domain/text/stored-text";
import type { ChangeCause } from "@/lib/domain/events/freshness";
import { causesBetween, causesOf } from "./freshness";
import { toRunSummary, type CrawlRunStore } from "./crawl-runs";
import {
  filterSql,
  RELATION_COLUMNS,
  RESOURCE_COLUMNS,
  toRelation,
  toResource,
  toScope,
  validAtSql,
  type RelationRow,
  type ResourceRow,
  type RunRef,
  type ScopeRow,
  type VersionTable,
} from "./estate-rows";
import { marksOfScopes } from "./incomplete-store";

// Estate reads: the estate at a run, the difference between two runs and one resource's versions.

export interface EstateOptions extends EstateFilter {
  /** Include the raw AWS payloads (large); off by default. */
  includeRaw?: boolean;
}

export function createEstateReader(db: { pool: pg.Pool }, runs: Pick<CrawlRunStore, "resolveRun">) {
  const { pool } = db;
  const { resolveRun } = runs;

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
      const causes = Object.fromEntries(await causesBetween(pool, low, high));
      return {
        causes,
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
      const causes = rows.length > 0 ? await causesOf(pool, resourceId) : new Map<number, ChangeCause>();
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
        const cause = causes.get(resource.validFromRun);
        if (cause && cause.change !== "removed") entry.cause = cause;
        previous = resource;
        return entry;
      });
    },
  };
}
