import "server-only";
import { z } from "zod";
import type { Principal } from "@/lib/domain/auth/auth";
import type { ListenerState, PlannedCall } from "@/lib/domain/routing/change-types";
import { listenerRefOf } from "../../aws/lattice-routing";
import { LockBusyError, TooManyLockWaitersError, withAdvisoryLock } from "../../db/advisory-locks";
import { createAuditRepository } from "../../db/audit";
import { createChangeRepository } from "../../db/changes";
import { createIntentRepository, type OpenIntentRow } from "../../db/intents";
import { storedListenerState, storedPlannedCalls } from "../../db/stored-shapes";
import { settleChangeFromLive } from "../changes/settle-change";
import type { ServicesContext } from "../context";
import { policyIntentSchema, settlePolicyFromLive } from "../policies/settle-policy";

/** The writes of a change intent, as apply-change wrote them (the planned calls and the listener they assume). */
const changeWritesSchema = z.object({
  calls: storedPlannedCalls.refine((calls) => calls.length > 0, "has no calls"),
  base: storedListenerState,
});

function changeWrites(payload: unknown): { calls: PlannedCall[]; base: ListenerState } | undefined {
  const parsed = changeWritesSchema.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}

export interface ReconcileReport {
  /** Intents settled, by how they ended. */
  settled: { intentId: number; outcome: string }[];
  /** Intents left open: their apply is still running (lock held), or AWS could not be read. */
  open: { intentId: number; reason: string }[];
}

const RECONCILED = "Recorded by the reconciler: the apply was interrupted before it recorded its outcome";

/**
 * Settles every intent left open by an apply that did not record its outcome (its process died, or the database
 * went away just after the AWS call): for each, under the same lock the apply took, it reads what AWS has now
 * and records applied, not applied, or "something else" (conflict), so the audit log and AWS agree. An intent
 * whose lock is held belongs to an apply still running and is left alone.
 */
export async function reconcileOpenIntents(
  deps: Pick<ServicesContext, "db" | "lattice" | "recrawl">,
  log: (line: string) => void = () => undefined,
): Promise<ReconcileReport> {
  const report: ReconcileReport = { settled: [], open: [] };
  const intents = createIntentRepository(deps.db);
  for (const intent of await intents.listOpen()) {
    try {
      const outcome = await withAdvisoryLock(
        deps.db,
        intent.kind === "policy" ? "policy" : "listener",
        intent.lockKey,
        async () => ((await intents.isOpen(intent.intentId)) ? settleOne(deps, intent) : "settled meanwhile"),
        { waitMs: 0 },
      );
      if (outcome.startsWith("open:"))
        report.open.push({ intentId: intent.intentId, reason: outcome.slice(5) });
      else {
        report.settled.push({ intentId: intent.intentId, outcome });
        log(`reconciled intent ${intent.intentId} (${intent.kind} on ${intent.lockKey}): ${outcome}`);
      }
    } catch (error) {
      if (error instanceof LockBusyError || error instanceof TooManyLockWaitersError) {
        report.open.push({ intentId: intent.intentId, reason: "its apply is still running" });
        continue;
      }
      const reason = error instanceof Error ? error.message : String(error);
      report.open.push({ intentId: intent.intentId, reason });
      log(`could not reconcile intent ${intent.intentId}: ${reason}`);
    }
  }
  return report;
}

async function settleOne(
  deps: Pick<ServicesContext, "db" | "lattice" | "recrawl">,
  intent: OpenIntentRow,
): Promise<string> {
  const pending = await createAuditRepository(deps.db.prisma).get(intent.intentId);
  if (!pending) return "open:its pending audit entry is missing";
  const actor: Principal = pending.actor;
  const scope = { accountId: pending.accountId ?? "", region: pending.region ?? "" };
  const lattice = deps.lattice(scope.accountId, scope.region);
  if (!lattice) return `open:account ${scope.accountId} is no longer in Trellis's configuration`;
  try {
    if (intent.kind === "policy") {
      const payload = policyIntentSchema.safeParse(intent.payload);
      if (!payload.success) return "open:its payload is not a policy intent";
      const settled = await settlePolicyFromLive(deps.db, {
        intentId: intent.intentId,
        actor,
        operation: pending.operation,
        target: payload.data.target,
        base: payload.data.base,
        after: payload.data.after,
        lattice,
        why: RECONCILED,
      });
      if (!settled.verdict) return `open:reading the auth state failed (${settled.readError.message})`;
      await deps.recrawl(scope).catch(() => undefined);
      return settled.verdict;
    }
    const change = intent.changeId ? await createChangeRepository(deps.db.prisma).get(intent.changeId) : null;
    const writes = changeWrites(intent.payload);
    const ref = listenerRefOf(intent.lockKey);
    if (!change || !writes || !ref) return "open:its change or planned writes cannot be read";
    const settled = await settleChangeFromLive(deps.db, {
      change,
      writes,
      intentId: intent.intentId,
      actor,
      lattice,
      ref,
      why: RECONCILED,
    });
    if (!settled.verdict) return `open:reading the listener failed (${settled.readError.message})`;
    await deps.recrawl(scope).catch(() => undefined);
    return settled.verdict.outcome;
  } finally {
    lattice.destroy();
  }
}
