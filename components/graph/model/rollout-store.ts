import {
  NO_ROLLOUT_MARKS,
  type AccountRollouts,
  type RolloutBadge,
  type RolloutEdgeMark,
  type RolloutMarks,
} from "./rollout-marks";

type Listener = () => void;

function shallowEqual<V extends object>(a: V, b: V): boolean {
  const keys = Object.keys(a) as (keyof V)[];
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key], b[key]));
}

/**
 * Values by key, each with its own listeners. A value equal to the one before (shallowly) is kept as the same
 * object and its listeners are not called, so a component reading one key re-renders only when that key changes.
 */
export class KeyedStore<V extends object> {
  private values: ReadonlyMap<string, V> = new Map();
  private readonly listeners = new Map<string, Set<Listener>>();

  get(key: string): V | undefined {
    return this.values.get(key);
  }

  subscribe(key: string, listener: Listener): () => void {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  /** Replaces every value; returns the keys whose value changed (added, removed or different). */
  replace(next: ReadonlyMap<string, V>): string[] {
    const before = this.values;
    const merged = new Map<string, V>();
    const changed: string[] = [];
    for (const [key, value] of next) {
      const old = before.get(key);
      if (old && shallowEqual(old, value)) merged.set(key, old);
      else {
        merged.set(key, value);
        changed.push(key);
      }
    }
    for (const key of before.keys()) if (!next.has(key)) changed.push(key);
    this.values = merged;
    for (const key of changed) for (const listener of [...(this.listeners.get(key) ?? [])]) listener();
    return changed;
  }
}

/** The rollout marks the map draws, outside React: nodes, edge labels and account boxes each read their own. */
export interface RolloutStore {
  nodes: KeyedStore<RolloutBadge>;
  edges: KeyedStore<RolloutEdgeMark>;
  accounts: KeyedStore<AccountRollouts>;
  set(marks: RolloutMarks): void;
}

export function createRolloutStore(initial: RolloutMarks = NO_ROLLOUT_MARKS): RolloutStore {
  const store: RolloutStore = {
    nodes: new KeyedStore(),
    edges: new KeyedStore(),
    accounts: new KeyedStore(),
    set(marks) {
      store.nodes.replace(marks.nodes);
      store.edges.replace(marks.edges);
      store.accounts.replace(marks.accounts);
    },
  };
  store.set(initial);
  return store;
}
