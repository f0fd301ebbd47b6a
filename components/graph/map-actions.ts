"use client";

import { createContext, useContext } from "react";

export interface MapActions {
  /** Expands or collapses an account, service network, service or target group. */
  toggle(id: string): void;
}

export const MapActionsContext = createContext<MapActions>({ toggle: () => undefined });

export function useMapActions(): MapActions {
  return useContext(MapActionsContext);
}
