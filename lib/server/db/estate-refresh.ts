import "server-only";
import type pg from "pg";
import type { BusEvent } from "@/lib/domain/events/bus-event";
import type { ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import { escapeStoredText, unescapeStoredText } from "@/lib/domain/text/stored-text";
import { inHistoryTransaction, insertErrors, lockRunForWriting } from "./crawl-runs";
import {
  closeMissing,
  storableSnapshot,
  uniqueById,
  writeRelations,
  writeResources,
  type RecordResult,
} from "./estate-writes";
import { insertMarks, settleIncomplete } from "./incomplete-store";
import { relationHash, resourceHash } from "./content-hash";

// Event refreshes: a re-read of part of a scope, recorded in a run of its own with the crawl's versioning (nothing
// written when nothing changed; only what the re-read's complete listings cover is closed), and who caused each
// version it wrote. The scope's crawl status is left as the last crawl set it: a re-read is not a crawl.

export interface Subject {
  type: "resource" | "relation";
  id: string;
  kind: string;
  source?: string;
}

export interface RefreshRecordInput {
  snapshot: ScopeSnapshot;
  /** The event that caused a change to this resource or relation, if the re-read was for one. */
  causeOf: (subject: Subject) => BusEvent | undefined;
  /** The latest event that arrived for the scope (freshness). */
  lastEvent?: BusEvent;
  /**
   * The ARNs the re-read was for, with the time of their latest event: a version under one that a run recorded
   * after that time (a crawl got there first) and that has no cause yet was caused by the event.
   */
  roots?: { root: string; eventTime: string }[];
}

export interface RefreshRecordResult extends RecordResult {
  attributed: number;
}

interface ChangedRow {
  id: string;
  kind: string;
  source: string | null;
  change: "added" | "changed" | "removed";
}

/** Versions this run opened (added or changed) or closed (removed) in the scope. */
async function changesOfRun(
  client: pg.PoolClient,
  runId: number,
  scope: ScopeSnapshot,
  table: "resource" | "relation",
) {
  const idColumn = table === "resource" ? "resource_id" : "relation_id";
  const source = table === "resource" ? "NULL::text" : "v.source_id";
  const { rows } = await client.query<ChangedRow>(
    `SELECT v.${idColumn} AS id, v.kind, ${source} AS source,
       CASE WHEN v.valid_from_run = $1
         THEN CASE WHEN EXISTS (SELECT 1 FROM ${table}_version w WHERE w.${idColumn} = v.${idColumn} AND w.valid_to_run = $1)
           THEN 'changed' ELSE 'added' END
         ELSE 'removed' END AS change
     FROM ${table}_version v
     WHERE v.account_id = $2 AND v.region = $3
       AND (v.valid_from_run = $1 OR (v.valid_to_run = $1 AND NOT EXISTS
         (SELECT 1 FROM ${table}_version w WHERE w.${idColumn} = v.${idColumn} AND w.valid_from_run = $1)))`,
    [runId, scope.accountId, scope.region],
  );
  return rows.map((row) => ({
    ...row,
    id: unescapeStoredText(row.id),
    source: row.source === null ? null : unescapeStoredText(row.source),
  }));
}

interface CauseWrite {
  subject: Subject;
  change: string;
  event: BusEvent;
  /** The run whose version the event caused (this refresh's, or an earlier run that recorded it first). */
  runId: number;
}

async function insertCauses(client: pg.PoolClient, causes: CauseWrite[]): Promise<void> {
  if (causes.length === 0) return;
  const requestIds = [...new Set(causes.flatMap(({ event }) => (event.requestId ? [event.requestId] : [])))];
  const audits = new Map<string, string>();
  if (requestIds.length > 0) {
    const { rows } = await client.query<{ id: string; aws_request_id: string }>(
      `SELECT DISTINCT ON (aws_request_id) id, aws_request_id FROM audit_log
       WHERE aws_request_id = ANY($1::text[]) AND result = 'applied' ORDER BY aws_request_id, id`,
      [requestIds],
    );
    for (const row of rows) audits.set(row.aws_request_id, row.id);
  }
  await client.query(
    `INSERT INTO change_cause (run_id, subject_type, subject_id, change, event_id, event_name, event_source,
       event_time, aws_request_id, actor_type, actor_arn, actor_account_id, audit_id)
     SELECT c.run_id::bigint, c.subject_type, c.subject_id, c.change, c.event_id, c.event_name, c.event_source,
       c.event_time::timestamptz, c.aws_request_id, c.actor_type, c.actor_arn, c.actor_account_id, c.audit_id::bigint
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
       AS c(run_id, subject_type, subject_id, change, event_id, event_name, event_source, event_time,
         aws_request_id, actor_type, actor_arn, actor_account_id, audit_id)`,
    [
      causes.map((c) => String(c.runId)),
      causes.map((c) => c.subject.type),
      causes.map((c) => escapeStoredText(c.subject.id)),
      causes.map((c) => c.change),
      causes.map((c) => c.event.id),
      causes.map((c) => c.event.eventName),
      causes.map((c) => c.event.eventSource),
      causes.map((c) => (Number.isNaN(Date.parse(c.event.time)) ? new Date().toISOString() : c.event.time)),
      causes.map((c) => c.event.requestId ?? null),
      causes.map((c) => c.event.actor?.type ?? "Unknown"),
      causes.map((c) => c.event.actor?.arn ?? c.event.actor?.invokedBy ?? null),
      causes.map((c) => c.event.actor?.accountId ?? null),
      causes.map((c) => (c.event.requestId ? (audits.get(c.event.requestId) ?? null) : null)),
    ],
  );
}

interface EarlierRow {
  id: string;
  kind: string;
  source: string | null;
  run_id: string;
  change: "added" | "changed";
}

/** Open versions under the roots that an earlier run recorded after the root's event and no event caused yet. */
async function recordedFirst(
  client: pg.PoolClient,
  runId: number,
  scope: ScopeSnapshot,
  roots: { root: string; eventTime: string }[],
): Promise<Omit<CauseWrite, "event">[]> {
  const usable = roots.filter((r) => r.root !== "" && !Number.isNaN(Date.parse(r.eventTime)));
  if (usable.length === 0) return [];
  const out: Omit<CauseWrite, "event">[] = [];
  for (const table of ["resource", "relation"] as const) {
    const idColumn = table === "resource" ? "resource_id" : "relation_id";
    const under = table === "resource" ? "v.resource_id" : "v.source_id";
    const { rows } = await client.query<EarlierRow>(
      `SELECT v.${idColumn} AS id, v.kind, ${table === "resource" ? "NULL::text" : "v.source_id"} AS source,
         v.valid_from_run AS run_id,
         CASE WHEN EXISTS (SELECT 1 FROM ${table}_version w WHERE w.${idColumn} = v.${idColumn}
           AND w.valid_to_run = v.valid_from_run) THEN 'changed' ELSE 'added' END AS change
       FROM unnest($1::text[], $2::text[]) AS r(root, event_time)
       JOIN ${table}_version v ON v.valid_to_run IS NULL AND v.account_id = $3 AND v.region = $4
         AND (${under} = r.root OR ${under} LIKE r.root || '/%') AND v.valid_from_run <> $5
       JOIN crawl_run run ON run.id = v.valid_from_run
         AND COALESCE(run.started_at, run.queued_at) >= r.event_time::timestamptz
       WHERE NOT EXISTS (SELECT 1 FROM change_cause c WHERE c.subject_id = v.${idColumn} AND c.run_id = v.valid_from_run)`,
      [
        usable.map((r) => escapeStoredText(r.root)),
        usable.map((r) => r.eventTime),
        scope.accountId,
        scope.region,
        runId,
      ],
    );
    for (const row of rows) {
      out.push({
        subject: {
          type: table,
          id: unescapeStoredText(row.id),
          kind: row.kind,
          ...(row.source ? { source: unescapeStoredText(row.source) } : {}),
        },
        change: row.change,
        runId: Number(row.run_id),
      });
    }
  }
  return out;
}

export function createEstateRefresher(db: { bulkPool: pg.Pool; pool: pg.Pool }) {
  return {
    /**
     * Whether recording the re-read would write anything: a resource or relation new or with other content, or
     * a stored one its complete listings no longer return. Lets a poll that finds nothing new leave no run.
     */
    async refreshWouldChange(snapshot: ScopeSnapshot): Promise<boolean> {
      const stored = storableSnapshot(snapshot);
      const resources = uniqueById(stored.resources);
      const relations = uniqueById(stored.relations);
      const differs = async (table: "resource" | "relation", ids: string[], hashes: string[]) => {
        if (ids.length === 0) return false;
        const { rows } = await db.pool.query(
          `SELECT 1 FROM unnest($1::text[], $2::text[]) AS i(id, hash)
           LEFT JOIN ${table}_version v ON v.${table}_id = i.id AND v.valid_to_run IS NULL
           WHERE v.version_id IS NULL OR v.content_hash <> i.hash LIMIT 1`,
          [ids, hashes],
        );
        return rows.length > 0;
      };
      if (
        await differs(
          "resource",
          resources.map((r) => r.id),
          resources.map(resourceHash),
        )
      )
        return true;
      if (
        await differs(
          "relation",
          relations.map((r) => r.id),
          relations.map(relationHash),
        )
      )
        return true;
      // What the complete listings no longer return would be closed (as closeMissing does).
      if (stored.complete.length === 0 || stored.status === "failed") return false;
      const kinds = stored.complete.map((listing) => listing.kind);
      const parents = stored.complete.map((listing) => listing.parentId ?? null);
      const scope = [stored.accountId, stored.region];
      const gone = async (table: "resource" | "relation", parentColumn: string, seen: string[]) => {
        const { rows } = await db.pool.query(
          `SELECT 1 FROM ${table}_version v JOIN unnest($1::text[], $2::text[]) AS l(kind, parent_id)
             ON v.kind = l.kind AND (l.parent_id IS NULL OR v.${parentColumn} = l.parent_id)
           WHERE v.valid_to_run IS NULL AND v.account_id = $3 AND v.region = $4
             AND NOT (v.${table}_id = ANY($5::text[])) LIMIT 1`,
          [kinds, parents, ...scope, seen],
        );
        return rows.length > 0;
      };
      if (
        await gone(
          "resource",
          "parent_id",
          resources.map((r) => r.id),
        )
      )
        return true;
      return gone(
        "relation",
        "source_id",
        relations.map((r) => r.id),
      );
    },

    /**
     * For a re-read that found the store already right: the versions a crawl recorded after the event get the
     * event's cause, and the scope its last event. Writes no run.
     */
    async attributeEarlier(input: RefreshRecordInput & { runId: number }): Promise<number> {
      const stored = storableSnapshot(input.snapshot);
      return inHistoryTransaction(db.bulkPool, async (client) => {
        const causes: CauseWrite[] = [];
        for (const earlier of await recordedFirst(client, input.runId, stored, input.roots ?? [])) {
          const event = input.causeOf(earlier.subject);
          if (event && (earlier.change === "changed" || event.eventName.startsWith("Create"))) {
            causes.push({ ...earlier, event });
          }
        }
        await insertCauses(client, causes);
        if (input.lastEvent) await noteEvent(client, stored, input.lastEvent);
        return causes.length;
      });
    },

    /**
     * Records an event re-read of part of one scope into its (event) run, in one transaction: the versions it
     * changed, what its complete listings no longer return, and the cause of each change.
     */
    async recordRefresh(runId: number, input: RefreshRecordInput): Promise<RefreshRecordResult> {
      const stored = storableSnapshot(input.snapshot);
      return inHistoryTransaction(db.bulkPool, async (client) => {
        await lockRunForWriting(client, runId);
        const settled = await settleIncomplete(client, stored);
        const snapshot = settled.snapshot;
        const resources = uniqueById(snapshot.resources);
        const relations = uniqueById(snapshot.relations);
        const resourceWrites = await writeResources(client, runId, resources);
        const relationWrites = await writeRelations(client, runId, relations);
        const closed =
          snapshot.status === "failed" || snapshot.complete.length === 0
            ? { resources: 0, relations: 0 }
            : await closeMissing(client, runId, { ...snapshot, resources, relations });
        const versionsAdded =
          resourceWrites.added + resourceWrites.changed + relationWrites.added + relationWrites.changed;
        const versionsClosed = closed.resources + closed.relations;
        const causes: CauseWrite[] = [];
        if (versionsAdded + versionsClosed > 0) {
          for (const type of ["resource", "relation"] as const) {
            for (const row of await changesOfRun(client, runId, snapshot, type)) {
              const subject: Subject = {
                type,
                id: row.id,
                kind: row.kind,
                ...(row.source ? { source: row.source } : {}),
              };
              const event = input.causeOf(subject);
              if (event) causes.push({ subject, change: row.change, event, runId });
            }
          }
        }
        const attributed = new Set(causes.map((c) => `${c.subject.type}|${c.subject.id}`));
        for (const earlier of await recordedFirst(client, runId, snapshot, input.roots ?? [])) {
          if (attributed.has(`${earlier.subject.type}|${earlier.subject.id}`)) continue;
          const event = input.causeOf(earlier.subject);
          // Only a create explains a version that was the first of its resource.
          if (event && (earlier.change === "changed" || event.eventName.startsWith("Create"))) {
            causes.push({ ...earlier, event });
          }
        }
        await insertCauses(client, causes);
        await insertErrors(client, runId, snapshot.errors);
        await insertMarks(client, runId, settled.marks);
        await client.query(
          `INSERT INTO crawl_run_scope (run_id, account_id, region, status, calls, started_at, finished_at,
             resource_count, relation_count, error_count, versions_added, versions_closed)
           VALUES ($1, $2, $3, $4::scope_crawl_status, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (run_id, account_id, region) DO UPDATE SET calls = crawl_run_scope.calls + EXCLUDED.calls,
             versions_added = crawl_run_scope.versions_added + EXCLUDED.versions_added,
             versions_closed = crawl_run_scope.versions_closed + EXCLUDED.versions_closed`,
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
            versionsAdded,
            versionsClosed,
          ],
        );
        await client.query(
          `UPDATE crawl_run SET calls = calls + $2, error_count = error_count + $3,
             status = CASE WHEN status = 'queued' THEN 'running'::crawl_run_status ELSE status END,
             started_at = COALESCE(started_at, now())
           WHERE id = $1`,
          [runId, snapshot.calls, snapshot.errors.length],
        );
        if (input.lastEvent) await noteEvent(client, snapshot, input.lastEvent);
        return {
          resources: { ...resourceWrites, closed: closed.resources },
          relations: { ...relationWrites, closed: closed.relations },
          versionsAdded,
          versionsClosed,
          attributed: causes.length,
        };
      });
    },
  };
}

/** The scope's latest event, for "events live · last event 4 s ago". */
export async function noteEvent(
  client: pg.PoolClient | pg.Pool,
  scope: { accountId: string; region: string },
  event: BusEvent,
): Promise<void> {
  const at = Number.isNaN(Date.parse(event.time)) ? new Date().toISOString() : event.time;
  await client.query(
    `INSERT INTO scope_event_status AS s (account_id, region, last_event_name, last_event_at, last_received_at)
     VALUES ($1, $2, $3, $4::timestamptz, now())
     ON CONFLICT (account_id, region) DO UPDATE SET
       last_event_name = CASE WHEN EXCLUDED.last_event_at >= s.last_event_at THEN EXCLUDED.last_event_name ELSE s.last_event_name END,
       last_event_at = GREATEST(s.last_event_at, EXCLUDED.last_event_at), last_received_at = now()`,
    [scope.accountId, scope.region, event.eventName, at],
  );
}

export type EstateRefresher = ReturnType<typeof createEstateRefresher>;
