import { splitText } from "@/components/graph/split-bar";
import type { TopologyIndex } from "@/components/graph/model/topology-index";
import type { Suggestion } from "./search-dialog";

const MAX = 8;

/**
 * What ⌘K offers before anything is typed, beside the recent ones: resources in trouble (no healthy target,
 * failing requests, then unhealthy targets), services split between target groups, then the service networks.
 */
export function searchSuggestions(index: TopologyIndex): Suggestion[] {
  const list: Suggestion[] = [];
  const degraded: Suggestion[] = [];
  for (const [id, state] of index.health) {
    if (state === "no-healthy") list.push({ id, reason: "no healthy target, yet it receives weight" });
    else if (state === "failing") list.push({ id, reason: "requests it matches reach no target" });
    else if (state === "degraded" && index.byId.get(id)?.kind === "target-group") {
      degraded.push({ id, reason: "some targets unhealthy" });
    }
  }
  list.push(...degraded);
  for (const [id, split] of index.serviceSplits) {
    list.push({ id, reason: `splits ${splitText(split)} between target groups` });
  }
  for (const id of index.networks.keys()) list.push({ id, reason: "service network" });
  return list.slice(0, MAX);
}
