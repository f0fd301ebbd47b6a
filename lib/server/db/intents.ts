import "server-only";
import type { AuditRecordInput } from "@/lib/domain/audit/audit";
import { createAuditRepository } from "./audit";
import type { Database, DbClient } from "./database";
import { jsonValue } from "./json-column";

export type IntentKind = "change" | "policy";

export interface OpenIntentRow {
  intentId: number;
  kind: IntentKind;
  lockKey: string;
  changeId: string | null;
  payload: unknown;
  createdAt: Date;
}

const TRANSACTION = { maxWait: 5_000, timeout: 15_000 } as const;

/** The outcome names an intent that already has one (the reconciler, or another process, got there first). */
export class IntentAlreadySettledError extends Error {
  override name = "IntentAlreadySettledError";
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (code === "23505" || code === "P2002") return true;
    if (e instanceof Error && /audit_log_intent_id_key/.test(e.message)) return true;
  }
  return false;
}

/**
 * Write-ahead records of AWS writes. `open` commits, in one transaction, the `pending` audit entry, the open
 * intent the reconciler looks for and whatever the caller claims alongside (e.g. the change moving to
 * `applying`); `settle` commits the outcome entry, naming the intent, and removes the open intent.
 */
export function createIntentRepository(db: Pick<Database, "prisma">) {
  return {
    /**
     * Records the intent; undefined when `claim` says the work is no longer to be done (e.g. the change was
     * not `planned` any more), in which case nothing is written.
     */
    async open(
      entry: Omit<AuditRecordInput, "result" | "intentId">,
      intent: { kind: IntentKind; lockKey: string; payload?: unknown },
      claim?: (tx: DbClient) => Promise<boolean>,
    ): Promise<number | undefined> {
      return db.prisma.$transaction(async (tx) => {
        if (claim && !(await claim(tx))) return undefined;
        const pending = await createAuditRepository(tx).append({ ...entry, result: "pending" });
        await tx.openIntent.create({
          data: {
            intentId: BigInt(pending.id),
            kind: intent.kind,
            lockKey: intent.lockKey,
            ...(entry.changeId ? { changeId: entry.changeId } : {}),
            payload: jsonValue(intent.payload ?? {}),
          },
        });
        return pending.id;
      }, TRANSACTION);
    },

    /** Records the outcome of intent `intentId`; throws IntentAlreadySettledError when it already has one. */
    async settle(
      intentId: number,
      outcome: Omit<AuditRecordInput, "intentId">,
      alongside?: (tx: DbClient) => Promise<void>,
    ): Promise<number> {
      try {
        return await db.prisma.$transaction(async (tx) => {
          const entry = await createAuditRepository(tx).append({ ...outcome, intentId });
          await tx.openIntent.deleteMany({ where: { intentId: BigInt(intentId) } });
          await alongside?.(tx);
          return entry.id;
        }, TRANSACTION);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new IntentAlreadySettledError(`Intent ${intentId} already has its outcome recorded`, {
            cause: error,
          });
        }
        throw error;
      }
    },

    /** Intents with no outcome yet, oldest first. */
    async listOpen(): Promise<OpenIntentRow[]> {
      const rows = await db.prisma.openIntent.findMany({ orderBy: { intentId: "asc" } });
      return rows.map((row) => ({
        intentId: Number(row.intentId),
        kind: row.kind === "policy" ? "policy" : "change",
        lockKey: row.lockKey,
        changeId: row.changeId,
        payload: row.payload,
        createdAt: row.createdAt,
      }));
    },

    async isOpen(intentId: number): Promise<boolean> {
      return (await db.prisma.openIntent.count({ where: { intentId: BigInt(intentId) } })) > 0;
    },
  };
}

export type IntentRepository = ReturnType<typeof createIntentRepository>;
