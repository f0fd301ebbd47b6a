import type { AwsErrorBody, ApiErrorBody } from "../http/api-errors";
import type { FieldErrorsBody } from "../routing/change-types";
import type { AuthState, PolicyStep } from "./apply-plan";
import type { PolicyChangeReview, PolicyDiff } from "./review/contract";
import type { AccessQuery, Simulation } from "./simulate";
import type { PolicyFinding } from "./validate";

// The write path of auth policies, declared once: what the services return, the routes answer and lib/client
// reads. The requests are the schemas of schemas.ts.

/** An applied policy: the steps AWS took and the re-crawl that followed. */
export interface AppliedPolicy {
  steps: { operation: PolicyStep["operation"]; requestId?: string }[];
  crawlRunId?: number;
}

/** AWS no longer has the reviewed base: the review of the change against what it has now. */
export type PolicyConflict = { live: AuthState } & PolicyChangeReview;

/** `POST /api/policies/apply`. */
export interface ApplyPolicyAnswers {
  200: { result: AppliedPolicy };
  409: PolicyConflict | ApiErrorBody;
  /** Bad input, or findings that block the apply. */
  422: FieldErrorsBody | { findings: PolicyFinding[] };
  502: AwsErrorBody;
}

/** `POST /api/policies/diff`. */
export interface DiffPolicyAnswers {
  200: PolicyDiff;
  422: FieldErrorsBody;
  502: AwsErrorBody;
}

/** `POST /api/policies/simulate`; the request is an AccessQuery. */
export interface SimulateAccessAnswers {
  200: Simulation;
  422: FieldErrorsBody;
}
export type { AccessQuery };

/** `POST /api/policies/validate`. */
export interface ValidatePolicyAnswers {
  200: { findings: PolicyFinding[] };
  422: FieldErrorsBody;
}
