"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { useCan } from "@/components/auth/auth-context";
import { buildMapGraph } from "@/components/graph/model/build-map-graph";
import { MapCanvas, type MapFocus } from "@/components/graph/map-canvas";
import type { MapFilters } from "@/components/graph/model/map-filters";
import { createRolloutStore } from "@/components/graph/model/rollout-store";
import { buildTopologyIndex, type TopologyIndex } from "@/components/graph/model/topology-index";
import type { TopologyNode } from "@/lib/domain/topology/topology";
import { ChangePanel } from "@/components/changes/change-panel";
import { Inspector } from "@/components/inspector/inspector";
import { MapLegend } from "@/components/map/map-legend";
import { MapStatusBar, NoCrawlYet } from "@/components/map/map-status";
import { MapToolbar } from "@/components/map/map-toolbar";
import { PartialBanner } from "@/components/map/partial-banner";
import { SearchDialog } from "@/components/map/search-dialog";
import { searchSuggestions } from "@/components/map/search-suggestions";
import { useCrawlWatcher } from "@/components/map/use-crawl-watcher";
import { FreshnessBar } from "@/components/map/freshness-bar";
import { useFreshness } from "@/components/map/use-freshness";
import { useMapUrlState } from "@/components/map/use-map-url-state";
import { useRolloutWatcher } from "@/components/map/use-rollout-watcher";
import { accountOfId, useEstateTopology } from "@/components/map/use-estate-topology";
import { useSavedLayout } from "@/components/map/use-saved-layout";
import { buildSearchIndex } from "@/lib/domain/topology/search";
import { TrafficContext } from "@/components/graph/traffic-context";
import { TrafficBar } from "@/components/traffic/traffic-bar";
import { useTrafficState } from "@/components/traffic/use-traffic-state";

const LAYOUT_KEY = "default";

function toggled(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/**
 * What must be open for a node to be seen where it lives: its account box, and the service or target group it
 * hangs below (a rule, a target). Outermost first.
 */
function enclosing(index: TopologyIndex, node: TopologyNode): string[] {
  if (node.kind === "account") return [];
  const anchor = index.anchorOf.get(node.id);
  return [index.accountOf(node), ...(anchor && anchor !== node.id ? [anchor] : [])];
}

/** The topology map: account boxes, their resources and the relations between them, with search and inspector. */
export function MapClient({ summaryFirst = false }: { summaryFirst?: boolean }) {
  const [url, update, searchKey] = useMapUrlState();
  const { selected, run, expanded, filters, change } = url;
  // A search result being opened in an account the summary-first map has not loaded yet.
  const [pending, setPending] = useState<string | undefined>(selected);
  const pendingAccount = pending ? accountOfId(pending) : undefined;
  const topologyResult = useEstateTopology({
    run,
    summaryFirst,
    expanded,
    selected,
    filters,
    ...(pendingAccount ? { extra: [pendingAccount] } : {}),
  });
  const { topology, estate } = topologyResult;
  const index = useMemo(
    () => (topology ? buildTopologyIndex(topology, estate) : undefined),
    [topology, estate],
  );
  const graph = useMemo(
    () => (index ? buildMapGraph(index, { expanded, selected, filters }) : undefined),
    [index, expanded, selected, filters],
  );
  const latest = useCrawlWatcher(run !== undefined, topology?.run?.id);
  const freshness = useFreshness(run !== undefined, topology?.run?.id);
  const [rollouts] = useState(createRolloutStore);
  const scope = graph?.scope;
  const inScope = useMemo(() => (scope ? (id: string) => scope.has(id) : undefined), [scope]);
  useRolloutWatcher(rollouts, topology, run !== undefined, inScope);
  const layout = useSavedLayout(LAYOUT_KEY);
  const traffic = useTrafficState(run, topology !== undefined);
  const canArrange = useCan("operator");

  const [searchOpen, setSearchOpen] = useState(false);
  const [searched, setSearched] = useState(false);
  const searchIndex = useMemo(
    () => (topology && searched ? buildSearchIndex(topology) : undefined),
    [topology, searched],
  );
  const suggestions = useMemo(() => (index && searched ? searchSuggestions(index) : []), [index, searched]);
  const accountNames = useMemo(
    () => new Map([...(index?.accounts.values() ?? [])].map((a) => [a.accountId, a.name])),
    [index],
  );
  const [legendOpen, setLegendOpen] = useState(false);
  const [focus, setFocus] = useState<MapFocus | undefined>(() =>
    selected ? { id: selected, nonce: 0 } : undefined,
  );
  // A focus waits for the URL change it came with to reach the map; meanwhile the view keeps the one before.
  const [shownFocus, setShownFocus] = useState(focus);
  if (focus !== shownFocus && (focus?.awaits === undefined || focus.awaits === searchKey))
    setShownFocus(focus);
  // A link to a resource (from Findings, History, Audit) opens the boxes around it, as a jump from search does;
  // on a summary-first map, once the resource's account has loaded.
  useEffect(() => {
    if (!pending || !index) return;
    if (index.loaded && pendingAccount && !index.loaded.has(`account:${pendingAccount}`)) return;
    setPending(undefined);
    const node = index.byId.get(pending);
    if (!node) return;
    const boxes = enclosing(index, node);
    if (boxes.every((id) => expanded.has(id))) return;
    const awaits = update((s) => ({ ...s, expanded: new Set([...s.expanded, ...boxes]) }));
    setFocus({ id: pending, nonce: Date.now(), awaits, ...(boxes[0] ? { opens: boxes[0] } : {}) });
  }, [index, pending, pendingAccount, expanded, update]);

  const openSearch = useCallback(() => {
    setSearched(true);
    setSearchOpen(true);
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        openSearch();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [openSearch]);

  const onSelect = useCallback(
    (id: string) => {
      const awaits = update((s) => ({ ...s, selected: id, rollout: undefined, change: undefined }), "push");
      const node = index?.byId.get(id);
      if (node?.kind === "service" || node?.kind === "target-group") {
        setFocus({ id, nonce: Date.now(), opens: id, animate: true, awaits });
      }
    },
    [update, index],
  );
  const onToggle = useCallback(
    (id: string) => {
      const opening = !expanded.has(id);
      performance.mark("trellis:toggle", { detail: { id, opening } });
      const awaits = update((s) => ({ ...s, expanded: toggled(s.expanded, id) }));
      // Opening glides to what opened; closing leaves the view, unless nothing is left in it (see MapCanvas).
      if (opening) setFocus({ id, nonce: Date.now(), opens: id, animate: true, awaits });
    },
    [update, expanded],
  );
  const onCollapseAll = useCallback(() => {
    const awaits = update((s) => ({ ...s, expanded: new Set() }));
    setFocus({ nonce: Date.now(), animate: true, awaits });
  }, [update]);
  const onOpenRollout = useCallback(
    (service: string, rolloutId: string) => {
      update((s) => ({ ...s, selected: service, rollout: rolloutId }), "push");
    },
    [update],
  );
  const onChoose = useCallback(
    (id: string) => {
      const node = index?.byId.get(id);
      setSearchOpen(false);
      const account = accountOfId(id);
      if (index?.loaded && account && !index.loaded.has(`account:${account}`)) {
        // Not loaded yet: select it now, open it once its account has loaded (the effect above).
        update((s) => ({ ...s, selected: id, rollout: undefined, change: undefined }), "push");
        setPending(id);
        return;
      }
      if (!node || !index) return;
      const boxes = enclosing(index, node);
      const awaits = update(
        (s) => ({
          ...s,
          selected: id,
          rollout: undefined,
          change: undefined,
          expanded: new Set([...s.expanded, ...boxes]),
        }),
        "push",
      );
      setFocus({
        id,
        nonce: Date.now(),
        animate: true,
        awaits,
        ...(boxes.at(-1) ? { opens: boxes.at(-1) } : {}),
      });
    },
    [index, update],
  );
  const onFilters = useCallback(
    (next: MapFilters) => {
      const awaits = update((s) => ({ ...s, filters: next }));
      setFocus({ nonce: Date.now(), animate: true, awaits });
    },
    [update],
  );
  const onClose = useCallback(
    () => update((s) => ({ ...s, selected: undefined, rollout: undefined, change: undefined }), "push"),
    [update],
  );
  // The rule whose forward edge was clicked: the inspector opens on it with its weight editor open.
  const [editing, setEditing] = useState<string>();
  const onEditForward = useCallback(
    (ruleId: string) => {
      setEditing(ruleId);
      update((s) => ({ ...s, selected: ruleId, rollout: undefined, change: undefined }), "push");
    },
    [update],
  );

  return (
    <TrafficContext.Provider value={traffic}>
      <div className="flex h-full min-h-0 flex-col">
        <MapStatusBar
          demo={topology?.demo ?? false}
          run={topology?.run ?? null}
          pinned={run !== undefined}
          latest={latest}
          onLatest={() => update((s) => ({ ...s, run: undefined }), "push")}
        />
        {run === undefined && <FreshnessBar freshness={freshness} />}
        <MapToolbar
          index={index}
          filters={filters}
          onFilters={onFilters}
          onSearch={openSearch}
          onCollapseAll={onCollapseAll}
          canCollapse={expanded.size > 0}
          onResetLayout={canArrange ? () => layout.reset() : undefined}
          canResetLayout={layout.positions.size > 0}
          legendOpen={legendOpen}
          onLegend={() => setLegendOpen((o) => !o)}
        />
        {topology && <PartialBanner topology={topology} />}
        <div className="flex min-h-0 flex-1">
          <main aria-label="Topology map" className="relative min-w-0 flex-1 bg-neutral-100">
            {topologyResult.isError && !topology && (
              <div
                role="alert"
                className="m-6 rounded-lg border border-red-200 bg-white p-4 text-sm text-red-800"
              >
                The topology could not be loaded: {topologyResult.error?.message}.{" "}
                <button
                  type="button"
                  className="font-semibold underline"
                  onClick={() => void topologyResult.refetch()}
                >
                  Try again
                </button>
              </div>
            )}
            {topologyResult.isPending && (
              <p role="status" className="p-6 text-sm text-neutral-600">
                Loading the topology…
              </p>
            )}
            {topology && topology.run === null && topology.nodes.length === 0 && (
              <NoCrawlYet crawling={latest !== undefined && latest.finishedAt === null} />
            )}
            {graph && topology && topology.nodes.length > 0 && (
              <MapCanvas
                graph={graph}
                selected={selected}
                saved={layout.positions}
                focus={shownFocus}
                onSelect={onSelect}
                onToggle={onToggle}
                rollouts={rollouts}
                onOpenRollout={onOpenRollout}
                onMoved={canArrange ? layout.save : undefined}
                {...(canArrange && run === undefined ? { onEditForward } : {})}
              />
            )}
            {graph && graph.boxes.length === 0 && topology && topology.nodes.length > 0 && (
              <p
                role="status"
                className="absolute inset-x-0 top-10 mx-auto w-fit rounded bg-white px-3 py-2 text-sm shadow"
              >
                Nothing matches these filters.
              </p>
            )}
            {graph && topology && topology.nodes.length > 0 && <TrafficBar />}
            {legendOpen && <MapLegend onClose={() => setLegendOpen(false)} />}
            {layout.error && (
              <p
                role="alert"
                className="absolute bottom-3 left-16 rounded bg-white px-2 py-1 text-xs text-red-700 shadow"
              >
                Could not save node positions: {layout.error.message}
              </p>
            )}
          </main>
          {selected && (
            <aside
              aria-label="Selected resource"
              className="flex w-[440px] max-w-[45vw] shrink-0 flex-col border-l border-neutral-200 bg-white"
            >
              {change && (
                <ChangePanel
                  id={change}
                  onClose={() => update((s) => ({ ...s, change: undefined }), "push")}
                />
              )}
              {/* Clips what the inspector places absolutely (screen-reader text), which otherwise lengthened the page. */}
              <div className="relative min-h-0 flex-1 overflow-hidden">
                <Inspector
                  key={selected}
                  resourceId={selected}
                  run={run}
                  onClose={onClose}
                  {...(editing === selected ? { autoEdit: selected } : {})}
                />
              </div>
            </aside>
          )}
        </div>
        <SearchDialog
          open={searchOpen}
          onClose={() => setSearchOpen(false)}
          index={searchIndex}
          {...(summaryFirst ? { remoteRun: run ?? "latest" } : {})}
          accountNames={accountNames}
          suggestions={suggestions}
          onChoose={onChoose}
        />
      </div>
    </TrafficContext.Provider>
  );
}
