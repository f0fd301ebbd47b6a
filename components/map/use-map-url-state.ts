"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { parseMapUrl, writeMapUrl, type MapUrlState } from "./map-url-state";

export type MapUrlUpdate = (state: MapUrlState) => MapUrlState;

/**
 * The map's state lives in the URL. Updates go through the History API, which Next.js keeps in sync with
 * useSearchParams without a server round trip; `push` makes a step the Back button returns to.
 */
export function useMapUrlState(): [MapUrlState, (update: MapUrlUpdate, mode?: "push" | "replace") => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const key = searchParams.toString();
  const state = useMemo(() => parseMapUrl(new URLSearchParams(key)), [key]);

  const update = useCallback(
    (change: MapUrlUpdate, mode: "push" | "replace" = "replace") => {
      const current = new URLSearchParams(window.location.search);
      const next = writeMapUrl(current, change(parseMapUrl(current)));
      const search = next.toString();
      if (search === current.toString()) return;
      const url = search ? `${pathname}?${search}` : pathname;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname],
  );

  return [state, update];
}
