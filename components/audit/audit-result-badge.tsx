import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { AuditEntry, AuditResult } from "@/lib/domain/audit/audit";

const TONE: Record<AuditResult, BadgeTone> = {
  pending: "info",
  applied: "good",
  conflict: "warn",
  rejected: "neutral",
  "aws-error": "bad",
  "not-applied": "neutral",
};

export const RESULT_TITLE: Record<AuditResult, string> = {
  pending: "Intent recorded before AWS was called; the entry that names it says how it ended",
  applied: "The change was made",
  conflict: "Not applied: the resource changed since it was read",
  rejected: "Not applied: the input was refused, nothing was sent",
  "aws-error": "AWS refused or failed the change",
  "not-applied": "Not applied: the apply was interrupted before AWS made the change",
};

const LABEL: Record<AuditResult, string> = {
  pending: "intent",
  applied: "applied",
  conflict: "conflict",
  rejected: "rejected",
  "aws-error": "AWS error",
  "not-applied": "not applied",
};

/**
 * How an audited write ended, in words and colour. An intent shows what became of it (its outcome is a later
 * entry), or that it is still open: being applied, or interrupted and awaiting the reconciler.
 */
export function AuditResultBadge({ result, outcome }: Pick<AuditEntry, "result" | "outcome">) {
  if (result === "pending") {
    return (
      <Badge
        tone={outcome ? "neutral" : "warn"}
        title={
          outcome
            ? `Intent recorded before AWS was called; entry ${outcome.id} recorded the outcome: ${RESULT_TITLE[outcome.result]}`
            : "Intent recorded before AWS was called, no outcome yet: the apply is running, or was interrupted and Trellis will read AWS and record what happened"
        }
        data-testid="audit-result"
        data-result={result}
      >
        {outcome ? `intent → ${LABEL[outcome.result]}` : "intent, open"}
      </Badge>
    );
  }
  return (
    <Badge tone={TONE[result]} title={RESULT_TITLE[result]} data-testid="audit-result" data-result={result}>
      {LABEL[result]}
    </Badge>
  );
}
