import "server-only";
import type { Principal } from "@/lib/domain/auth/auth";
import { fieldErrors, type FieldError } from "@/lib/domain/routing/change-types";
import {
  planPolicyApply,
  policyTargetOf,
  policyText,
  requiredConfirmations,
  sameAuthState,
  type AuthState,
  type PolicyStep,
  type PolicyTarget,
} from "@/lib/domain/policy/apply-plan";
import { canonicalTextDiff } from "@/lib/domain/policy/canonical";
import { policyDocument } from "@/lib/domain/policy/document";
import { applyPolicyRequestSchema } from "@/lib/domain/policy/schemas";
import { lintPolicy, type PolicyFinding } from "@/lib/domain/policy/validate";
import { applyPolicySteps, readAuthState, type AppliedPolicyStep } from "../../aws/lattice-auth";
import { withAdvisoryLock } from "../../db/advisory-locks";
import { recordAudit } from "../audit/record-audit";
import { openIntent, settleIntent } from "../audit/write-ahead";
import { awsFailure, type AwsFailure } from "../changes/aws-failure";
import { definitelyRefused } from "../changes/settle-change";
import type { ServicesContext } from "../context";
import type { AppliedPolicy, PolicyConflict } from "@/lib/domain/policy/policy-contract";
import type { PolicyChangeReview } from "@/lib/domain/policy/review/contract";
import { lintScopeOf, reviewChange, targetOrError } from "./policy-context";
import { settlePolicyFromLive } from "./settle-policy";

/** How long an apply waits for another apply to the same service or network before answering 409 (busy). */
export const POLICY_LOCK_WAIT_MS = 10_000;

export type { AppliedPolicy };

export type ApplyPolicyResult =
  | { status: "applied"; result: AppliedPolicy }
  | { status: "invalid"; errors: FieldError[] }
  | { status: "rejected"; findings: PolicyFinding[] }
  | ({ status: "conflict" } & PolicyConflict)
  | { status: "aws-error"; error: AwsFailure };

/** An auth state as the audit log keeps it: the policy as a document, so the log shows a readable diff. */
export function auditState(state: AuthState) {
  return {
    authType: state.authType,
    policy: state.policy === null ? null : (policyDocument(state.policy) ?? state.policy),
  };
}

/** The audit operation: the policy write when there is one, else the auth type switch. */
export function operationOf(steps: readonly PolicyStep[], target: PolicyTarget): string {
  const policyStep = steps.find((s) => s.operation === "PutAuthPolicy" || s.operation === "DeleteAuthPolicy");
  return (
    policyStep?.operation ??
    steps[0]?.operation ??
    (target.kind === "service" ? "UpdateService" : "UpdateServiceNetwork")
  );
}

/**
 * Applies an auth policy and/or auth type to a service or service network. Everything that can be refused is
 * refused before AWS is called: malformed input, error findings, unconfirmed warnings. Then, holding the scope's
 * lock, the live state is re-read and compared with the reviewed `base` (canonical forms): a difference answers a
 * conflict with the live state and a review re-based on it. Otherwise the writes are made in a safe order, the
 * outcome is audited with both states, and the scope is re-crawled.
 */
export async function applyPolicy(
  deps: ServicesContext,
  actor: Principal,
  body: unknown,
): Promise<ApplyPolicyResult> {
  const parsed = applyPolicyRequestSchema.safeParse(body);
  if (!parsed.success) return { status: "invalid", errors: fieldErrors(parsed.error) };
  const { scope, base, after, confirm } = parsed.data;
  const target = policyTargetOf(scope.arn);
  if (!target) {
    return {
      status: "invalid",
      errors: [{ field: "scope.arn", message: "must be the ARN of a service or a service network" }],
    };
  }
  const audit = {
    actor,
    resourceArn: target.arn,
    accountId: target.accountId,
    region: target.region,
    before: auditState(base),
    after: auditState(after),
  };
  const plan = planPolicyApply(target, base, after);
  const topology = await deps.topology();
  const known = targetOrError(scope.arn, topology);
  if ("errors" in known) return { status: "invalid", errors: known.errors };
  const findings = lintPolicy(policyText(after.policy), lintScopeOf(topology, target, after.authType));
  const errors = findings.filter((f) => f.severity === "error");
  const operation = operationOf(plan.ok ? plan.steps : [], target);
  if (errors.length > 0 || !plan.ok) {
    await recordAudit(deps.db, {
      ...audit,
      operation,
      result: "rejected",
      message: errors.length > 0 || plan.ok ? `The policy has ${errors.length} error(s)` : plan.message,
    });
    return errors.length > 0 || plan.ok
      ? { status: "rejected", findings: errors }
      : { status: "invalid", errors: [{ field: "after.policy", message: plan.message }] };
  }
  if (plan.steps.length === 0) {
    return {
      status: "invalid",
      errors: [{ field: "after", message: "nothing to change: after equals base" }],
    };
  }
  const unconfirmed = requiredConfirmations(findings).filter((c) => !confirm.includes(c.id));
  if (unconfirmed.length > 0) {
    await recordAudit(deps.db, {
      ...audit,
      operation,
      result: "rejected",
      message: "Warnings not confirmed",
    });
    return {
      status: "invalid",
      errors: unconfirmed.map((c) => ({
        field: "confirm",
        message: `Confirm ${c.id} to apply: ${c.message}`,
      })),
    };
  }
  const lattice = deps.lattice(target.accountId, target.region);
  if (!lattice) {
    return {
      status: "invalid",
      errors: [
        { field: "scope.arn", message: `account ${target.accountId} is not in Trellis's configuration` },
      ],
    };
  }
  try {
    const outcome = await withAdvisoryLock(
      deps.db,
      "policy",
      target.arn,
      async (): Promise<ApplyPolicyResult | { status: "drifted"; live: AuthState }> => {
        let live: AuthState;
        try {
          live = await readAuthState(lattice, target);
        } catch (error) {
          const failure = awsFailure(error);
          await recordAudit(deps.db, {
            ...audit,
            operation,
            result: "aws-error",
            message: `Drift check failed: ${failure.message}`,
            ...(failure.requestId ? { awsRequestId: failure.requestId } : {}),
          });
          return { status: "aws-error", error: failure };
        }
        if (!sameAuthState(live, base)) {
          await recordAudit(deps.db, {
            ...audit,
            before: auditState(base),
            after: auditState(live),
            operation,
            result: "conflict",
            message: "The auth type or policy changed in AWS since the review",
          });
          return { status: "drifted", live };
        }
        const planned = plan.steps.map((s) => s.operation).join(" → ");
        const intentId = await openIntent(
          deps.db,
          { ...audit, operation, message: `Planned: ${planned}` },
          { kind: "policy", lockKey: target.arn, payload: { target, base, after } },
        );
        if (intentId === undefined) throw new Error("The policy apply's intent was not recorded");
        let applied: AppliedPolicyStep[];
        try {
          applied = await applyPolicySteps(lattice, plan.steps);
        } catch (error) {
          const failure = awsFailure(error);
          if (!definitelyRefused(failure) || plan.steps.length > 1) {
            // A timeout or 5xx may follow a write AWS made, and an earlier step may have gone through: what AWS
            // has now decides, and is what the audit log says.
            const settled = await settlePolicyFromLive(deps.db, {
              intentId,
              actor,
              operation,
              target,
              base,
              after,
              lattice,
              why: `AWS answered ${failure.code}: ${failure.message}`,
              failure,
            });
            if (settled.verdict === "applied") {
              await deps
                .recrawl({ accountId: target.accountId, region: target.region })
                .catch(() => undefined);
              return { status: "applied", result: { steps: [] } };
            }
            return { status: "aws-error", error: failure };
          }
          await settleIntent(
            deps.db,
            intentId,
            {
              ...audit,
              operation,
              result: "aws-error",
              message: failure.message,
              ...(failure.requestId ? { awsRequestId: failure.requestId } : {}),
            },
            "AWS refused the policy",
          );
          return { status: "aws-error", error: failure };
        }
        const steps = applied.map((a) => ({
          operation: a.operation,
          ...(a.requestId ? { requestId: a.requestId } : {}),
        }));
        await settleIntent(
          deps.db,
          intentId,
          {
            ...audit,
            operation,
            result: "applied",
            message: steps.map((s) => s.operation).join(" → "),
            ...(steps.some((s) => s.requestId)
              ? { awsRequestId: steps.map((s) => s.requestId ?? "").join(",") }
              : {}),
          },
          `AWS applied the policy (${steps.map((s) => `${s.operation} ${s.requestId ?? ""}`.trim()).join(", ")})`,
        );
        const crawlRunId = await deps
          .recrawl({ accountId: target.accountId, region: target.region })
          .catch(() => undefined);
        return { status: "applied", result: { steps, ...(crawlRunId ? { crawlRunId } : {}) } };
      },
      { waitMs: POLICY_LOCK_WAIT_MS, describe: target.arn },
    );
    if (outcome.status !== "drifted") return outcome;
    // The review re-based on what AWS has runs after the lock is released: it may take the worker seconds.
    const { live } = outcome;
    const reviewed = await reviewChange(topology, deps.organization, target, live, after);
    const review: PolicyChangeReview = reviewed.ok
      ? reviewed.review
      : {
          textDiff: canonicalTextDiff(live.policy, after.policy),
          gains: [],
          losses: [],
          verdict: "not-evaluated",
          undecided: [],
          notEvaluated: {
            reason: reviewed.reason === "busy" ? "unavailable" : "too-long",
            message: reviewed.message,
          },
          classes: 0,
        };
    return { status: "conflict", live, ...review };
  } finally {
    lattice.destroy();
  }
}
