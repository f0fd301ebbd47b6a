import "server-only";
import type { Principal } from "@/lib/domain/auth/auth";
import { awsCliCommand } from "@/lib/domain/routing/aws-cli";
import { applyChangeBodySchema } from "@/lib/domain/routing/change-contract";
import { driftOf } from "@/lib/domain/routing/change-drift";
import { planChange } from "@/lib/domain/routing/change-plan";
import { type ListenerState } from "@/lib/domain/routing/change-types";
import {
  applyPlannedCalls,
  BatchPartlyFailedError,
  listenerRefOf,
  readListenerState,
  type AppliedCall,
} from "../../aws/lattice-routing";
import { withAdvisoryLock } from "../../db/advisory-locks";
import { createChangeRepository, type StoredChange } from "../../db/changes";
import { recordAudit } from "../audit/record-audit";
import { openIntent, settleIntent } from "../audit/write-ahead";
import { callSummary, type ApplyChangeResult } from "./apply-result";
import { awsFailure } from "./aws-failure";
import { undoPartialBatch } from "./compensate-batch";
import type { ServicesContext } from "../context";
import type { HeldListener } from "./held-listener";
import { livePlanContext } from "./plan-context";
import { changeAuditBase, definitelyRefused, settleChangeFromLive } from "./settle-change";

export type { ApplyChangeResult, CompensationReport } from "./apply-result";

export { applyChangeBodySchema };

/** How long an apply waits for another apply to the same listener before answering 409 (busy). */
export const LISTENER_LOCK_WAIT_MS = 10_000;

export interface ApplyChangeOptions {
  /** Said in every audit entry of this apply, e.g. which rollout step it is. */
  note?: string;
  /**
   * The caller holds the listener's lock and read the listener under it (a rollout step): the apply takes
   * neither the lock nor a client of its own, and checks drift against that read.
   */
  held?: HeldListener;
}

function settledMessage(change: StoredChange | null): string {
  if (change?.status === "applying") {
    return "This change is being applied right now (or its apply was interrupted: Trellis checks AWS and records the outcome within a minute).";
  }
  return `This change was already ${change?.status === "applied" ? "applied" : `closed (${change?.status ?? "gone"})`}; plan it again.`;
}

/** A second apply of a change that is no longer planned: refused, and the refusal audited as a conflict. */
async function refuseSettled(
  deps: ServicesContext,
  audit: ReturnType<typeof changeAuditBase>,
  change: StoredChange,
  note: string,
): Promise<ApplyChangeResult> {
  const message = settledMessage(change);
  await recordAudit(deps.db, { ...audit, result: "conflict", message: `${note}Apply refused: ${message}` });
  return { status: "settled", message };
}

/**
 * Applies a planned change. Holding the listener's lock (a connection of its own, waited for at most
 * LISTENER_LOCK_WAIT_MS): re-reads the listener and answers a conflict with a re-based plan when anything the
 * change depends on moved; otherwise records the intent (a `pending` audit entry, the change `applying`) and
 * only then makes the AWS calls, records the outcome, and re-crawls the scope. A crash anywhere after the intent
 * leaves it for the reconciler, which settles it from what AWS has.
 */
export async function applyChange(
  deps: ServicesContext,
  actor: Principal,
  id: string,
  body: unknown,
  options: ApplyChangeOptions = {},
): Promise<ApplyChangeResult> {
  const parsedBody = applyChangeBodySchema.safeParse(body ?? {});
  if (!parsedBody.success) {
    return {
      status: "invalid",
      errors: parsedBody.error.issues.map((i) => ({
        field: i.path.join(".") || "(body)",
        message: i.message,
      })),
    };
  }
  const changes = createChangeRepository(deps.db.prisma);
  const change = await changes.get(id);
  if (!change) return { status: "not-found" };
  const note = options.note ? `${options.note}: ` : "";
  const audit = changeAuditBase(change, actor);
  if (change.status !== "planned") return refuseSettled(deps, audit, change, note);
  const unconfirmed = change.plan.warnings.filter(
    (w) => w.requiresConfirmation && !parsedBody.data.confirm.includes(w.code),
  );
  if (unconfirmed.length > 0) {
    await recordAudit(deps.db, {
      ...audit,
      before: change.base,
      after: change.plan,
      result: "rejected",
      message: `${note}Warnings not confirmed`,
    });
    return {
      status: "invalid",
      errors: unconfirmed.map((w) => ({
        field: "confirm",
        message: `Confirm this warning to apply: ${w.message}`,
      })),
    };
  }
  const ref = listenerRefOf(change.listener);
  const held = options.held;
  const lattice = ref ? (held?.lattice ?? deps.lattice(change.accountId, change.region)) : undefined;
  if (!ref || !lattice) {
    return {
      status: "invalid",
      errors: [{ field: "target", message: `account ${change.accountId} is not in Trellis's configuration` }],
    };
  }
  const underLock = async (lock: { held(): boolean }): Promise<ApplyChangeResult> => {
    const current = await changes.get(id);
    if (current?.status !== "planned") return refuseSettled(deps, audit, current ?? change, note);
    let live: ListenerState;
    try {
      live = held?.live ?? (await readListenerState(lattice, ref, change.base.serviceName));
    } catch (error) {
      const failure = awsFailure(error);
      await recordAudit(deps.db, {
        ...audit,
        before: change.base,
        result: "aws-error",
        message: `${note}Drift check failed: ${failure.message}`,
        ...(failure.requestId ? { awsRequestId: failure.requestId } : {}),
      });
      return { status: "aws-error", error: failure };
    }
    const drift = driftOf(change.request, change.base, live);
    if (drift.rules.length > 0) {
      const ctx = await livePlanContext(lattice, ref, change.request, await deps.nodes());
      const rebased = planChange(change.request, ctx);
      await changes.settle(id, { status: "conflict", by: actor, result: { drift } });
      await recordAudit(deps.db, {
        ...audit,
        before: change.base,
        after: live,
        result: "conflict",
        message: `${note}AWS changed since the plan: ${drift.rules.map((r) => r.name).join(", ")}`,
      });
      return {
        status: "conflict",
        live,
        drift,
        plan: rebased.ok ? rebased.plan : null,
        cli: rebased.ok ? rebased.plan.calls.map(awsCliCommand) : [],
        errors: rebased.ok ? [] : rebased.errors,
      };
    }
    const intentId = await openIntent(
      deps.db,
      {
        ...audit,
        before: change.base,
        after: change.plan,
        message: `${note}${change.plan.title}`,
      },
      {
        kind: "change",
        lockKey: change.listener,
        payload: { calls: change.plan.calls, base: change.base },
      },
      (tx) => createChangeRepository(tx).claim(id, actor),
    );
    if (intentId === undefined) {
      return {
        status: "settled",
        message: "This change was applied or closed by someone else meanwhile; plan it again.",
      };
    }
    if (!lock.held()) {
      await settleIntent(
        deps.db,
        intentId,
        {
          ...audit,
          before: change.base,
          result: "not-applied",
          message: `${note}Lost the listener's lock before calling AWS`,
        },
        "Nothing was sent to AWS",
        async (tx) => {
          await createChangeRepository(tx).finish(id, {
            status: "failed",
            result: { error: "lock lost" },
          });
        },
      );
      return {
        status: "settled",
        message:
          "The database connection holding the listener's lock failed before AWS was called; nothing was changed. Plan it again.",
      };
    }
    let applied: AppliedCall[];
    try {
      applied = await applyPlannedCalls(lattice, change.plan.calls);
    } catch (error) {
      const claimed = { ...change, status: "applying" as const };
      if (error instanceof BatchPartlyFailedError && error.outcome.successful.length > 0) {
        const undone = await undoPartialBatch(deps, {
          change: claimed,
          actor,
          intentId,
          live,
          lattice,
          ref,
          error,
        });
        return { status: "aws-error", error: undone.failure, compensation: undone.compensation };
      }
      const failure = awsFailure(error);
      if (!definitelyRefused(failure)) {
        // A timeout or a 5xx may come after AWS made the write: what AWS has now decides.
        const settled = await settleChangeFromLive(deps.db, {
          change: claimed,
          intentId,
          actor,
          lattice,
          ref,
          why: `${note}AWS answered ${failure.code}: ${failure.message}`,
          failure,
        });
        if (settled.verdict?.outcome === "applied") {
          await deps.recrawl({ accountId: change.accountId, region: change.region }).catch(() => undefined);
          return { status: "applied", result: { calls: [] } };
        }
        if (!settled.verdict) {
          // AWS cannot be read either: the intent stays open for the reconciler.
          return {
            status: "aws-error",
            error: {
              ...failure,
              message: `${failure.message}. Trellis could not read the listener back (${settled.readError.message}); it records the outcome once AWS answers.`,
            },
          };
        }
        return { status: "aws-error", error: failure };
      }
      await settleIntent(
        deps.db,
        intentId,
        {
          ...audit,
          before: change.base,
          after: change.plan.calls,
          result: "aws-error",
          message: `${note}${failure.message}`,
          ...(failure.requestId ? { awsRequestId: failure.requestId } : {}),
        },
        "AWS refused the change",
        async (tx) => {
          await createChangeRepository(tx).finish(id, { status: "failed", result: { error: failure } });
        },
      );
      return { status: "aws-error", error: failure };
    }
    const calls = applied.map(callSummary);
    const after = await readListenerState(lattice, ref, change.base.serviceName).catch(() => undefined);
    await settleIntent(
      deps.db,
      intentId,
      {
        ...audit,
        before: change.base,
        after: after ?? change.plan.calls,
        result: "applied",
        ...(note ? { message: note.slice(0, -2) } : {}),
        ...(calls[0]?.requestId ? { awsRequestId: calls.map((c) => c.requestId).join(",") } : {}),
      },
      `AWS applied the change (${calls.map((c) => `${c.operation} ${c.requestId ?? ""}`.trim()).join(", ")})`,
      async (tx) => {
        await createChangeRepository(tx).finish(id, { status: "applied", result: { calls } });
      },
    );
    const crawlRunId = await deps
      .recrawl({ accountId: change.accountId, region: change.region })
      .catch(() => undefined);
    if (crawlRunId) await changes.recordResult(id, { calls, crawlRunId }).catch(() => undefined);
    return { status: "applied", result: { calls, ...(crawlRunId ? { crawlRunId } : {}) } };
  };
  if (held) return underLock(held.lock);
  try {
    return await withAdvisoryLock(deps.db, "listener", change.listener, underLock, {
      waitMs: LISTENER_LOCK_WAIT_MS,
      describe: `Listener ${change.base.name}`,
    });
  } finally {
    lattice.destroy();
  }
}
