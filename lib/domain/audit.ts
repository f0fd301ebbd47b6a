import type { Principal } from "./auth";

/**
 * applied: the change reached AWS · conflict: the drift check found AWS changed since it was read · rejected: bad
 * input or missing role, nothing sent · aws-error: AWS refused or failed it (with its request id).
 */
export type AuditResult = "applied" | "conflict" | "rejected" | "aws-error";

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
}

export interface AuditEntry extends AuditRecordInput {
  id: number;
  /** RFC 3339. */
  at: string;
  /** The planned routing change this entry applied, when it was one. */
  changeId?: string;
  /** The staged rollout this entry was a step (or the abort) of. */
  rolloutId?: string;
}
