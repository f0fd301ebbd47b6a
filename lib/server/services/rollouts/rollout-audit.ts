import "server-only";
import type { AuditResult } from "@/lib/domain/audit/audit";
import type { Principal } from "@/lib/domain/auth/auth";
import type { Database } from "../../db/database";
import type { StoredRollout } from "../../db/rollouts";
import { countRolloutDecision } from "../../observability/metrics";
import { recordAudit } from "../audit/record-audit";

/** Trellis acting on its own for a rollout: the health gate that aborts it. */
export const HEALTH_GATE: Principal = {
  id: "trellis:health-gate",
  name: "Rollout health gate",
  role: "operator",
  via: "system",
};

/** Trellis acting on its own for a rollout: the metric gate that aborts it (canary errors or latency). */
export const METRIC_GATE: Principal = {
  id: "trellis:metric-gate",
  name: "Rollout metric gate",
  role: "operator",
  via: "system",
};

export type RolloutOperation =
  "StartRollout" | "PauseRollout" | "ResumeRollout" | "AbortRollout" | "CompleteRollout" | "FailRollout";

/** An audit entry for a rollout decision (no AWS call of its own: its steps' writes have their own entries). */
export async function auditRollout(
  db: Database,
  entry: {
    actor: Principal;
    operation: RolloutOperation;
    result: AuditResult;
    message: string;
    rollout?: Pick<StoredRollout, "id" | "target" | "accountId" | "region">;
    target?: string;
    before?: unknown;
    after?: unknown;
  },
): Promise<void> {
  const target = entry.rollout?.target ?? entry.target;
  await recordAudit(db, {
    actor: entry.actor,
    operation: entry.operation,
    result: entry.result,
    message: entry.message,
    ...(target ? { resourceArn: target } : {}),
    ...(entry.rollout
      ? { rolloutId: entry.rollout.id, accountId: entry.rollout.accountId, region: entry.rollout.region }
      : {}),
    ...(entry.before !== undefined ? { before: entry.before } : {}),
    ...(entry.after !== undefined ? { after: entry.after } : {}),
  });
  countRolloutDecision(entry.operation, entry.result, entry.actor.via === "system");
}

/** "Rollout 1a2b3c4d step 2/4 (25 % to the canary), started by Olga Operator". */
export function stepNote(rollout: StoredRollout, step: number): string {
  return `Rollout ${rollout.id.slice(0, 8)} step ${step}/${rollout.steps.length} (${rollout.steps[step - 1]} % to the canary), started by ${rollout.createdBy.name}`;
}
