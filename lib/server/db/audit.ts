import "server-only";
import type { AuditFilter } from "@/lib/domain/http/api-queries";
import type { AuditEntry, AuditRecordInput, AuditResult } from "@/lib/domain/audit/audit";
import { storableText, toAuditJson, type AuditCursor } from "@/lib/domain/audit/audit-log";
import { Prisma, type AuditLog, type AuditResult as DbAuditResult } from "../../generated/prisma/client";
import type { DbClient } from "./database";

const TO_DB: Record<AuditResult, DbAuditResult> = {
  pending: "pending",
  applied: "applied",
  conflict: "conflict",
  rejected: "rejected",
  "aws-error": "aws_error",
  "not-applied": "not_applied",
};
const FROM_DB: Record<DbAuditResult, AuditResult> = {
  pending: "pending",
  applied: "applied",
  conflict: "conflict",
  rejected: "rejected",
  aws_error: "aws-error",
  not_applied: "not-applied",
};

/** JSON text for a jsonb parameter; SQL NULL for nothing (and for JSON null, which says no more). */
function jsonColumn(value: unknown): string | null {
  const json = toAuditJson(value);
  return json === undefined || json === null ? null : JSON.stringify(json);
}

function textColumn(value: string | undefined): string | null {
  return value === undefined ? null : storableText(value);
}

function toEntry(row: AuditLog): AuditEntry {
  return {
    id: Number(row.id),
    at: row.at.toISOString(),
    actor: {
      id: row.actorId,
      name: row.actorName,
      ...(row.actorEmail === null ? {} : { email: row.actorEmail }),
      role: row.actorRole,
      via: row.actorVia,
    },
    operation: row.operation,
    ...(row.resourceArn === null ? {} : { resourceArn: row.resourceArn }),
    ...(row.accountId === null ? {} : { accountId: row.accountId }),
    ...(row.region === null ? {} : { region: row.region }),
    ...(row.before === null ? {} : { before: row.before }),
    ...(row.after === null ? {} : { after: row.after }),
    result: FROM_DB[row.result],
    ...(row.message === null ? {} : { message: row.message }),
    ...(row.awsRequestId === null ? {} : { awsRequestId: row.awsRequestId }),
    ...(row.intentId === null ? {} : { intentId: Number(row.intentId) }),
    ...(row.changeId === null ? {} : { changeId: row.changeId }),
    ...(row.rolloutId === null ? {} : { rolloutId: row.rolloutId }),
  };
}

function whereOf(filter: AuditFilter, before: AuditCursor | undefined): Prisma.AuditLogWhereInput {
  const at: Prisma.DateTimeFilter = {};
  if (filter.from !== undefined) at.gte = new Date(filter.from);
  if (filter.to !== undefined) at.lt = new Date(filter.to);
  // `at <= cursor` bounds the index range; the OR then only has the cursor's own millisecond to sift.
  if (before !== undefined) at.lte = new Date(before.at);
  return {
    ...(filter.actor === undefined ? {} : { actorId: filter.actor }),
    ...(filter.operation === undefined ? {} : { operation: filter.operation }),
    ...(filter.resource === undefined ? {} : { resourceArn: filter.resource }),
    ...(filter.account === undefined ? {} : { accountId: filter.account }),
    ...(filter.region === undefined ? {} : { region: filter.region }),
    ...(filter.result === undefined ? {} : { result: TO_DB[filter.result] }),
    ...(filter.change === undefined ? {} : { changeId: filter.change }),
    ...(filter.rollout === undefined ? {} : { rolloutId: filter.rollout }),
    ...(Object.keys(at).length === 0 ? {} : { at }),
    ...(before === undefined
      ? {}
      : { OR: [{ at: { lt: new Date(before.at) } }, { id: { lt: BigInt(before.id) } }] }),
  };
}

/** Each pending entry with the entry that settled it, if any (one indexed lookup for the page). */
async function withOutcomes(db: DbClient, entries: AuditEntry[]): Promise<AuditEntry[]> {
  const pending = entries.filter((e) => e.result === "pending").map((e) => BigInt(e.id));
  if (pending.length === 0) return entries;
  const outcomes = await db.auditLog.findMany({
    where: { intentId: { in: pending } },
    select: { id: true, intentId: true, result: true, at: true },
  });
  const byIntent = new Map(outcomes.map((o) => [Number(o.intentId), o]));
  return entries.map((entry) => {
    const outcome = byIntent.get(entry.id);
    return outcome
      ? {
          ...entry,
          outcome: { id: Number(outcome.id), result: FROM_DB[outcome.result], at: outcome.at.toISOString() },
        }
      : entry;
  });
}

/**
 * The audit log: who did what to which resource, when, and how it ended. Append-only: there is no update or
 * delete here, and the table's trigger refuses them from anywhere else.
 */
export function createAuditRepository(db: DbClient) {
  return {
    /** Appends an entry timed by the database's clock (Prisma's create would send the app server's). */
    async append(input: AuditRecordInput): Promise<AuditEntry> {
      const [inserted] = await db.$queryRaw<{ id: bigint }[]>`
        INSERT INTO audit_log (actor_id, actor_name, actor_email, actor_role, actor_via, operation, resource_arn,
                               account_id, region, before, after, result, message, aws_request_id, intent_id,
                               change_id, rollout_id)
        VALUES (${storableText(input.actor.id)}, ${storableText(input.actor.name)},
                ${textColumn(input.actor.email)}, ${input.actor.role}::audit_actor_role,
                ${input.actor.via}::audit_actor_via, ${input.operation}, ${textColumn(input.resourceArn)},
                ${textColumn(input.accountId)}, ${textColumn(input.region)}, ${jsonColumn(input.before)}::jsonb,
                ${jsonColumn(input.after)}::jsonb, ${input.result}::audit_result, ${textColumn(input.message)},
                ${textColumn(input.awsRequestId)}, ${input.intentId === undefined ? null : BigInt(input.intentId)},
                ${input.changeId ?? null}::uuid, ${input.rolloutId ?? null}::uuid)
        RETURNING id`;
      if (!inserted) throw new Error("INSERT INTO audit_log returned no row");
      return toEntry(await db.auditLog.findUniqueOrThrow({ where: { id: inserted.id } }));
    },

    async get(id: number): Promise<AuditEntry | null> {
      const row = await db.auditLog.findUnique({ where: { id: BigInt(id) } });
      return row ? toEntry(row) : null;
    },

    /** Newest first (by time, then id); `before` continues after the last entry of the previous page. */
    async list(filter: AuditFilter, page: { limit: number; before?: AuditCursor }): Promise<AuditEntry[]> {
      const rows = await db.auditLog.findMany({
        where: whereOf(filter, page.before),
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: page.limit,
      });
      return withOutcomes(db, rows.map(toEntry));
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
