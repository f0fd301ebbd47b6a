"use client";

import { createContext, useContext, type ReactNode } from "react";
import { useStore } from "@xyflow/react";

/** Below this zoom, text is too small to read: nodes draw only what identifies them, which keeps panning cheap. */
const LOW_DETAIL_ZOOM = 0.55;

const LowDetailContext = createContext(false);

/**
 * Watches the zoom once for the whole map. A store subscription per node and edge would be asked on every
 * frame of a pan; the context changes only when the zoom crosses the threshold.
 */
export function LowDetailProvider({ children }: { children: ReactNode }) {
  const lowDetail = useStore((state) => state.transform[2] < LOW_DETAIL_ZOOM);
  return <LowDetailContext value={lowDetail}>{children}</LowDetailContext>;
}

/** Whether the map is zoomed out past reading distance. */
export function useLowDetail(): boolean {
  return useContext(LowDetailContext);
}
