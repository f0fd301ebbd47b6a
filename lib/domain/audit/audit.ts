import type { Principal } from "../auth/auth";

/**
 * pending: the intent, recorded before AWS is called; exactly one later entry settles it (its `intentId`) ·
 * applied: the change reached AWS · conflict: the drift check found AWS changed since it was read (or, settling
 * an intent, AWS now has something else) · rejected: bad input or missing role, nothing sent · aws-error: AWS
 * refused or failed it (with its request id) · not-applied: an intent that never reached AWS.
 */
export type AuditResult = "pending" | "applied" | "conflict" | "rejected" | "aws-error" | "not-applied";

/** One audited write, as the service that made it records it. */
export interface AuditRecordInput {
  actor: Pick<Principal, "id" | "name" | "email" | "role" | "via">;
  /** What was done, verb-first in Trellis's words, e.g. `UpdateListener`, `PutAuthPolicy`, `StartCrawl`. */
  operation: string;
  resourceArn?: string;
  accountId?: string;
  region?: string;
  before?: unknown;
  after?: unknown;
  result: AuditResult;
  message?: string;
  awsRequestId?: string;
  /** The pending entry this one settles. */
  intentId?: number;
  /** The routing change acted on. */
  changeId?: string;
  /** The rollout acted on (its steps, pause, resume, abort). */
  rolloutId?: string;
}

export interface AuditEntry extends AuditRecordInput {
  id: number;
  /** RFC 3339. */
  at: string;
  /** For a pending entry (an intent): the entry that recorded how it ended, once there is one. */
  outcome?: { id: number; result: AuditResult; at: string };
}
