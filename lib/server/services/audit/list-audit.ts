import "server-only";
import type { AuditListQuery } from "@/lib/domain/http/api-queries";
import type { AuditListResponse } from "@/lib/domain/http/api-responses";
import { formatAuditCursor } from "@/lib/domain/audit/audit-log";
import { createAuditRepository } from "../../db/audit";
import type { AuditDeps } from "./record-audit";

/** Audit entries matching every given filter, newest first, one page at a time. */
export async function listAudit(deps: AuditDeps, query: AuditListQuery): Promise<AuditListResponse> {
  const { limit, before, ...filter } = query;
  const entries = await createAuditRepository(deps.prisma).list(filter, { limit: limit + 1, before });
  const page = entries.slice(0, limit);
  const last = page.at(-1);
  return { entries: page, nextBefore: entries.length > limit && last ? formatAuditCursor(last) : null };
}
