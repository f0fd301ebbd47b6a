import type { AuditEntry } from "@/lib/domain/audit/audit";

/**
 * The operation as a row shows it, once: a write recorded with the chain of AWS calls it made as its message
 * ("PutAuthPolicy → UpdateService") reads as that chain, and such a message is not repeated below it.
 */
export function operationText(entry: Pick<AuditEntry, "operation" | "message">): {
  operation: string;
  message: string | undefined;
} {
  const message = entry.message?.trim();
  if (!message || message === entry.operation) return { operation: entry.operation, message: undefined };
  const calls = message.split(/\s*→\s*/);
  if (calls.length > 1 && calls.includes(entry.operation) && calls.every((c) => /^[A-Z][A-Za-z]+$/.test(c))) {
    return { operation: calls.join(" → "), message: undefined };
  }
  return { operation: entry.operation, message };
}

/** The service a listener's or rule's ARN belongs to (where the map shows its rollouts). */
function serviceOf(arn: string): string {
  return arn.replace(/\/listener\/.*$/, "");
}

/** Where an entry's resource, change and rollout open: the map, with the resource selected. */
export function auditLinks(entry: Pick<AuditEntry, "resourceArn" | "changeId" | "rolloutId">): {
  resource?: string;
  change?: string;
  rollout?: string;
} {
  const arn = entry.resourceArn;
  const at = (selected: string, extra: Record<string, string> = {}) =>
    `/?${new URLSearchParams({ selected, ...extra }).toString()}`;
  return {
    ...(arn ? { resource: at(arn) } : {}),
    ...(arn && entry.changeId ? { change: at(arn, { change: entry.changeId }) } : {}),
    ...(arn && entry.rolloutId ? { rollout: at(serviceOf(arn), { rollout: entry.rolloutId }) } : {}),
  };
}
