import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { AuditResult } from "@/lib/domain/audit";

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

/** How an audited write ended, in words and colour. */
export function AuditResultBadge({ result }: { result: AuditResult }) {
  return (
    <Badge tone={TONE[result]} title={RESULT_TITLE[result]} data-testid="audit-result" data-result={result}>
      {result === "aws-error" ? "AWS error" : result === "not-applied" ? "not applied" : result}
    </Badge>
  );
}
