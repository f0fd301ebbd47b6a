import "server-only";
import type pg from "pg";
import { parseStoredJson } from "@/lib/domain/text/stored-text";
import {
  isIncompletePart,
  mergeUnreadParts,
  type CrawledIncompletePart,
  type IncompleteMark,
} from "@/lib/domain/topology/incomplete";
import {
  relationId,
  type CompletedListing,
  type CrawledRelation,
  type CrawledResource,
  type ScopeSnapshot,
} from "@/lib/domain/topology/snapshot";

type MarkRow = Omit<IncompleteMark, "runId">;

interface PreviousMark {
  keptFromRun: number | null;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function toNumber(value: string | null): number | null {
  return value === null ? null : Number(value);
}

/** The scope's last ok or partial run before this one, and the marks it recorded, by `subject|part`. */
async function previousRead(client: pg.PoolClient, snapshot: ScopeSnapshot) {
  const status = await client.query<{ last_success_run_id: string | null }>(
    "SELECT last_success_run_id FROM scope_status WHERE account_id = $1 AND region = $2",
    [snapshot.accountId, snapshot.region],
  );
  const runId = toNumber(status.rows[0]?.last_success_run_id ?? null);
  const marks = new Map<string, PreviousMark>();
  if (runId !== null) {
    const { rows } = await client.query<{ subject_id: string; part: string; kept_from_run: string | null }>(
      `SELECT subject_id, part, kept_from_run FROM crawl_incomplete
       WHERE run_id = $1 AND account_id = $2 AND region = $3`,
      [runId, snapshot.accountId, snapshot.region],
    );
    for (const row of rows)
      marks.set(`${row.subject_id}|${row.part}`, { keptFromRun: toNumber(row.kept_from_run) });
  }
  return { runId, marks };
}

/**
 * Default forwards the crawler had to start at the listener (its rules could not be listed): moved to the
 * listener's last known default rule, whose action is what GetListener returned now.
 */
async function placeDefaultActions(client: pg.PoolClient, snapshot: ScopeSnapshot): Promise<ScopeSnapshot> {
  const rulesListed = new Set(
    snapshot.complete.filter((c) => c.kind === "rule" && c.parentId).map((c) => c.parentId),
  );
  const unplaced = (snapshot.unplacedDefaultActions ?? []).filter((u) => !rulesListed.has(u.listenerArn));
  if (unplaced.length === 0) return snapshot;
  const { rows } = await client.query<{
    resource_id: string;
    name: string;
    parent_id: string;
    data: string;
  }>(
    `SELECT resource_id, name, parent_id, data::text AS data FROM resource_version
     WHERE valid_to_run IS NULL AND kind = 'rule' AND account_id = $1 AND region = $2
       AND parent_id = ANY($3::text[]) AND data->>'isDefault' = 'true'`,
    [snapshot.accountId, snapshot.region, unplaced.map((u) => u.listenerArn)],
  );
  const defaultRule = new Map(rows.map((row) => [row.parent_id, row]));
  const resources = [...snapshot.resources];
  for (const { listenerArn, action } of unplaced) {
    const rule = defaultRule.get(listenerArn);
    if (!rule) continue;
    resources.push({
      id: rule.resource_id,
      kind: "rule",
      accountId: snapshot.accountId,
      region: snapshot.region,
      name: rule.name,
      parentId: listenerArn,
      data: { ...asRecord(parseStoredJson(rule.data)), action },
    });
  }
  const moved = (source: string) => defaultRule.get(source)?.resource_id;
  const relations = snapshot.relations.map((relation): CrawledRelation => {
    const to = relation.kind === "forward" ? moved(relation.source) : undefined;
    return to ? { ...relation, source: to, id: relationId("forward", to, relation.target) } : relation;
  });
  const complete = snapshot.complete.map((listing): CompletedListing => {
    const to = listing.kind === "forward" && listing.parentId ? moved(listing.parentId) : undefined;
    return to ? { kind: "forward", parentId: to } : listing;
  });
  return { ...snapshot, resources, relations, complete };
}

async function openData(
  client: pg.PoolClient,
  table: "resource_version" | "relation_version",
  ids: string[],
): Promise<Map<string, Record<string, unknown>>> {
  if (ids.length === 0) return new Map();
  const column = table === "resource_version" ? "resource_id" : "relation_id";
  const { rows } = await client.query<{ id: string; data: string }>(
    `SELECT ${column} AS id, data::text AS data FROM ${table} WHERE valid_to_run IS NULL AND ${column} = ANY($1::text[])`,
    [ids],
  );
  // Stored data is escaped text (see stored-text): read back as the crawler produced it, so it is escaped once.
  return new Map(rows.map((row) => [row.id, asRecord(parseStoredJson(row.data))]));
}

/**
 * Prepares a scope snapshot for recording: each incomplete resource and relation gets the last known value of
 * what could not be read (so a failing sub-read writes no new version and drops nothing), and every unknown
 * part becomes a mark saying which run's value is shown in its place.
 */
export async function settleIncomplete(
  client: pg.PoolClient,
  input: ScopeSnapshot,
): Promise<{ snapshot: ScopeSnapshot; marks: MarkRow[] }> {
  const snapshot = await placeDefaultActions(client, input);
  const previous = await previousRead(client, snapshot);
  const scope = { accountId: snapshot.accountId, region: snapshot.region };
  const marks: MarkRow[] = [];
  const markParts = (
    subjectId: string,
    subjectType: MarkRow["subjectType"],
    parts: readonly CrawledIncompletePart[],
    kept: (part: CrawledIncompletePart) => boolean,
  ) => {
    for (const part of parts) {
      if (!isIncompletePart(part.part)) continue;
      const before = previous.marks.get(`${subjectId}|${part.part}`);
      const keptFromRun = kept(part) ? (before ? before.keptFromRun : previous.runId) : null;
      marks.push({
        ...scope,
        subjectId,
        subjectType,
        part: part.part,
        operation: part.operation,
        message: part.message,
        ...(part.code ? { code: part.code } : {}),
        keptFromRun,
      });
    }
  };
  const listingPart = (part: CrawledIncompletePart) => part.keys !== undefined && part.keys.length === 0;

  const incompleteResources = snapshot.resources.filter((r) => r.incomplete?.length);
  const previousResources = await openData(
    client,
    "resource_version",
    incompleteResources.map((r) => r.id),
  );
  const resources = snapshot.resources.map((resource): CrawledResource => {
    const { incomplete, ...rest } = resource;
    if (!incomplete?.length) return rest;
    const before = previousResources.get(resource.id);
    const merged = mergeUnreadParts(before, resource.data, incomplete);
    markParts(resource.id, "resource", incomplete, (p) =>
      listingPart(p) ? before !== undefined : merged.kept.has(p.part),
    );
    return { ...rest, data: merged.data };
  });

  const incompleteRelations = snapshot.relations.filter((r) => r.incomplete?.length);
  const previousRelations = await openData(
    client,
    "relation_version",
    incompleteRelations.map((r) => r.id),
  );
  const relations = snapshot.relations.map((relation): CrawledRelation => {
    const { incomplete, ...rest } = relation;
    if (!incomplete?.length) return rest;
    const before = previousRelations.get(relation.id);
    const merged = mergeUnreadParts(before, relation.data ?? {}, incomplete);
    markParts(relation.id, "relation", incomplete, (p) => merged.kept.has(p.part));
    return { ...rest, data: merged.data };
  });

  for (const { subjectId, parts } of snapshot.incompleteElsewhere ?? []) {
    markParts(subjectId, "resource", parts, () => previous.runId !== null);
  }
  const { unplacedDefaultActions: _placed, incompleteElsewhere: _elsewhere, ...rest } = snapshot;
  return { snapshot: { ...rest, resources, relations }, marks };
}

export async function insertMarks(client: pg.PoolClient, runId: number, marks: MarkRow[]): Promise<void> {
  if (marks.length === 0) return;
  await client.query(
    `INSERT INTO crawl_incomplete
       (run_id, account_id, region, subject_id, subject_type, part, operation, message, code, kept_from_run)
     SELECT $1, m.account_id, m.region, m.subject_id, m.subject_type, m.part, m.operation, m.message, m.code,
       m.kept_from_run
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                 $10::bigint[])
       AS m(account_id, region, subject_id, subject_type, part, operation, message, code, kept_from_run)`,
    [
      runId,
      marks.map((m) => m.accountId),
      marks.map((m) => m.region),
      marks.map((m) => m.subjectId),
      marks.map((m) => m.subjectType),
      marks.map((m) => m.part),
      marks.map((m) => m.operation),
      marks.map((m) => m.message),
      marks.map((m) => m.code ?? null),
      marks.map((m) => m.keptFromRun),
    ],
  );
}

/** The marks each scope's last ok or partial run recorded: what the estate shows as unknown. */
export async function marksOfScopes(
  pool: pg.Pool,
  scopes: readonly { accountId: string; region: string; lastSuccessRunId: number | null }[],
): Promise<IncompleteMark[]> {
  const read = scopes.filter((s) => s.lastSuccessRunId !== null);
  if (read.length === 0) return [];
  const { rows } = await pool.query<{
    run_id: string;
    account_id: string;
    region: string;
    subject_id: string;
    subject_type: string;
    part: string;
    operation: string;
    message: string;
    code: string | null;
    kept_from_run: string | null;
  }>(
    `SELECT m.run_id, m.account_id, m.region, m.subject_id, m.subject_type, m.part, m.operation, m.message,
       m.code, m.kept_from_run
     FROM crawl_incomplete m
     JOIN unnest($1::bigint[], $2::text[], $3::text[]) AS s(run_id, account_id, region)
       ON m.run_id = s.run_id AND m.account_id = s.account_id AND m.region = s.region
     ORDER BY m.id`,
    [read.map((s) => s.lastSuccessRunId), read.map((s) => s.accountId), read.map((s) => s.region)],
  );
  return rows.flatMap((row): IncompleteMark[] => {
    if (!isIncompletePart(row.part)) return [];
    return [
      {
        subjectId: row.subject_id,
        subjectType: row.subject_type === "relation" ? "relation" : "resource",
        accountId: row.account_id,
        region: row.region,
        part: row.part,
        operation: row.operation,
        message: row.message,
        ...(row.code === null ? {} : { code: row.code }),
        runId: Number(row.run_id),
        keptFromRun: toNumber(row.kept_from_run),
      },
    ];
  });
}
