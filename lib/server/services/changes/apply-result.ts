import "server-only";
import type {
  AppliedChange,
  CallSummary,
  ChangeConflict,
  CompensationReport,
} from "@/lib/domain/routing/change-contract";
import type { FieldError } from "@/lib/domain/routing/change-types";
import type { AppliedCall } from "../../aws/lattice-routing";
import type { AwsFailure } from "./aws-failure";

export type { CompensationReport };

/** What applying a change came to; the route answers it as ApplyChangeAnswers (change-contract.ts). */
export type ApplyChangeResult =
  | { status: "applied"; result: AppliedChange }
  | { status: "not-found" }
  | { status: "invalid"; errors: FieldError[] }
  | { status: "settled"; message: string }
  | ({ status: "conflict" } & ChangeConflict)
  | { status: "aws-error"; error: AwsFailure; compensation?: CompensationReport };

/** An AWS call made, as answered and stored: its operation and request id. */
export function callSummary(call: AppliedCall): CallSummary {
  return { operation: call.operation, ...(call.requestId ? { requestId: call.requestId } : {}) };
}
