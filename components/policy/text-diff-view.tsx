import { RevealedText } from "@/components/ui/revealed-text";
import type { TextDiff } from "@/lib/domain/policy/canonical";

/** The canonical text diff: both policies normalised, so only real changes show. */
export function TextDiffView({ diff }: { diff: TextDiff }) {
  if (diff.added === 0 && diff.removed === 0) {
    return <p className="text-sm text-neutral-500">The policies are the same once normalised.</p>;
  }
  return (
    <pre
      data-testid="policy-text-diff"
      className="max-h-72 overflow-auto rounded border border-neutral-200 bg-neutral-50 py-1 font-mono text-[11px] leading-snug"
    >
      {diff.lines.map((line, i) => (
        <div
          key={i}
          data-kind={line.kind}
          className={
            line.kind === "added"
              ? "bg-emerald-50 px-2 text-emerald-900"
              : line.kind === "removed"
                ? "bg-red-50 px-2 text-red-900"
                : "px-2 text-neutral-600"
          }
        >
          {line.kind === "added" ? "+ " : line.kind === "removed" ? "- " : "  "}
          <RevealedText text={line.text} />
        </div>
      ))}
    </pre>
  );
}
