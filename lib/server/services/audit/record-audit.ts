import "server-only";
import { hash } from "node:crypto";
import type { AuditEntry, AuditRecordInput } from "@/lib/domain/audit/audit";
import { arnScope, AUDIT_OPERATION, boundedAuditJson } from "@/lib/domain/audit/audit-log";
import { createAuditRepository } from "../../db/audit";
import type { DbClient } from "../../db/database";

export interface AuditDeps {
  /** The transaction of the change being recorded, or the client when the write changed nothing. */
  prisma: DbClient;
}

const MAX_MESSAGE = 4_000;

const sha256 = (text: string) => hash("sha256", text, "hex");

/**
 * Appends one entry to the audit log. Account and region default to those of the resource's ARN; a long
 * message is cut to 4,000 characters, and a before or after over MAX_AUDIT_JSON_BYTES is kept as its size and
 * SHA-256. An operation name that is not one (a caller's bug) throws.
 */
export async function recordAudit(deps: AuditDeps, input: AuditRecordInput): Promise<AuditEntry> {
  return createAuditRepository(deps.prisma).append(auditRecord(input));
}

/** An entry as the audit log stores it (see recordAudit); the write-ahead records use it too. */
export function auditRecord<T extends Omit<AuditRecordInput, "result">>(input: T): T {
  if (!AUDIT_OPERATION.test(input.operation)) {
    throw new Error(`Not an audit operation name: ${JSON.stringify(input.operation)}`);
  }
  const scope = input.resourceArn === undefined ? {} : arnScope(input.resourceArn);
  const accountId = input.accountId ?? scope.accountId;
  const region = input.region ?? scope.region;
  const message =
    input.message !== undefined && input.message.length > MAX_MESSAGE
      ? `${input.message.slice(0, MAX_MESSAGE - 1)}…`
      : input.message;
  const before = boundedAuditJson(input.before, sha256);
  const after = boundedAuditJson(input.after, sha256);
  return {
    ...input,
    before,
    after,
    actor: {
      id: input.actor.id,
      name: input.actor.name,
      ...(input.actor.email === undefined ? {} : { email: input.actor.email }),
      role: input.actor.role,
      via: input.actor.via,
    },
    ...(accountId === undefined ? {} : { accountId }),
    ...(region === undefined ? {} : { region }),
    ...(message === undefined ? {} : { message }),
  };
}
