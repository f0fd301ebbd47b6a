import "server-only";
import type { Drift } from "@/lib/domain/routing/change-drift";
import type { ChangePlan, FieldError, ListenerState } from "@/lib/domain/routing/change-types";
import type { AppliedCall } from "../../aws/lattice-routing";
import type { AwsFailure } from "./aws-failure";

export type ApplyChangeResult =
  | { status: "applied"; result: { calls: { operation: string; requestId?: string }[]; crawlRunId?: number } }
  | { status: "not-found" }
  | { status: "invalid"; errors: FieldError[] }
  | { status: "settled"; message: string }
  | {
      status: "conflict";
      live: ListenerState;
      drift: Drift;
      plan: ChangePlan | null;
      cli: string[];
      errors: FieldError[];
    }
  | { status: "aws-error"; error: AwsFailure; compensation?: CompensationReport };

/** What Trellis did after AWS applied a BatchUpdateRule only in part. */
export interface CompensationReport {
  /** True when every rule AWS updated was put back as it was before the batch. */
  restored: boolean;
  /** The compensating call, when one was made, with its request id. */
  calls: { operation: string; requestId?: string }[];
  /** The listener as AWS has it after the compensation (absent when it could not be read). */
  live?: ListenerState;
  /** The re-crawl of the scope, so the map shows what AWS has now. */
  crawlRunId?: number;
}

/** An AWS call made, as answered and stored: its operation and request id. */
export function callSummary(call: AppliedCall): { operation: string; requestId?: string } {
  return { operation: call.operation, ...(call.requestId ? { requestId: call.requestId } : {}) };
}
