"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { parseMapUrl, writeMapUrl, type MapUrlState } from "./map-url-state";

export type MapUrlUpdate = (state: MapUrlState) => MapUrlState;

/** Applies a change to the map's URL; answers the search string it leads to (the current one when unchanged). */
export type MapUrlUpdater = (update: MapUrlUpdate, mode?: "push" | "replace") => string;

/**
 * The map's state lives in the URL. Updates go through the History API, which Next.js keeps in sync with
 * useSearchParams without a server round trip; `push` makes a step the Back button returns to. The third value
 * is the search string the state was read from: an update shows in it a render or more after it was made.
 */
export function useMapUrlState(): [MapUrlState, MapUrlUpdater, string] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const key = searchParams.toString();
  const state = useMemo(() => parseMapUrl(new URLSearchParams(key)), [key]);

  const update = useCallback(
    (change: MapUrlUpdate, mode: "push" | "replace" = "replace") => {
      const current = new URLSearchParams(window.location.search);
      const next = writeMapUrl(current, change(parseMapUrl(current)));
      const search = next.toString();
      if (search === current.toString()) return search;
      const url = search ? `${pathname}?${search}` : pathname;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
      return search;
    },
    [pathname],
  );

  return [state, update, key];
}
