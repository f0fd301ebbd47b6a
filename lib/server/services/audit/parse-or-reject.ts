import "server-only";
import { ApiError } from "@/lib/domain/http/api-errors";
import type { Principal } from "@/lib/domain/auth/auth";
import { recordAudit, type AuditDeps } from "./record-audit";

/**
 * The input of a write as `parse` reads it. When `parse` refuses it (a 400 ApiError), the attempt is recorded
 * as rejected with the validation message, and the error goes on to the caller: nothing else changes.
 */
export async function parseOrReject<T>(
  deps: AuditDeps,
  attempt: { actor: Principal; operation: string },
  parse: () => T,
): Promise<T> {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      await recordAudit(deps, {
        actor: attempt.actor,
        operation: attempt.operation,
        result: "rejected",
        message: error.message,
      });
    }
    throw error;
  }
}
