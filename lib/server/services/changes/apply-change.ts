import "server-only";
import { z } from "zod";
import type { Principal } from "@/lib/domain/auth";
import { awsCliCommand } from "@/lib/domain/aws-cli";
import { driftOf, type Drift } from "@/lib/domain/change-drift";
import { planChange, type ChangePlan, type FieldError, type ListenerState } from "@/lib/domain/change-plan";
import {
  applyPlannedCalls,
  listenerRefOf,
  readListenerState,
  type AppliedCall,
} from "../../aws/lattice-routing";
import { withListenerLock } from "./listener-lock";
import type { ChangeDeps } from "./deps";
import { awsFailure, type AwsFailure } from "./aws-failure";
import { livePlanContext } from "./plan-context";

export const applyChangeBodySchema = z
  .object({
    /** Codes of the plan's warnings the user confirmed. */
    confirm: z.array(z.string().max(64)).max(20).default([]),
  })
  .strict();

export type ApplyChangeResult =
  | { status: "applied"; result: { calls: { operation: string; requestId?: string }[]; crawlRunId?: number } }
  | { status: "not-found" }
  | { status: "invalid"; errors: FieldError[] }
  | { status: "settled"; message: string }
  | {
      status: "conflict";
      live: ListenerState;
      drift: Drift;
      plan: ChangePlan | null;
      cli: string[];
      errors: FieldError[];
    }
  | { status: "aws-error"; error: AwsFailure };

/**
 * Applies a planned change: re-reads the listener from AWS and answers a conflict (with the live state and a plan
 * re-based on it) when anything the change depends on moved; otherwise makes the AWS calls, re-crawls the scope
 * and audits the outcome. Changes of one listener are applied one at a time, across all Trellis processes.
 */
export async function applyChange(
  deps: ChangeDeps,
  actor: Principal,
  id: string,
  body: unknown,
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
  const change = await deps.changes.get(id);
  if (!change) return { status: "not-found" };
  const base = {
    actor,
    operation: operationOf(change.plan),
    resourceArn: change.request.target,
    accountId: change.accountId,
    region: change.region,
  };
  if (change.status !== "planned") {
    return {
      status: "settled",
      message: `This change was already ${change.status === "applied" ? "applied" : `closed (${change.status})`}; plan it again.`,
    };
  }
  const unconfirmed = change.plan.warnings.filter(
    (w) => w.requiresConfirmation && !parsedBody.data.confirm.includes(w.code),
  );
  if (unconfirmed.length > 0) {
    await deps.audit({
      ...base,
      before: change.base,
      after: change.plan,
      result: "rejected",
      message: "Warnings not confirmed",
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
  const lattice = ref ? deps.lattice(change.accountId, change.region) : undefined;
  if (!ref || !lattice) {
    return {
      status: "invalid",
      errors: [{ field: "target", message: `account ${change.accountId} is not in Trellis's configuration` }],
    };
  }
  try {
    return await withListenerLock(deps.db, change.listener, async () => {
      let live: ListenerState;
      try {
        live = await readListenerState(lattice, ref, change.base.serviceName);
      } catch (error) {
        const failure = awsFailure(error);
        await deps.audit({
          ...base,
          before: change.base,
          result: "aws-error",
          message: `Drift check failed: ${failure.message}`,
          ...(failure.requestId ? { awsRequestId: failure.requestId } : {}),
        });
        return { status: "aws-error", error: failure } as const;
      }
      const drift = driftOf(change.request, change.base, live);
      if (drift.rules.length > 0) {
        const ctx = await livePlanContext(lattice, ref, change.request, await deps.nodes());
        const rebased = planChange(change.request, ctx);
        await deps.changes.settle(id, { status: "conflict", by: actor, result: { drift } });
        await deps.audit({
          ...base,
          before: change.base,
          after: live,
          result: "conflict",
          message: `AWS changed since the plan: ${drift.rules.map((r) => r.name).join(", ")}`,
        });
        return {
          status: "conflict",
          live,
          drift,
          plan: rebased.ok ? rebased.plan : null,
          cli: rebased.ok ? rebased.plan.calls.map(awsCliCommand) : [],
          errors: rebased.ok ? [] : rebased.errors,
        } as const;
      }
      if (!(await deps.changes.settle(id, { status: "applied", by: actor, result: { applying: true } }))) {
        return {
          status: "settled",
          message: "This change was applied or closed by someone else meanwhile; plan it again.",
        } as const;
      }
      let applied: AppliedCall[];
      try {
        applied = await applyPlannedCalls(lattice, change.plan.calls);
      } catch (error) {
        const failure = awsFailure(error);
        await deps.changes.markFailed(id, { error: failure });
        await deps.audit({
          ...base,
          before: change.base,
          after: change.plan.calls,
          result: "aws-error",
          message: failure.message,
          ...(failure.requestId ? { awsRequestId: failure.requestId } : {}),
        });
        return { status: "aws-error", error: failure } as const;
      }
      const after = await readListenerState(lattice, ref, change.base.serviceName).catch(() => undefined);
      const calls = applied.map((a) => ({
        operation: a.operation,
        ...(a.requestId ? { requestId: a.requestId } : {}),
      }));
      const crawlRunId = await deps
        .recrawl({ accountId: change.accountId, region: change.region })
        .catch(() => undefined);
      await deps.changes.recordResult(id, { calls, ...(crawlRunId ? { crawlRunId } : {}) });
      await deps.audit({
        ...base,
        before: change.base,
        after: after ?? change.plan.calls,
        result: "applied",
        ...(calls[0]?.requestId ? { awsRequestId: calls.map((c) => c.requestId).join(",") } : {}),
      });
      return { status: "applied", result: { calls, ...(crawlRunId ? { crawlRunId } : {}) } } as const;
    });
  } finally {
    lattice.destroy();
  }
}

/** The audit operation: the AWS write the plan makes (a swap is one BatchUpdateRule). */
function operationOf(plan: ChangePlan): string {
  return plan.calls[0]?.operation ?? "UpdateRule";
}
