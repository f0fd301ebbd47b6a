import "server-only";
import { fieldErrors, type FieldError } from "@/lib/domain/change-plan";
import {
  prettyPolicy,
  requiredConfirmations,
  type AuthState,
  type RequiredConfirmation,
} from "@/lib/domain/policy/apply-plan";
import { diffPolicyRequestSchema } from "@/lib/domain/policy/schemas";
import { lintPolicy, type PolicyFinding } from "@/lib/domain/policy/validate";
import { awsFailure, type AwsFailure } from "../changes/aws-failure";
import type { PolicyDeps } from "./deps";
import {
  currentAuthState,
  lintScopeOf,
  reviewChange,
  targetOrError,
  type PolicyChangeReview,
} from "./policy-context";

export interface PolicyDiff extends PolicyChangeReview {
  findings: PolicyFinding[];
  /** Warnings an apply of `after` must confirm. */
  confirmations: RequiredConfirmation[];
  /** The state compared against: the request's `before`, or AWS's now (the base an apply should name). */
  before: AuthState;
  beforeSource: "request" | "live" | "crawl";
  after: AuthState;
}

export type DiffPolicyResult =
  | { status: "ok"; diff: PolicyDiff }
  | { status: "invalid"; errors: FieldError[] }
  | { status: "aws-error"; error: AwsFailure };

/**
 * Reviews a proposed auth policy (and auth type) against the current one: the canonical text diff, who gains and
 * loses access among the principals, VPCs and services of the latest crawl, and the linter's findings.
 * `before` defaults to the live policy; the other layer's policies are the crawled ones. Nothing is written.
 */
export async function diffPolicy(deps: PolicyDeps, body: unknown): Promise<DiffPolicyResult> {
  const parsed = diffPolicyRequestSchema.safeParse(body);
  if (!parsed.success) return { status: "invalid", errors: fieldErrors(parsed.error) };
  const request = parsed.data;
  const found = targetOrError(request.scope.arn);
  if ("errors" in found) return { status: "invalid", errors: found.errors };
  const { target } = found;
  const topology = await deps.topology();
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
  const findings = lintPolicy(prettyPolicy(after.policy), lintScopeOf(topology, target, after.authType));
  return {
    status: "ok",
    diff: {
      ...reviewChange(topology, deps.organization, target, before, after),
      findings,
      confirmations: requiredConfirmations(findings),
      before,
      beforeSource: request.before !== undefined ? "request" : (current?.source ?? "request"),
      after,
    },
  };
}
