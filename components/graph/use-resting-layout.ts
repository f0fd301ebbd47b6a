"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { LayoutResponse } from "./model/layout-protocol";

/** How long the view must stay still after a pan or zoom before a refined layout moves the nodes. */
const REST_MS = 400;

export interface RestingLayout {
  layout: LayoutResponse | undefined;
  /** For React Flow's `onMoveStart` and `onMoveEnd`. */
  onMoveStart(): void;
  onMoveEnd(): void;
}

/**
 * The layout to draw. A new request's answer is drawn at once; a refinement of the layout on screen (ELK's
 * answer after the quick column layout of the same request) waits until the view has been still for a moment:
 * moving every node while the user pans or zooms would pull what they are heading for from under the pointer.
 */
export function useRestingLayout(latest: LayoutResponse | undefined): RestingLayout {
  const [moving, setMoving] = useState(false);
  const [shown, setShown] = useState(latest);
  const refines = latest !== undefined && shown !== undefined && latest.id === shown.id;
  if (shown !== latest && !(moving && refines)) setShown(latest);

  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onMoveStart = useCallback(() => {
    clearTimeout(timer.current);
    setMoving(true);
  }, []);
  const onMoveEnd = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMoving(false), REST_MS);
  }, []);
  return { layout: shown, onMoveStart, onMoveEnd };
}
