import "server-only";
import { withUnknownReads } from "@/lib/domain/policy/review/unknown-reads";
import { fieldErrors, type FieldError } from "@/lib/domain/routing/change-types";
import { policyText, requiredConfirmations, type AuthState } from "@/lib/domain/policy/apply-plan";
import type { PolicyDiff } from "@/lib/domain/policy/review/contract";
import { diffPolicyRequestSchema } from "@/lib/domain/policy/schemas";
import { lintPolicy } from "@/lib/domain/policy/validate";
import { awsFailure, type AwsFailure } from "../changes/aws-failure";
import type { ServicesContext } from "../context";
import {
  currentAuthState,
  lintScopeOf,
  reviewChange,
  targetOrError,
  type ReviewFailure,
} from "./policy-context";

export type { PolicyDiff } from "@/lib/domain/policy/review/contract";

export type DiffPolicyResult =
  | { status: "ok"; diff: PolicyDiff }
  | { status: "invalid"; errors: FieldError[] }
  | { status: "review-failed"; failure: ReviewFailure }
  | { status: "aws-error"; error: AwsFailure };

/**
 * Reviews a proposed auth policy (and auth type) against the current one: the canonical text diff, who gains and
 * loses access (every request to the services in scope, with the latest crawl's other layer, principals and
 * VPCs), and the linter's findings on the text as written. `before` defaults to the live policy. Nothing is
 * written. Input over the size limit is refused before anything else is done with it.
 */
export async function diffPolicy(deps: ServicesContext, body: unknown): Promise<DiffPolicyResult> {
  const parsed = diffPolicyRequestSchema.safeParse(body);
  if (!parsed.success) return { status: "invalid", errors: fieldErrors(parsed.error) };
  const request = parsed.data;
  const topology = await deps.topology();
  const found = targetOrError(request.scope.arn, topology);
  if ("errors" in found) return { status: "invalid", errors: found.errors };
  const { target } = found;
  let current: Awaited<ReturnType<typeof currentAuthState>>;
  try {
    current =
      request.before === undefined || request.authTypeBefore === undefined
        ? await currentAuthState(deps, topology, target)
        : undefined;
  } catch (error) {
    const failure = awsFailure(error);
    if (failure.code === "ResourceNotFoundException") {
      return { status: "invalid", errors: [{ field: "scope.arn", message: failure.message }] };
    }
    return { status: "aws-error", error: failure };
  }
  const before: AuthState = {
    authType: request.authTypeBefore ?? current?.state.authType ?? "AWS_IAM",
    policy: request.before !== undefined ? request.before : (current?.state.policy ?? null),
  };
  const after: AuthState = { authType: request.authTypeAfter ?? before.authType, policy: request.after };
  const findings = lintPolicy(policyText(after.policy), lintScopeOf(topology, target, after.authType));
  const reviewed = await reviewChange(topology, deps.organization, target, before, after);
  if (!reviewed.ok) return { status: "review-failed", failure: reviewed };
  return {
    status: "ok",
    diff: {
      ...withUnknownReads(reviewed.review, topology, target.arn),
      findings,
      confirmations: requiredConfirmations(findings),
      before,
      beforeSource: request.before !== undefined ? "request" : (current?.source ?? "request"),
      after,
    },
  };
}
