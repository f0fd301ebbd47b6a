import type { AuthState, RequiredConfirmation } from "../apply-plan";
import type { TextDiff } from "../canonical";
import type { PolicyFinding } from "../lint-report";
import type { Undecided } from "./cells";
import type { AccessRow } from "./rows";

/** Whether the review's answer is a proof: see README, "How the review decides". */
export type AccessVerdict = "changes" | "no-change" | "undecided" | "not-evaluated";

/** A row as the API answers it (without the class indices the tests read). */
export type ReviewRow = Omit<AccessRow, "cells">;

export interface PolicyChangeReview {
  textDiff: TextDiff;
  gains: ReviewRow[];
  losses: ReviewRow[];
  /** "no-change" only when no request of any class changes and every construct was decided. */
  verdict: AccessVerdict;
  /** What the review could not decide exactly (then "nobody" is not a proof). */
  undecided: Undecided[];
  /** Why no access was evaluated: a document that does not parse, or a review that could not finish. */
  notEvaluated?: { reason: "unparsable" | "too-long" | "unavailable"; message: string };
  /** Request classes evaluated before and after. */
  classes: number;
  /**
   * Failed crawl reads the answer depends on ("unknown: ListServiceNetworkVpcAssociations failed in …"): which VPCs
   * reach the scope, or the other layer's auth type or policy, are then as last read, not known.
   */
  unknown?: string[];
}

/** `POST /api/policies/diff`'s answer. */
export interface PolicyDiff extends PolicyChangeReview {
  findings: PolicyFinding[];
  /** Warnings an apply of `after` must confirm. */
  confirmations: RequiredConfirmation[];
  /** The state compared against: the request's `before`, or AWS's now (the base an apply should name). */
  before: AuthState;
  beforeSource: "request" | "live" | "crawl";
  after: AuthState;
}
