import type { ResourceVersionView } from "@/lib/domain/http/api-responses";
import type { FieldChange } from "@/lib/domain/topology/history";
import { Section } from "./section";
import { compactJson, formatTime } from "./values";
import { revealInvisible } from "@/lib/domain/text/invisible-characters";
import { describeCause } from "@/lib/domain/events/freshness";

const SHOWN_CHANGES = 12;

function ChangeLine({ change }: { change: FieldChange }) {
  const before = revealInvisible(compactJson(change.before));
  const after = revealInvisible(compactJson(change.after));
  return (
    <li data-testid="version-change" className="min-w-0 font-mono text-[11px] leading-snug">
      <span className="text-neutral-600">{revealInvisible(change.path.replace(/^data\./, ""))}</span>{" "}
      {change.kind === "added" ? (
        <span className="text-emerald-800" title={after}>
          + {after}
        </span>
      ) : change.kind === "removed" ? (
        <span className="text-red-800 line-through" title={before}>
          {before}
        </span>
      ) : (
        <span title={`${before} → ${after}`}>
          <span className="text-red-800">{before}</span> → <span className="text-emerald-800">{after}</span>
        </span>
      )}
    </li>
  );
}

function runRange(version: ResourceVersionView): string {
  if (version.to === null) return `run #${version.from.runId} – now`;
  const last = version.to.runId - 1;
  return last === version.from.runId ? `run #${last}` : `runs #${version.from.runId} – #${last}`;
}

/** Every recorded version, newest first, with the runs it was seen in and what changed from the one before. */
export function VersionHistory({
  history,
  deleted,
  currentVersionId,
}: {
  history: ResourceVersionView[];
  deleted: boolean;
  /** The version the inspector shows (the one valid at the selected run). */
  currentVersionId: number | undefined;
}) {
  const newestFirst = [...history].reverse();
  const gone = deleted ? history.at(-1)?.to : null;
  return (
    <Section
      title="History"
      testId="inspector-history"
      aside={
        <span className="text-xs text-neutral-500">
          {history.length} version{history.length === 1 ? "" : "s"}
        </span>
      }
    >
      {gone && (
        <p className="mb-2 text-sm text-red-800">
          Not seen since run #{gone.runId} ({formatTime(gone.at)}).
        </p>
      )}
      <ol className="flex flex-col gap-2">
        {newestFirst.map((version, index) => {
          const number = history.length - index;
          const shown = version.changes.slice(0, SHOWN_CHANGES);
          return (
            <li
              key={version.versionId}
              data-testid="version"
              data-version={version.versionId}
              aria-current={version.versionId === currentVersionId || undefined}
              className="rounded border border-neutral-200 p-2 aria-[current]:border-sky-300 aria-[current]:bg-sky-50"
            >
              <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
                <span className="font-semibold">v{number}</span>
                <span className="text-neutral-700">{runRange(version)}</span>
                <span className="text-xs text-neutral-500">since {formatTime(version.from.at)}</span>
              </p>
              {version.cause && (
                <p
                  data-testid="version-cause"
                  className={
                    version.cause.auditId === null
                      ? "mt-0.5 rounded bg-amber-50 px-1 text-xs break-all text-amber-900"
                      : "mt-0.5 text-xs break-all text-neutral-600"
                  }
                >
                  {describeCause(version.cause)}
                </p>
              )}
              {number === 1 ? (
                <p className="text-xs text-neutral-500">First seen.</p>
              ) : version.changes.length === 0 ? (
                <p className="text-xs text-neutral-500">No field changes recorded.</p>
              ) : (
                <ul className="mt-1 flex flex-col gap-0.5 break-all">
                  {shown.map((change) => (
                    <ChangeLine key={`${change.kind}|${change.path}`} change={change} />
                  ))}
                  {version.changes.length > shown.length && (
                    <li className="text-xs text-neutral-500">
                      and {version.changes.length - shown.length} more
                    </li>
                  )}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </Section>
  );
}
