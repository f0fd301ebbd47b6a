import "server-only";
import type { AuditEntry } from "@/lib/domain/audit/audit";
import type { Database } from "../db/database";
import { createAuditRepository } from "../db/audit";

/**
 * The audit log as tests read it: entries after `sinceId`, oldest first. `outcomes` leaves out the pending
 * entries (the intents), so a test can look at how each write ended.
 */
export function auditTrail(db: Pick<Database, "prisma">) {
  let sinceId = 0;
  const read = async () => {
    const rows = await db.prisma.auditLog.findMany({
      where: { id: { gt: BigInt(sinceId) } },
      orderBy: { id: "asc" },
      select: { id: true },
    });
    const repo = createAuditRepository(db.prisma);
    const entries: AuditEntry[] = [];
    for (const row of rows) {
      const entry = await repo.get(Number(row.id));
      if (entry) entries.push(entry);
    }
    return entries;
  };
  return {
    /** Forgets what is in the log now: later reads start after it. */
    async mark() {
      const last = await db.prisma.auditLog.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
      sinceId = last ? Number(last.id) : 0;
    },
    all: read,
    async outcomes() {
      return (await read()).filter((entry) => entry.result !== "pending");
    },
  };
}
