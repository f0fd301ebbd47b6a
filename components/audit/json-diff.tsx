import { cx } from "@/components/ui/cx";
import { jsonDiffRows, type DiffLine, type DiffRow } from "./json-diff-model";

/** Rows drawn at most; a larger change is in the CSV export. */
const MAX_ROWS = 1_000;

const TONE: Record<DiffRow["kind"], { before: string; after: string }> = {
  same: { before: "", after: "" },
  changed: { before: "bg-red-50 text-red-900", after: "bg-emerald-50 text-emerald-900" },
  removed: { before: "bg-red-50 text-red-900", after: "bg-neutral-50" },
  added: { before: "bg-neutral-50", after: "bg-emerald-50 text-emerald-900" },
};

function Side({ line, tone, side }: { line: DiffLine | undefined; tone: string; side: "before" | "after" }) {
  return (
    <>
      <span
        aria-hidden="true"
        className={cx(
          "px-2 text-right text-neutral-400 select-none",
          side === "after" && "border-l border-neutral-200",
          tone,
        )}
      >
        {line?.number ?? ""}
      </span>
      <span data-side={side} className={cx("pr-3 break-all whitespace-pre-wrap", tone)}>
        {line?.text ?? ""}
      </span>
    </>
  );
}

/** Before and after side by side as pretty-printed JSON, drawn as text, with the differing lines marked. */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const rows = jsonDiffRows(before, after);
  const shown = rows.slice(0, MAX_ROWS);
  const heading = (label: string, value: unknown) =>
    value === undefined ? `${label}: nothing recorded` : label;
  return (
    <div data-testid="audit-diff" className="overflow-hidden rounded-lg border border-neutral-200 bg-white">
      <div className="grid grid-cols-2 border-b border-neutral-200 bg-neutral-50 text-xs font-semibold text-neutral-600">
        <span className="px-3 py-1.5">{heading("Before", before)}</span>
        <span className="border-l border-neutral-200 px-3 py-1.5">{heading("After", after)}</span>
      </div>
      <div className="grid grid-cols-[auto_minmax(0,1fr)_auto_minmax(0,1fr)] font-mono text-xs leading-5">
        {shown.map((row, index) => (
          <div key={index} data-testid="audit-diff-row" data-kind={row.kind} className="contents">
            <Side line={row.before} tone={TONE[row.kind].before} side="before" />
            <Side line={row.after} tone={TONE[row.kind].after} side="after" />
          </div>
        ))}
      </div>
      {rows.length > shown.length && (
        <p className="border-t border-neutral-200 px-3 py-1.5 text-xs text-neutral-500">
          {rows.length - shown.length} more lines; the CSV export has all of both.
        </p>
      )}
    </div>
  );
}
