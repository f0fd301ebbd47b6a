import "server-only";
import { fieldErrors, type FieldError } from "@/lib/domain/routing/change-types";
import { policyText } from "@/lib/domain/policy/apply-plan";
import { validatePolicyRequestSchema } from "@/lib/domain/policy/schemas";
import { lintPolicy, type PolicyFinding } from "@/lib/domain/policy/validate";
import type { ServicesContext } from "../context";
import { crawledAuthState, lintScopeOf, targetOrError } from "./policy-context";

export type ValidatePolicyResult =
  { status: "ok"; findings: PolicyFinding[] } | { status: "invalid"; errors: FieldError[] };

/**
 * Lints a policy for a service or service network. The auth type defaults to the one the latest crawl
 * recorded (AWS_IAM when the crawl doesn't know the scope). Nothing is read from or written to AWS.
 */
export async function validatePolicy(
  deps: Pick<ServicesContext, "topology">,
  body: unknown,
): Promise<ValidatePolicyResult> {
  const parsed = validatePolicyRequestSchema.safeParse(body);
  if (!parsed.success) return { status: "invalid", errors: fieldErrors(parsed.error) };
  const found = targetOrError(parsed.data.scope.arn);
  if ("errors" in found) return { status: "invalid", errors: found.errors };
  const topology = await deps.topology();
  const authType = parsed.data.authType ?? crawledAuthState(topology, found.target)?.authType ?? "AWS_IAM";
  return {
    status: "ok",
    findings: lintPolicy(policyText(parsed.data.policy), lintScopeOf(topology, found.target, authType)),
  };
}
