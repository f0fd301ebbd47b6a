"use client";

import { createContext, useContext, useEffect, useMemo, type ReactNode } from "react";
import { useStore, useStoreApi } from "@xyflow/react";

/** Below this zoom, text is too small to read: nodes draw only what identifies them, which keeps panning cheap. */
const LOW_DETAIL_ZOOM = 0.55;
/** A map this small keeps its edge labels down to here, drawn larger so they stay readable. */
const SPARSE_LABEL_ZOOM = 0.3;
/** Up to this many nodes a map is small enough to keep labels when zoomed out (the demo, a team's estate). */
export const SPARSE_NODES = 300;
/** The labels' size on screen when a small map is zoomed out, as a share of their size at zoom 1. */
const LABEL_SCREEN_SIZE = 0.9;
const MAX_LABEL_SCALE = 3;

export interface DetailLevel {
  /** Nodes show only their name (and what must stay visible: splits, rollouts, health). */
  low: boolean;
  /** Edge labels are drawn. */
  labels: boolean;
}

const DetailContext = createContext<DetailLevel>({ low: false, labels: true });

/**
 * Watches the zoom once for the whole map. A store subscription per node and edge would be asked on every
 * frame of a pan; the context changes only when the zoom crosses a threshold. On a sparse map, edge labels
 * stay to a lower zoom and grow as it shrinks (the CSS variable `--map-label-scale`, set without rendering).
 */
export function LowDetailProvider({ sparse, children }: { sparse: boolean; children: ReactNode }) {
  const low = useStore((state) => state.transform[2] < LOW_DETAIL_ZOOM);
  const labels = useStore((state) => state.transform[2] >= (sparse ? SPARSE_LABEL_ZOOM : LOW_DETAIL_ZOOM));
  const store = useStoreApi();
  useEffect(() => {
    let last = "";
    const apply = (zoom: number, element: HTMLElement | null) => {
      const scale = sparse ? Math.min(MAX_LABEL_SCALE, Math.max(1, LABEL_SCREEN_SIZE / zoom)) : 1;
      const value = scale.toFixed(2);
      if (!element || value === last) return;
      last = value;
      element.style.setProperty("--map-label-scale", value);
    };
    const state = store.getState();
    apply(state.transform[2], state.domNode);
    return store.subscribe((next) => apply(next.transform[2], next.domNode));
  }, [store, sparse]);
  const level = useMemo(() => ({ low, labels }), [low, labels]);
  return <DetailContext value={level}>{children}</DetailContext>;
}

/** Whether the map is zoomed out past reading distance. */
export function useLowDetail(): boolean {
  return useContext(DetailContext).low;
}

/** Whether edge labels are drawn at this zoom. */
export function useEdgeLabels(): boolean {
  return useContext(DetailContext).labels;
}
