"use client";

import { createContext, useCallback, useContext, useSyncExternalStore } from "react";
import type { AccountRollouts, RolloutBadge, RolloutEdgeMark } from "./model/rollout-marks";
import { edgeKey } from "./model/rollout-marks";
import type { KeyedStore, RolloutStore } from "./model/rollout-store";

/** The map's rollout store. Its value never changes, so reading it re-renders nothing; each key is subscribed. */
export const RolloutStoreContext = createContext<RolloutStore | undefined>(undefined);

const noSubscription = () => () => undefined;

function useKey<V extends object>(pick: (store: RolloutStore) => KeyedStore<V>, key: string): V | undefined {
  const store = useContext(RolloutStoreContext);
  const keyed = store ? pick(store) : undefined;
  const subscribe = useCallback(
    (listener: () => void) => (keyed ? keyed.subscribe(key, listener) : noSubscription()),
    [keyed, key],
  );
  const get = () => keyed?.get(key);
  return useSyncExternalStore(subscribe, get, get);
}

/** The rollout badge of a service, listener or rule node, if one touches it. */
export function useRolloutBadge(nodeId: string): RolloutBadge | undefined {
  return useKey((store) => store.nodes, nodeId);
}

/** The mark of a forward edge that carries a rollout's canary. */
export function useRolloutEdgeMark(source: string, target: string): RolloutEdgeMark | undefined {
  return useKey((store) => store.edges, edgeKey(source, target));
}

/** Rollouts of the services in an account box, by status. */
export function useAccountRollouts(boxId: string): AccountRollouts | undefined {
  return useKey((store) => store.accounts, boxId);
}
