import Link from "next/link";
import { CHANGE_LOOK } from "./change-look";
import type { ChangeState, DiffTotals } from "./diff-model";

const STATES: readonly ChangeState[] = ["added", "removed", "changed"];

/** How many resources and relations each change touched, with links to both runs on the map. */
export function DiffSummary({ from, to, totals }: { from: number; to: number; totals: DiffTotals }) {
  const row = (label: string, counts: Record<ChangeState, number>) => (
    <div className="flex items-center gap-2">
      <span className="w-20 text-neutral-500">{label}</span>
      {STATES.map((state) => (
        <span
          key={state}
          data-testid={`${label.toLowerCase()}-${state}`}
          className={
            counts[state] > 0
              ? `rounded px-1.5 py-px text-xs font-semibold ${CHANGE_LOOK[state].badge}`
              : "rounded px-1.5 py-px text-xs text-neutral-400 ring-1 ring-neutral-200"
          }
        >
          {counts[state]} {state}
        </span>
      ))}
    </div>
  );
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-neutral-200 bg-white px-4 py-3 text-sm shadow-sm">
      <div className="space-y-1.5">
        {row("Resources", totals.resources)}
        {row("Relations", totals.relations)}
      </div>
      <div className="flex items-center gap-4">
        <Link href={`/crawls?run=${to}`} className="text-neutral-700 underline decoration-neutral-300">
          Crawl run #{to}
        </Link>
        <Link
          href={`/?run=${from}`}
          className="text-neutral-700 underline decoration-neutral-300"
          title="The estate as it was at the earlier run"
        >
          Map at #{from}
        </Link>
        <Link href={`/?run=${to}`} className="font-medium text-violet-700 underline decoration-violet-300">
          Map at #{to} →
        </Link>
      </div>
    </div>
  );
}

/** What the change graph's colours mean. */
export function DiffLegend() {
  return (
    <ul aria-label="Legend" className="flex flex-wrap items-center gap-4 text-xs text-neutral-600">
      {STATES.map((state) => (
        <li key={state} className="flex items-center gap-1.5">
          <span className={`h-3 w-5 rounded border ${CHANGE_LOOK[state].ring}`} />
          {state}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span className="h-3 w-5 rounded border border-neutral-300 bg-white opacity-75" />
        unchanged, shown for context
      </li>
      <li className="text-neutral-500">Click a resource to find it in the list.</li>
    </ul>
  );
}
