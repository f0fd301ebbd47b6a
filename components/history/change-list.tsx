import Link from "next/link";
import { describeCause } from "@/lib/domain/events/freshness";
import { StructuralDiff } from "@/components/ui/structural-diff";
import { isStructured } from "@/components/ui/structural-diff-model";
import { KIND_LOOK } from "@/components/graph/model/kinds";
import { KindGlyph } from "@/components/inspector/kind-glyph";
import { compactJson } from "@/components/inspector/values";
import { cx } from "@/components/ui/cx";
import { CHANGE_LOOK } from "./change-look";
import type { AccountGroup, FieldChangeView, RelationChangeView, ResourceEntry } from "./diff-model";
import { RevealedText } from "@/components/ui/revealed-text";
import { revealInvisible } from "@/lib/domain/text/invisible-characters";

const STATE_TEXT: Record<ResourceEntry["state"], string> = {
  added: "added",
  removed: "removed",
  changed: "changed",
  connections: "relations changed",
};

function StateBadge({ state }: { state: ResourceEntry["state"] }) {
  const look = CHANGE_LOOK[state === "connections" ? "changed" : state];
  return (
    <span
      className={cx(
        "shrink-0 rounded px-1.5 py-px text-[10px] font-bold tracking-wide uppercase",
        state === "connections" ? "bg-amber-100 text-amber-900" : look.badge,
      )}
    >
      {STATE_TEXT[state]}
    </span>
  );
}

function Value({ value, tone }: { value: unknown; tone: "old" | "new" }) {
  const text = compactJson(value);
  return (
    <code
      title={text.length > 80 ? text : undefined}
      className={cx(
        "rounded px-1 py-px font-mono text-xs break-all",
        tone === "old" ? "bg-red-50 text-red-800" : "bg-emerald-50 text-emerald-800",
        text.length > 160 && "line-clamp-2",
      )}
    >
      {text}
    </code>
  );
}

function FieldChangeRow({ change }: { change: FieldChangeView }) {
  if (isStructured(change.before) || isStructured(change.after)) {
    return (
      <li data-testid="field-change" data-path={change.path} data-structured="true" className="py-1">
        <div className="flex items-baseline gap-2">
          <span className="text-sm font-medium text-neutral-800">{change.label}</span>
          <span className="font-mono text-[11px] break-all text-neutral-500">{change.path}</span>
        </div>
        <StructuralDiff
          before={change.kind === "added" ? undefined : change.before}
          after={change.kind === "removed" ? undefined : change.after}
          className="mt-1 max-h-96"
        />
      </li>
    );
  }
  return (
    <li
      data-testid="field-change"
      data-path={change.path}
      className="grid grid-cols-[minmax(12rem,24rem)_1fr] gap-x-3 py-1"
    >
      <div className="min-w-0">
        <div className="text-sm font-medium text-neutral-800">{change.label}</div>
        <div className="font-mono text-[11px] break-all text-neutral-500">{change.path}</div>
      </div>
      <div className="flex min-w-0 flex-wrap items-center gap-1.5 self-center text-sm">
        {change.kind === "added" && (
          <>
            <span className="text-xs text-neutral-500">added</span>
            <Value value={change.after} tone="new" />
          </>
        )}
        {change.kind === "removed" && (
          <>
            <span className="text-xs text-neutral-500">removed</span>
            <Value value={change.before} tone="old" />
          </>
        )}
        {change.kind === "changed" && (
          <>
            <Value value={change.before} tone="old" />
            <span className="text-neutral-400">{" → "}</span>
            <Value value={change.after} tone="new" />
          </>
        )}
      </div>
    </li>
  );
}

function RelationChange({ relation }: { relation: RelationChangeView }) {
  return (
    <li data-testid="relation-change" data-relation={relation.id} className="py-1">
      <div className="flex items-center gap-2 text-sm">
        <svg viewBox="0 0 16 16" aria-hidden="true" className="h-3.5 w-3.5 shrink-0 text-neutral-400">
          <path d="M2 8h10M9 4.5 12.5 8 9 11.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
        <span className="font-medium text-neutral-800">{relation.label}</span>
        <span className="text-xs text-neutral-500">
          ({KIND_LOOK[relation.other.kind].label.toLowerCase()})
        </span>
        <StateBadge state={relation.state} />
      </div>
      {relation.changes.length > 0 && (
        <ul className="ml-5 divide-y divide-neutral-100">
          {relation.changes.map((change) => (
            <FieldChangeRow key={change.path} change={change} />
          ))}
        </ul>
      )}
    </li>
  );
}

function EntryCard({ entry }: { entry: ResourceEntry }) {
  const { resource } = entry;
  const href = `/?selected=${encodeURIComponent(resource.id)}&run=${entry.mapRun}`;
  return (
    <li
      data-testid="change-entry"
      data-entry={resource.id}
      data-change={entry.state}
      className="scroll-mt-24 rounded-lg border border-neutral-200 bg-white px-3 py-2.5 shadow-sm transition-shadow data-[flash=true]:ring-2 data-[flash=true]:ring-violet-400"
    >
      <div className="flex min-w-0 items-center gap-2">
        <KindGlyph kind={resource.kind} size="sm" />
        <Link
          href={href}
          className="truncate text-sm font-semibold text-neutral-900 underline decoration-neutral-300 underline-offset-2 hover:decoration-neutral-700"
          title={`Open ${revealInvisible(resource.name)} on the map at run #${entry.mapRun}`}
        >
          <RevealedText text={resource.name} />
        </Link>
        {entry.context.length > 0 && (
          <span className="truncate text-xs text-neutral-500">
            in {revealInvisible(entry.context.join(" › "))}
          </span>
        )}
        <span className="ml-auto" />
        {resource.region && resource.region !== "global" && (
          <span className="shrink-0 text-xs text-neutral-500">{resource.region}</span>
        )}
        <StateBadge state={entry.state} />
      </div>
      <div className="mt-0.5 truncate font-mono text-[11px] text-neutral-400" title={resource.id}>
        {resource.id}
      </div>
      {entry.cause && (
        <p
          data-testid="change-cause"
          className={
            entry.cause.auditId === null
              ? "mt-1 rounded bg-amber-50 px-1.5 py-0.5 text-xs break-all text-amber-900"
              : "mt-1 text-xs break-all text-neutral-600"
          }
        >
          {describeCause(entry.cause)}
        </p>
      )}
      {entry.changes.length > 0 && (
        <ul aria-label={`Changes to ${resource.name}`} className="mt-1.5 divide-y divide-neutral-100">
          {entry.changes.map((change) => (
            <FieldChangeRow key={change.path} change={change} />
          ))}
        </ul>
      )}
      {entry.relations.length > 0 && (
        <ul aria-label={`Relations of ${resource.name}`} className="mt-1.5 border-t border-neutral-100 pt-1">
          {entry.relations.map((relation) => (
            <RelationChange key={relation.id} relation={relation} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** Every change, by account and kind, each resource linked to the map at the run where it can be seen. */
export function ChangeList({ accounts }: { accounts: AccountGroup[] }) {
  return (
    <div className="space-y-6" aria-label="Field-level changes" role="region">
      {accounts.map((account) => (
        <section key={account.accountId} aria-label={`Changes in ${account.name}`} className="space-y-3">
          <h2 className="flex items-baseline gap-2 border-b border-neutral-200 pb-1">
            <span className="text-base font-semibold text-neutral-900">{account.name}</span>
            {account.accountId && account.accountId !== account.name && (
              <span className="font-mono text-xs text-neutral-500">{account.accountId}</span>
            )}
          </h2>
          {account.kinds.map((group) => (
            <div key={group.kind} className="space-y-1.5">
              <h3 className="text-xs font-semibold tracking-wide text-neutral-500 uppercase">
                {KIND_LOOK[group.kind].plural} ({group.entries.length})
              </h3>
              <ul className="space-y-2">
                {group.entries.map((entry) => (
                  <EntryCard key={entry.resource.id} entry={entry} />
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
