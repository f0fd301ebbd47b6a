import { KindGlyph } from "@/components/inspector/kind-glyph";
import { FILTER_KINDS, KIND_LOOK } from "@/components/graph/model/kinds";
import { RESOURCE_KINDS, type ResourceKind } from "@/lib/domain/topology/snapshot";
import { formatCount } from "./run-format";

const ORDER: readonly ResourceKind[] = ["account", ...FILTER_KINDS];

function isKind(value: string): value is ResourceKind {
  return (RESOURCE_KINDS as readonly string[]).includes(value);
}

/** Resources in the estate at this run, one chip per kind in the map's colours. */
export function RunCounts({ counts }: { counts: Record<string, number> }) {
  const entries = Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <ul aria-label="Resources by kind" className="flex flex-wrap gap-1.5">
      {entries.map(([kind, count]) => (
        <li
          key={kind}
          data-kind={kind}
          className="flex items-center gap-1.5 rounded-md border border-neutral-200 bg-white py-0.5 pr-2 pl-0.5 text-xs"
        >
          {isKind(kind) ? <KindGlyph kind={kind} size="sm" /> : null}
          <span className="font-semibold text-neutral-900 tabular-nums">{formatCount(count)}</span>
          <span className="text-neutral-600">{isKind(kind) ? plural(kind, count) : kind}</span>
        </li>
      ))}
    </ul>
  );
}

function rank(kind: string): number {
  const index = isKind(kind) ? ORDER.indexOf(kind) : -1;
  return index === -1 ? ORDER.length : index;
}

function plural(kind: ResourceKind, count: number): string {
  const look = KIND_LOOK[kind];
  return count === 1 ? look.label.replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase()) : look.plural;
}
