import type { PolicyFinding } from "@/lib/domain/policy/validate";
import { Badge } from "@/components/ui/badge";

const TONE = { error: "bad", warning: "warn", info: "info" } as const;

/** Linter findings with where they are, what they mean and how to fix them. */
export function FindingsList({ findings }: { findings: PolicyFinding[] }) {
  if (findings.length === 0) return <p className="text-sm text-neutral-500">No findings.</p>;
  return (
    <ul className="flex flex-col gap-1.5" data-testid="policy-findings">
      {findings.map((f, i) => (
        <li key={`${f.id}-${i}`} data-testid="policy-finding" data-id={f.id} className="text-sm">
          <Badge tone={TONE[f.severity]}>{f.severity}</Badge>{" "}
          {f.line !== undefined && (
            <span className="font-mono text-xs text-neutral-500">
              {f.line}:{f.column ?? 1}{" "}
            </span>
          )}
          <span>{f.message}</span>
          {f.fix && <span className="text-neutral-600"> — {f.fix}</span>}
          <span className="ml-1 font-mono text-[10px] text-neutral-400">{f.id}</span>
        </li>
      ))}
    </ul>
  );
}
