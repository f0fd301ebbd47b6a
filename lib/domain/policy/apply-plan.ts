import { canonicalPolicy } from "./canonical";
import { policyDocument, type PolicyInput } from "./document";
import type { AuthType } from "./evaluate";
import { POLICY_SIZE_LIMIT } from "./grammar";
import type { PolicyFinding } from "./lint-report";
import type { PolicyScope } from "./matrix";

/** The auth type and auth policy of a service or service network, as AWS has it or as proposed. */
export interface AuthState {
  authType: AuthType;
  /** Null: no auth policy is attached. */
  policy: PolicyInput | null;
}

/** A policy scope with the account and region its ARN names: where the writes go. */
export interface PolicyTarget extends PolicyScope {
  accountId: string;
  region: string;
}

/**
 * The API model's ARN frame (partition, `vpc-lattice`, region, account) with a `service/` or `servicenetwork/`
 * resource. The id is not held to a pattern: whether it exists is the crawl's to say, not a regex's.
 */
const SCOPE_ARN =
  /^arn:[a-z0-9-]+:vpc-lattice:([a-zA-Z0-9-]+):(\d{12}):((?:service|servicenetwork)\/[^/\s]+)$/;

/** The service or service network an ARN names; undefined for any other ARN. */
export function policyTargetOf(arn: string): PolicyTarget | undefined {
  const m = SCOPE_ARN.exec(arn);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  return {
    kind: m[3].startsWith("servicenetwork/") ? "service-network" : "service",
    arn,
    region: m[1],
    accountId: m[2],
  };
}

export type PolicyStep =
  | { operation: "PutAuthPolicy"; resourceArn: string; policy: string }
  | { operation: "DeleteAuthPolicy"; resourceArn: string }
  | { operation: "UpdateService"; resourceArn: string; authType: AuthType }
  | { operation: "UpdateServiceNetwork"; resourceArn: string; authType: AuthType };

export type PolicyPlan = { ok: true; steps: PolicyStep[] } | { ok: false; message: string };

/** Whether two auth states are the same once both policies are in canonical form. */
export function sameAuthState(a: AuthState, b: AuthState): boolean {
  return a.authType === b.authType && canonicalPolicy(a.policy) === canonicalPolicy(b.policy);
}

/** The policy as AWS accepts it: JSON without whitespace (AWS refuses newlines), at most 10,000 characters. */
export function minifyPolicy(
  input: PolicyInput,
): { ok: true; text: string } | { ok: false; message: string } {
  const doc = policyDocument(input);
  if (!doc) return { ok: false, message: "the policy is not a JSON object" };
  const text = JSON.stringify(doc);
  if (text.length > POLICY_SIZE_LIMIT) {
    return {
      ok: false,
      message: `the policy is ${text.length} characters without whitespace; the limit is ${POLICY_SIZE_LIMIT}`,
    };
  }
  return { ok: true, text };
}

/**
 * The AWS writes that take `before` to `after`, in an order where no intermediate state admits a caller that
 * neither end state admits: towards AWS_IAM the policy is written before the switch; towards NONE the switch
 * comes first, so a policy is never deleted while it is still enforced.
 */
export function planPolicyApply(target: PolicyScope, before: AuthState, after: AuthState): PolicyPlan {
  const policySteps: PolicyStep[] = [];
  if (canonicalPolicy(before.policy) !== canonicalPolicy(after.policy)) {
    if (after.policy === null) {
      policySteps.push({ operation: "DeleteAuthPolicy", resourceArn: target.arn });
    } else {
      const minified = minifyPolicy(after.policy);
      if (!minified.ok) return minified;
      policySteps.push({ operation: "PutAuthPolicy", resourceArn: target.arn, policy: minified.text });
    }
  }
  if (before.authType === after.authType) return { ok: true, steps: policySteps };
  const switchStep: PolicyStep =
    target.kind === "service"
      ? { operation: "UpdateService", resourceArn: target.arn, authType: after.authType }
      : { operation: "UpdateServiceNetwork", resourceArn: target.arn, authType: after.authType };
  return {
    ok: true,
    steps: after.authType === "AWS_IAM" ? [...policySteps, switchStep] : [switchStep, ...policySteps],
  };
}

/** Warnings whose consequence is drastic enough that an apply must name them in `confirm`. */
export const CONFIRMATION_RULES = [
  "auth-iam-without-policy",
  "policy-allows-nothing",
  "principal-wildcard-open",
  "allow-notprincipal",
] as const satisfies readonly PolicyFinding["id"][];

export interface RequiredConfirmation {
  id: PolicyFinding["id"];
  message: string;
}

/** The confirmations an apply of a policy with these findings needs, one per rule. */
export function requiredConfirmations(findings: readonly PolicyFinding[]): RequiredConfirmation[] {
  const out = new Map<string, RequiredConfirmation>();
  for (const finding of findings) {
    const rule = CONFIRMATION_RULES.find((id) => id === finding.id);
    if (rule && finding.severity !== "info" && !out.has(rule)) {
      out.set(rule, { id: rule, message: finding.message });
    }
  }
  return [...out.values()];
}

/**
 * The text the linter reads, so that finding positions match what the person sees: their own text as typed, or
 * a document sent as JSON indented as the editor would show it; "" for no policy.
 */
export function policyText(input: PolicyInput | null | undefined): string {
  if (input === null || input === undefined) return "";
  return typeof input === "string" ? input : JSON.stringify(input, null, 2);
}

/** The policy text as an editor shows it: AWS's compact JSON indented, anything else as it is. */
export function prettyPolicy(input: PolicyInput | null | undefined): string {
  if (input === null || input === undefined) return "";
  if (typeof input !== "string") return JSON.stringify(input, null, 2);
  const doc = policyDocument(input);
  return doc ? JSON.stringify(doc, null, 2) : input;
}
