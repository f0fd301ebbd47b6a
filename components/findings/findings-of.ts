import { computeFindings, type Finding } from "@/lib/domain/topology/findings";
import type { Topology } from "@/lib/domain/topology/topology";
import { targetGroupHealthIndex, type TargetGroupHealth } from "@/lib/domain/routing/weights";

interface Derived {
  nodes: Map<string, Topology["nodes"][number]>;
  health: Map<string, TargetGroupHealth>;
  findings?: Finding[];
}

// Keyed by the topology object TanStack Query hands out, so every screen and every selection shares one pass.
const cache = new WeakMap<Topology, Derived>();

function derived(topology: Topology): Derived {
  let entry = cache.get(topology);
  if (!entry) {
    entry = {
      nodes: new Map(topology.nodes.map((n) => [n.id, n])),
      health: targetGroupHealthIndex(topology),
    };
    cache.set(topology, entry);
  }
  return entry;
}

export function nodeIndex(topology: Topology) {
  return derived(topology).nodes;
}

export function healthIndex(topology: Topology) {
  return derived(topology).health;
}

/** Every finding of the topology, computed once per topology. */
export function findingsOf(topology: Topology): Finding[] {
  const entry = derived(topology);
  entry.findings ??= computeFindings(topology, entry.health);
  return entry.findings;
}
