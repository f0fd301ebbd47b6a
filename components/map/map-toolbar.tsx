"use client";

import { useState, useSyncExternalStore } from "react";
import { KindIcon } from "@/components/graph/kind-icon";
import { FILTER_KINDS, KIND_LOOK } from "@/components/graph/model/kinds";
import {
  hasFilters,
  isResourceKind,
  NO_FILTERS,
  type MapFilters,
} from "@/components/graph/model/map-filters";
import type { TopologyIndex } from "@/components/graph/model/topology-index";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FilterMenu } from "./filter-menu";
import { revealInvisible } from "@/lib/domain/text/invisible-characters";

const noSubscription = () => () => undefined;

function platformShortcut(): string {
  return /Mac|iPhone|iPad/.test(navigator.userAgent) ? "⌘K" : "Ctrl K";
}

export function MapToolbar({
  index,
  filters,
  onFilters,
  onSearch,
  onCollapseAll,
  canCollapse,
  onResetLayout,
  canResetLayout,
  legendOpen,
  onLegend,
}: {
  index: TopologyIndex | undefined;
  filters: MapFilters;
  onFilters: (filters: MapFilters) => void;
  onSearch: () => void;
  onCollapseAll: () => void;
  canCollapse: boolean;
  /** Absent for someone who may not change the saved layout. */
  onResetLayout: (() => void) | undefined;
  canResetLayout: boolean;
  legendOpen: boolean;
  onLegend: () => void;
}) {
  const [tag, setTag] = useState("");
  const shortcut = useSyncExternalStore(noSubscription, platformShortcut, () => "Ctrl K");
  const accounts = [...(index?.accounts.values() ?? [])]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((a) => ({ value: a.accountId, label: revealInvisible(a.name), hint: a.accountId }));
  const networks = [...(index?.networks.keys() ?? [])]
    .map((id) => index?.byId.get(id))
    .filter((n) => n !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((n) => ({
      value: n.id,
      label: revealInvisible(n.name),
      hint: revealInvisible(index?.accounts.get(index.accountOf(n))?.name ?? ""),
    }));
  const set = (patch: Partial<MapFilters>) => onFilters({ ...filters, ...patch });
  const addTag = () => {
    const text = tag.trim();
    if (!text || filters.tags.includes(text)) return;
    set({ tags: [...filters.tags, text] });
    setTag("");
  };

  return (
    <div className="flex items-start gap-1.5 border-b border-neutral-200 bg-white px-3 py-1.5">
      <Button
        size="sm"
        onClick={onSearch}
        aria-keyshortcuts="Control+K Meta+K"
        className="w-56 justify-start text-neutral-500 max-lg:w-40"
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" className="h-3.5 w-3.5">
          <circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="m20 20-4-4" stroke="currentColor" strokeWidth="2" />
        </svg>
        <span className="flex-1 text-left">Search resources…</span>
        <kbd className="rounded border border-neutral-300 px-1 font-sans text-[10px]">{shortcut}</kbd>
      </Button>
      <span className="mx-1 mt-1 h-5 w-px shrink-0 bg-neutral-200" aria-hidden="true" />
      {/* The filters wrap among themselves; the view's own buttons keep the end of the first line. */}
      <div className="flex min-w-0 flex-1 flex-wrap items-center gap-1.5" role="group" aria-label="Filters">
        <FilterMenu
          label="Account"
          options={accounts}
          selected={filters.accounts}
          onChange={(accounts) => set({ accounts })}
        />
        <FilterMenu
          label="Region"
          options={(index?.regions ?? []).map((r) => ({ value: r, label: r }))}
          selected={filters.regions}
          onChange={(regions) => set({ regions })}
        />
        <FilterMenu
          label="Service network"
          options={networks}
          selected={filters.networks}
          onChange={(networks) => set({ networks })}
        />
        <FilterMenu
          label="Kind"
          options={FILTER_KINDS.map((kind) => ({
            value: kind,
            label: KIND_LOOK[kind].label,
            icon: (
              <span style={{ color: KIND_LOOK[kind].accent }}>
                <KindIcon kind={kind} className="h-3.5 w-3.5" />
              </span>
            ),
          }))}
          selected={filters.kinds}
          onChange={(kinds) => set({ kinds: kinds.filter(isResourceKind) })}
        />
        <Button
          size="sm"
          aria-pressed={filters.health === "issues"}
          onClick={() => set({ health: filters.health === "issues" ? "all" : "issues" })}
          title="Only target groups and services with unhealthy targets or failing actions"
        >
          <span aria-hidden="true" className="h-2 w-2 rounded-full bg-red-500" />
          Health issues
        </Button>
        <form
          className="flex items-center"
          onSubmit={(event) => {
            event.preventDefault();
            addTag();
          }}
        >
          <Input
            aria-label="Filter by tag (key=value)"
            placeholder="tag key=value"
            list="map-tag-keys"
            value={tag}
            onChange={(event) => setTag(event.target.value)}
            className="h-7 w-40 text-xs"
          />
          <datalist id="map-tag-keys">
            {(index?.tagKeys ?? []).map((key) => (
              <option key={key} value={`${key}=`} />
            ))}
          </datalist>
        </form>
        {filters.tags.map((t) => (
          <Button
            key={t}
            size="sm"
            variant="ghost"
            className="max-w-40 bg-sky-50 font-mono text-sky-900"
            aria-label={`Remove tag filter ${t}`}
            title={`Tag ${t} — click to remove`}
            onClick={() => set({ tags: filters.tags.filter((x) => x !== t) })}
          >
            <span className="truncate">{t}</span> ×
          </Button>
        ))}
        {hasFilters(filters) && (
          <Button size="sm" variant="ghost" className="text-sky-700" onClick={() => onFilters(NO_FILTERS)}>
            Clear filters
          </Button>
        )}
      </div>
      <div className="flex shrink-0 items-center gap-1.5">
        <Button size="sm" variant="ghost" onClick={onCollapseAll} disabled={!canCollapse}>
          Collapse all
        </Button>
        {onResetLayout && (
          <Button
            size="sm"
            variant="ghost"
            onClick={onResetLayout}
            disabled={!canResetLayout}
            title="Forget the positions you dragged nodes to"
          >
            Reset layout
          </Button>
        )}
        <Button size="sm" variant="ghost" aria-pressed={legendOpen} onClick={onLegend}>
          Legend
        </Button>
      </div>
    </div>
  );
}
