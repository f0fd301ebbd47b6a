import "server-only";
import type { VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { z } from "zod";
import type { AuditRecordInput } from "@/lib/domain/audit";
import type { Principal } from "@/lib/domain/auth";
import { awsCliCommand } from "@/lib/domain/aws-cli";
import { driftOf, type Drift } from "@/lib/domain/change-drift";
import { planChange, type ChangePlan, type FieldError, type ListenerState } from "@/lib/domain/change-plan";
import { compensationFor, describeBatchOutcome } from "@/lib/domain/change-compensation";
import {
  applyPlannedCalls,
  BatchPartlyFailedError,
  listenerRefOf,
  readListenerState,
  type AppliedCall,
  type ListenerRef,
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
  | { status: "aws-error"; error: AwsFailure; compensation?: CompensationReport };

/** What Trellis did after AWS applied a BatchUpdateRule only in part. */
export interface CompensationReport {
  /** True when every rule AWS updated was put back as it was before the batch. */
  restored: boolean;
  /** The compensating call, when one was made, with its request id. */
  calls: { operation: string; requestId?: string }[];
  /** The listener as AWS has it after the compensation (absent when it could not be read). */
  live?: ListenerState;
  /** The re-crawl of the scope, so the map shows what AWS has now. */
  crawlRunId?: number;
}

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
        if (error instanceof BatchPartlyFailedError && error.outcome.successful.length > 0) {
          return await undoPartialBatch(deps, { id, base, change, live, lattice, ref, error });
        }
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
      const calls = applied.map(callSummary);
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

/**
 * AWS applied some entries of a BatchUpdateRule and refused others (a swap whose other rule was deleted
 * meanwhile, say): the entries it applied are put back from the live state read under the lock, so the change
 * is never left half-applied. Both the partial batch and the compensation are audited, and the scope re-crawled.
 */
async function undoPartialBatch(
  deps: ChangeDeps,
  input: {
    id: string;
    base: Omit<AuditRecordInput, "result">;
    change: { base: ListenerState; plan: ChangePlan; accountId: string; region: string };
    live: ListenerState;
    lattice: VPCLatticeClient;
    ref: ListenerRef;
    error: BatchPartlyFailedError;
  },
): Promise<ApplyChangeResult> {
  const { id, base, change, live, lattice, ref, error } = input;
  const batch = change.plan.calls.find((c) => c.operation === "BatchUpdateRule");
  const partial = describeBatchOutcome(error.outcome, live);
  const requestId = error.$metadata.requestId;
  await deps.audit({
    ...base,
    operation: "BatchUpdateRule",
    before: change.base,
    after: error.outcome,
    result: "aws-error",
    message: partial,
    ...(requestId ? { awsRequestId: requestId } : {}),
  });
  const compensation = batch ? compensationFor(batch, error.outcome, live) : undefined;
  const names = (arns: string[]) =>
    arns.map((arn) => live.rules.find((r) => r.arn === arn)?.name ?? arn).join(", ");
  let calls: { operation: string; requestId?: string }[] = [];
  let undoError: AwsFailure | undefined;
  if (compensation?.call) {
    try {
      calls = (await applyPlannedCalls(lattice, [compensation.call])).map(callSummary);
    } catch (e) {
      undoError = awsFailure(e);
    }
  }
  const after = await readListenerState(lattice, ref, change.base.serviceName).catch(() => undefined);
  const restored = compensation !== undefined && compensation.unrestorable.length === 0 && !undoError;
  const outcome = !compensation?.call
    ? `Trellis could not put ${names(error.outcome.successful)} back (not in the state read before the batch)`
    : undoError
      ? `putting ${names(compensation.restores)} back failed too (${undoError.code}: ${undoError.message}); check the listener as shown before trying again`
      : `Trellis put ${names(compensation.restores)} back as it was${
          compensation.unrestorable.length > 0
            ? `, but could not put ${names(compensation.unrestorable)} back`
            : ", so nothing of this change is applied"
        }`;
  if (compensation?.call) {
    await deps.audit({
      ...base,
      operation: compensation.call.operation,
      before: error.outcome,
      after: after ?? compensation.call,
      result: undoError ? "aws-error" : "applied",
      message: `Compensation for a partly applied BatchUpdateRule: ${outcome}`,
      ...((undoError?.requestId ?? calls[0]?.requestId)
        ? { awsRequestId: undoError?.requestId ?? calls[0]?.requestId }
        : {}),
    });
  }
  const crawlRunId = await deps
    .recrawl({ accountId: change.accountId, region: change.region })
    .catch(() => undefined);
  const report: CompensationReport = {
    restored,
    calls,
    ...(after ? { live: after } : {}),
    ...(crawlRunId ? { crawlRunId } : {}),
  };
  const failure: AwsFailure = {
    code: error.name,
    message: `${partial}. ${outcome.charAt(0).toUpperCase()}${outcome.slice(1)}.`,
    ...(requestId ? { requestId } : {}),
  };
  await deps.changes.markFailed(id, { error: failure, compensation: report });
  return { status: "aws-error", error: failure, compensation: report };
}

/** An AWS call made, as answered and stored: its operation and request id. */
function callSummary(call: AppliedCall): { operation: string; requestId?: string } {
  return { operation: call.operation, ...(call.requestId ? { requestId: call.requestId } : {}) };
}

/** The audit operation: the AWS write the plan makes (a swap is one BatchUpdateRule). */
function operationOf(plan: ChangePlan): string {
  return plan.calls[0]?.operation ?? "UpdateRule";
}
