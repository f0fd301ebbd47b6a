import type {
  AppliedPolicy,
  ApplyPolicyAnswers,
  DiffPolicyAnswers,
  PolicyConflict,
  SimulateAccessAnswers,
} from "@/lib/domain/policy/policy-contract";
import type { AuthState } from "@/lib/domain/policy/apply-plan";
import type { AuthType } from "@/lib/domain/policy/evaluate";
import type { PolicyDiff } from "@/lib/domain/policy/review/contract";
import type { AccessQuery, Simulation } from "@/lib/domain/policy/simulate";
import type { PolicyFinding } from "@/lib/domain/policy/validate";
import type { FieldError } from "@/lib/domain/routing/change-types";
import { contract, type OtherAnswer } from "./api";

// Auth policies over the API; their request and answer types are the contracts in lib/domain.

/** `POST /api/policies/diff`'s answer. */
export type PolicyDiffResponse = PolicyDiff;

export type PolicyApplyResponse =
  | { status: "applied"; result: AppliedPolicy }
  | ({ status: "conflict" } & PolicyConflict)
  | { status: "invalid"; errors: FieldError[]; findings: PolicyFinding[] }
  | { status: "error"; message: string; requestId?: string };

/** A failed read-only request, as one message: the server's, else the fields to fix, else the status. */
function failure(answer: OtherAnswer): Error {
  const isErrorMessage = !answer.message.startsWith("The server answered HTTP");
  const errors = (answer.body as { errors?: FieldError[] } | undefined)?.errors;
  return new Error(
    isErrorMessage
      ? answer.message
      : (errors?.map((e) => `${e.field}: ${e.message}`).join("; ") ?? answer.message),
  );
}

export async function diffPolicyRequest(body: {
  scope: { arn: string };
  after: string | null;
  authTypeAfter: AuthType;
}): Promise<PolicyDiffResponse> {
  const answer = await contract<DiffPolicyAnswers>().send(
    "/api/policies/diff",
    { method: "POST", body },
    [200],
  );
  if (answer.status !== 200) throw failure(answer);
  return answer.body;
}

export async function applyPolicyRequest(body: {
  scope: { arn: string };
  base: AuthState;
  after: AuthState;
  confirm: string[];
}): Promise<PolicyApplyResponse> {
  const answer = await contract<ApplyPolicyAnswers>().send(
    "/api/policies/apply",
    { method: "POST", body },
    [200, 409, 422],
  );
  switch (answer.status) {
    case 200:
      return { status: "applied", result: answer.body.result };
    case 409:
      if ("live" in answer.body) return { status: "conflict", ...answer.body };
      return { status: "error", message: answer.body.error.message };
    case 422:
      return {
        status: "invalid",
        errors: "errors" in answer.body ? answer.body.errors : [],
        findings: "findings" in answer.body ? answer.body.findings : [],
      };
    default:
      return {
        status: "error",
        message: answer.message,
        ...(answer.requestId ? { requestId: answer.requestId } : {}),
      };
  }
}

export async function simulateAccessRequest(query: AccessQuery): Promise<Simulation> {
  const answer = await contract<SimulateAccessAnswers>().send(
    "/api/policies/simulate",
    { method: "POST", body: query },
    [200],
  );
  if (answer.status !== 200) throw failure(answer);
  return answer.body;
}
