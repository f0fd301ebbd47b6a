import "server-only";
import type pg from "pg";
import type { CrawledRelation, CrawledResource, ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import { escapeStoredText, storedJsonText } from "@/lib/domain/text/stored-text";
import { relationHash, resourceHash } from "./content-hash";
import { inHistoryTransaction, insertErrors, lockRunForWriting, StaleRunError } from "./crawl-runs";
import type { IdColumn, VersionTable } from "./estate-rows";
import { insertMarks, settleIncomplete } from "./incomplete-store";

// Estate writes: what one crawl of an account × region saw, recorded as versions of resources and relations
// (valid from one run until the run that changed or closed them), with the scope's status.

const CASCADE_DEPTH_LIMIT = 8;

export interface RecordResult {
  resources: { added: number; changed: number; closed: number };
  relations: { added: number; changed: number; closed: number };
  versionsAdded: number;
  versionsClosed: number;
}

/**
 * The snapshot with the text columns' values (ids, names, parents, error details) escaped for PostgreSQL, as
 * reads unescape them; data and raw are escaped when serialised (storedJsonText).
 */
export function storableSnapshot(snapshot: ScopeSnapshot): ScopeSnapshot {
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
export function uniqueById<T extends { id: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}

interface VersionWrite {
  added: number;
  changed: number;
}

/** Inserts versions for new and changed resources; unchanged ones (same content hash) write nothing. */
export async function writeResources(client: pg.PoolClient, runId: number, resources: CrawledResource[]) {
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

export async function writeRelations(client: pg.PoolClient, runId: number, relations: CrawledRelation[]) {
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
export async function closeMissing(client: pg.PoolClient, runId: number, snapshot: ScopeSnapshot) {
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

export function createEstateWriter(db: { bulkPool: pg.Pool }) {
  return {
    /**
     * Records what crawling one account × region saw, in one transaction: new versions for new or changed
     * resources and relations, closed versions for what complete listings no longer return (never for a failed
     * scope), the scope's errors and status.
     */
    async recordScopeSnapshot(runId: number, crawled: ScopeSnapshot): Promise<RecordResult> {
      const input = storableSnapshot(crawled);
      return inHistoryTransaction(db.bulkPool, async (client) => {
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
  };
}
