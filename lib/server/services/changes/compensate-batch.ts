import "server-only";
import type { LatticeClient } from "../../aws/clients";
import type { Principal } from "@/lib/domain/auth/auth";
import { compensationFor, describeBatchOutcome } from "@/lib/domain/routing/change-compensation";
import type { ListenerState } from "@/lib/domain/routing/change-types";
import {
  applyPlannedCalls,
  readListenerState,
  type BatchPartlyFailedError,
  type ListenerRef,
} from "../../aws/lattice-routing";
import { createChangeRepository, type StoredChange } from "../../db/changes";
import { openIntent, settleIntent } from "../audit/write-ahead";
import type { AwsFailure } from "./aws-failure";
import { awsFailure } from "./aws-failure";
import type { ServicesContext } from "../context";
import { callSummary, type CompensationReport } from "./apply-result";
import { changeAuditBase } from "./settle-change";

/**
 * AWS applied some entries of a BatchUpdateRule and refused others (a swap whose other rule was deleted
 * meanwhile, say): the batch's intent is settled as a partial failure, then the entries it applied are put back
 * from the live state read under the lock (a write of its own, recorded before and after), and the scope is
 * re-crawled, so the change is never left half-applied unrecorded.
 */
export async function undoPartialBatch(
  deps: ServicesContext,
  input: {
    change: StoredChange;
    actor: Principal;
    intentId: number;
    live: ListenerState;
    lattice: LatticeClient;
    ref: ListenerRef;
    error: BatchPartlyFailedError;
  },
): Promise<{ failure: AwsFailure; compensation: CompensationReport }> {
  const { change, actor, intentId, live, lattice, ref, error } = input;
  const audit = changeAuditBase(change, actor);
  const batch = change.plan.calls.find((c) => c.operation === "BatchUpdateRule");
  const partial = describeBatchOutcome(error.outcome, live);
  const requestId = error.$metadata.requestId;
  const compensation = batch ? compensationFor(batch, error.outcome, live) : undefined;
  const names = (arns: string[]) =>
    arns.map((arn) => live.rules.find((r) => r.arn === arn)?.name ?? arn).join(", ");
  await settleIntent(
    deps.db,
    intentId,
    {
      ...audit,
      operation: "BatchUpdateRule",
      before: change.base,
      after: error.outcome,
      result: "aws-error",
      message: partial,
      ...(requestId ? { awsRequestId: requestId } : {}),
    },
    "AWS applied part of the BatchUpdateRule",
    async (tx) => {
      await createChangeRepository(tx).finish(change.id, {
        status: "failed",
        result: { error: { code: error.name, message: partial }, compensation: "in progress" },
      });
    },
  );
  let calls: { operation: string; requestId?: string }[] = [];
  let undoError: AwsFailure | undefined;
  if (compensation?.call) {
    const undoIntent = await openIntent(
      deps.db,
      {
        ...audit,
        operation: compensation.call.operation,
        before: error.outcome,
        after: compensation.call,
        message: `Compensation for a partly applied BatchUpdateRule: put ${names(compensation.restores)} back`,
      },
      { kind: "change", lockKey: change.listener, payload: { calls: [compensation.call], base: live } },
    );
    try {
      calls = (await applyPlannedCalls(lattice, [compensation.call])).map(callSummary);
    } catch (e) {
      undoError = awsFailure(e);
    }
    const outcome = undoError
      ? `putting ${names(compensation.restores)} back failed too (${undoError.code}: ${undoError.message}); check the listener as shown before trying again`
      : `Trellis put ${names(compensation.restores)} back as it was${
          compensation.unrestorable.length > 0
            ? `, but could not put ${names(compensation.unrestorable)} back`
            : ", so nothing of this change is applied"
        }`;
    const after = await readListenerState(lattice, ref, change.base.serviceName).catch(() => undefined);
    if (undoIntent !== undefined) {
      await settleIntent(
        deps.db,
        undoIntent,
        {
          ...audit,
          operation: compensation.call.operation,
          before: error.outcome,
          after: after ?? compensation.call,
          result: undoError ? "aws-error" : "applied",
          message: `Compensation for a partly applied BatchUpdateRule: ${outcome}`,
          ...((undoError?.requestId ?? calls[0]?.requestId)
            ? { awsRequestId: undoError?.requestId ?? calls[0]?.requestId }
            : {}),
        },
        undoError ? "AWS refused the compensation" : "AWS applied the compensation",
      );
    }
    return finish(deps, {
      change,
      error,
      partial,
      outcome,
      calls,
      after,
      restored: !undoError,
      compensation,
    });
  }
  const outcome = `Trellis could not put ${names(error.outcome.successful)} back (not in the state read before the batch)`;
  const after = await readListenerState(lattice, ref, change.base.serviceName).catch(() => undefined);
  return finish(deps, { change, error, partial, outcome, calls, after, restored: false, compensation });
}

async function finish(
  deps: ServicesContext,
  input: {
    change: StoredChange;
    error: BatchPartlyFailedError;
    partial: string;
    outcome: string;
    calls: { operation: string; requestId?: string }[];
    after: ListenerState | undefined;
    restored: boolean;
    compensation: ReturnType<typeof compensationFor> | undefined;
  },
): Promise<{ failure: AwsFailure; compensation: CompensationReport }> {
  const { change, error, partial, outcome, calls, after, compensation } = input;
  const crawlRunId = await deps
    .recrawl({ accountId: change.accountId, region: change.region })
    .catch(() => undefined);
  const restored = input.restored && compensation !== undefined && compensation.unrestorable.length === 0;
  const report: CompensationReport = {
    restored,
    calls,
    ...(after ? { live: after } : {}),
    ...(crawlRunId ? { crawlRunId } : {}),
  };
  const requestId = error.$metadata.requestId;
  const failure: AwsFailure = {
    code: error.name,
    message: `${partial}. ${outcome.charAt(0).toUpperCase()}${outcome.slice(1)}.`,
    ...(requestId ? { requestId } : {}),
  };
  await createChangeRepository(deps.db.prisma).recordResult(change.id, {
    error: failure,
    compensation: report,
  });
  return { failure, compensation: report };
}
