"use client";

import { useStore } from "@xyflow/react";

/** Below this zoom, text is too small to read: nodes draw only what identifies them, which keeps panning cheap. */
const LOW_DETAIL_ZOOM = 0.55;

/** Re-renders a node only when the zoom crosses the threshold, not on every pan or zoom step. */
export function useLowDetail(): boolean {
  return useStore((state) => state.transform[2] < LOW_DETAIL_ZOOM);
}
