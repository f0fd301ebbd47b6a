"use client";

import { createContext, useContext } from "react";

export interface MapActions {
  /** Expands or collapses an account, service network, service or target group. */
  toggle(id: string): void;
  /** Opens the weight editor of a rule (set only for someone who may change weights). */
  editForward?: ((ruleId: string) => void) | undefined;
  /** Selects a resource, as clicking its node does (a rollout badge selects its service). */
  select?: ((id: string) => void) | undefined;
  /** Opens a rollout from its badge: selects its service, whose inspector shows it, ended or not. */
  openRollout?: ((service: string, rolloutId: string) => void) | undefined;
}

export const MapActionsContext = createContext<MapActions>({ toggle: () => undefined });

export function useMapActions(): MapActions {
  return useContext(MapActionsContext);
}
