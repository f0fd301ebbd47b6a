import "server-only";
import type { AuditFilter } from "@/lib/domain/http/api-queries";
import {
  auditCsvFilename,
  auditCsvHeader,
  auditCsvRecord,
  type AuditCursor,
} from "@/lib/domain/audit/audit-log";
import { createAuditRepository } from "../../db/audit";
import type { AuditDeps } from "./record-audit";

/** Entries read per query while streaming; the export holds one such page in memory at a time. */
export const EXPORT_PAGE_SIZE = 1_000;

export interface AuditExport {
  filename: string;
  /** The CSV (RFC 4180, UTF-8, CRLF): a header, then every matching entry newest first. */
  body: ReadableStream<Uint8Array>;
}

/**
 * The filtered audit log as CSV, streamed page by page with no upper limit. Each page continues after the
 * last entry of the one before (newest first), so entries recorded while the export runs are not in it.
 */
export function exportAudit(deps: AuditDeps, filter: AuditFilter, now = new Date()): AuditExport {
  const audit = createAuditRepository(deps.prisma);
  const encoder = new TextEncoder();
  let before: AuditCursor | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(auditCsvHeader()));
    },
    async pull(controller) {
      const entries = await audit.list(filter, { limit: EXPORT_PAGE_SIZE, before });
      if (entries.length > 0) controller.enqueue(encoder.encode(entries.map(auditCsvRecord).join("")));
      const last = entries.at(-1);
      if (!last || entries.length < EXPORT_PAGE_SIZE) controller.close();
      else before = { at: last.at, id: last.id };
    },
  });
  return { filename: auditCsvFilename(now), body };
}
