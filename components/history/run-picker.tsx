import { formatDateTime } from "@/components/crawls/run-format";
import type { CrawlRunSummary } from "@/lib/domain/topology/history";

function optionText(run: CrawlRunSummary): string {
  const changes =
    run.changes === undefined ? "" : run.changes === 0 ? " · no changes" : ` · ${run.changes} changes`;
  return `#${run.id} · ${formatDateTime(run.startedAt ?? run.queuedAt)} UTC · ${run.trigger} · ${run.status}${changes}`;
}

/** One of the two runs to compare, from the finished runs (a run named in the URL is kept even when older). */
export function RunPicker({
  label,
  name,
  runs,
  value,
  onChange,
}: {
  label: string;
  name: string;
  runs: CrawlRunSummary[];
  value: number | undefined;
  onChange: (id: number) => void;
}) {
  const known = value === undefined || runs.some((run) => run.id === value);
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-neutral-600">
      {label}
      <select
        name={name}
        value={value === undefined ? "" : String(value)}
        onChange={(event) => onChange(Number(event.target.value))}
        className="h-9 min-w-72 rounded-md border border-neutral-300 bg-white px-2 text-sm text-neutral-900 focus:border-sky-600 focus:ring-2 focus:ring-sky-600/20 focus:outline-none"
      >
        {value === undefined && (
          <option value="" disabled>
            {runs.length === 0 ? "No finished run" : "No earlier run"}
          </option>
        )}
        {!known && <option value={String(value)}>#{value}</option>}
        {runs.map((run) => (
          <option key={run.id} value={String(run.id)}>
            {optionText(run)}
          </option>
        ))}
      </select>
    </label>
  );
}
