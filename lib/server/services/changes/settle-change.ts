import "server-only";
import type { LatticeClient } from "../../aws/clients";
import type { AuditRecordInput } from "@/lib/domain/audit/audit";
import type { Principal } from "@/lib/domain/auth/auth";
import { changeOutcome, type ChangeOutcome } from "@/lib/domain/routing/change-outcome";
import type { ListenerState, PlannedCall } from "@/lib/domain/routing/change-types";
import { readListenerState, type ListenerRef } from "../../aws/lattice-routing";
import { createChangeRepository, type StoredChange } from "../../db/changes";
import type { Database } from "../../db/database";
import { settleIntent } from "../audit/write-ahead";
import { awsFailure, type AwsFailure } from "./aws-failure";

/** The audit fields every entry about a change shares. */
export function changeAuditBase(
  change: StoredChange,
  actor: Principal,
): Omit<AuditRecordInput, "result" | "before" | "after" | "message"> {
  return {
    actor,
    operation: change.plan.calls[0]?.operation ?? "UpdateRule",
    resourceArn: change.request.target,
    accountId: change.accountId,
    region: change.region,
    changeId: change.id,
    ...(change.rolloutId ? { rolloutId: change.rolloutId } : {}),
  };
}

/** Whether an AWS failure says for certain that nothing was written: AWS answered with a 4xx refusal. */
export function definitelyRefused(failure: AwsFailure): boolean {
  return failure.httpStatus !== undefined && failure.httpStatus >= 400 && failure.httpStatus < 500;
}

export interface SettledFromLive {
  verdict: ChangeOutcome;
  live: ListenerState;
}

const VERDICT_RESULT = {
  applied: { change: "applied", audit: "applied" },
  "not-applied": { change: "failed", audit: "not-applied" },
  other: { change: "failed", audit: "conflict" },
} as const;

/**
 * Settles a change's open intent from the listener as AWS has it now, when the apply itself cannot say what
 * happened (the process died, or AWS's answer was lost). `why` says what interrupted the apply.
 */
export async function settleChangeFromLive(
  db: Database,
  input: {
    change: StoredChange;
    /** The writes the intent was for, and the listener they were planned against (default: the change's). */
    writes?: { calls: PlannedCall[]; base: ListenerState };
    intentId: number;
    actor: Principal;
    lattice: LatticeClient;
    ref: ListenerRef;
    why: string;
    failure?: AwsFailure;
  },
): Promise<SettledFromLive | { verdict: undefined; readError: AwsFailure }> {
  const { change, intentId, actor, lattice, ref, why, failure } = input;
  const writes = input.writes ?? { calls: change.plan.calls, base: change.base };
  let live: ListenerState;
  try {
    live = await readListenerState(lattice, ref, change.base.serviceName);
  } catch (error) {
    return { verdict: undefined, readError: awsFailure(error) };
  }
  const verdict = changeOutcome(writes.calls, writes.base, live);
  const results = VERDICT_RESULT[verdict.outcome];
  const found =
    verdict.outcome === "applied"
      ? "AWS has the change"
      : verdict.outcome === "not-applied"
        ? "AWS does not have the change: nothing was written"
        : `AWS has something else: ${verdict.made} of the change's writes show as made, ${verdict.notMade} as not made and ${verdict.other} differ from both`;
  await settleIntent(
    db,
    intentId,
    {
      ...changeAuditBase(change, actor),
      operation: writes.calls[0]?.operation ?? changeAuditBase(change, actor).operation,
      before: writes.base,
      after: live,
      result: results.audit,
      message: `${why}; read back from AWS: ${found}`,
      ...(failure?.requestId ? { awsRequestId: failure.requestId } : {}),
    },
    `AWS ${verdict.outcome === "applied" ? "has" : "may have"} the change`,
    async (tx) => {
      await createChangeRepository(tx).finish(change.id, {
        status: results.change,
        result: { reconciled: verdict, why, ...(failure ? { error: failure } : {}) },
      });
    },
  );
  return { verdict, live };
}
