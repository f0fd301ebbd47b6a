import { z } from "zod";
import type { Principal } from "../auth/auth";
import type { ApiErrorBody, AwsErrorBody } from "../http/api-errors";
import type { Drift } from "./change-drift";
import type { ChangePlan, ChangeRequest, FieldError, FieldErrorsBody, ListenerState } from "./change-types";

// The write path of routing changes, declared once: what the services return, the routes answer and lib/client
// reads. The request of a plan is changeRequestSchema (change-types.ts).

/** `POST /api/changes` 201: a plan to review (nothing was sent to AWS). */
export interface PlannedChange {
  id: string;
  plan: ChangePlan;
  warnings: ChangePlan["warnings"];
  cli: string[];
}

export interface PlanChangeAnswers {
  201: PlannedChange;
  422: FieldErrorsBody;
  502: AwsErrorBody;
}

/** `POST /api/changes/{id}/apply`'s body: the codes of the plan's warnings the user confirmed. */
export const applyChangeBodySchema = z
  .object({
    /** Codes of the plan's warnings the user confirmed. */
    confirm: z.array(z.string().max(64)).max(20).default([]),
  })
  .strict();

/** An AWS call made, as answered and stored: its operation and request id. */
export interface CallSummary {
  operation: string;
  requestId?: string;
}

/** An applied change: the calls AWS took and the re-crawl that followed. */
export interface AppliedChange {
  calls: CallSummary[];
  crawlRunId?: number;
}

/** AWS has something else than the plan was made against: what changed, and the plan re-based on it. */
export interface ChangeConflict {
  live: ListenerState;
  drift: Drift;
  plan: ChangePlan | null;
  cli: string[];
  errors: FieldError[];
}

/** What Trellis did after AWS applied a BatchUpdateRule only in part. */
export interface CompensationReport {
  /** True when every rule AWS updated was put back as it was before the batch. */
  restored: boolean;
  /** The compensating call, when one was made, with its request id. */
  calls: CallSummary[];
  /** The listener as AWS has it after the compensation (absent when it could not be read). */
  live?: ListenerState;
  /** The re-crawl of the scope, so the map shows what AWS has now. */
  crawlRunId?: number;
}

export interface ApplyChangeAnswers {
  200: { result: AppliedChange };
  /** A conflict with AWS (drift); a change already applied or closed; a busy listener (an error body). */
  409: ChangeConflict | { error: { code: "conflict"; message: string } } | ApiErrorBody;
  422: FieldErrorsBody;
  /** A partly applied BatchUpdateRule says what Trellis put back. */
  502: AwsErrorBody & { compensation?: CompensationReport };
}

/** `applying`: the intent is recorded and AWS may have been called; the apply's outcome or the reconciler settles it. */
export type ChangeStatus = "planned" | "applying" | "applied" | "conflict" | "failed";

/** A planned routing change and what became of it, as stored. */
export interface StoredChange {
  id: string;
  createdAt: string;
  createdBy: Principal;
  request: ChangeRequest;
  listener: string;
  accountId: string;
  region: string;
  base: ListenerState;
  plan: ChangePlan;
  status: ChangeStatus;
  appliedAt: string | null;
  appliedBy: Principal | null;
  result: unknown;
  rolloutId: string | null;
}

/** `GET /api/changes/{id}` 200: the change with its warnings and the aws CLI commands of its calls. */
export interface ChangeView extends StoredChange {
  warnings: ChangePlan["warnings"];
  cli: string[];
}
