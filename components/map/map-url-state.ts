import { isResourceKind, type MapFilters } from "@/components/graph/model/map-filters";

/** Everything the map shows that a link should reproduce. */
export interface MapUrlState {
  selected: string | undefined;
  /** A rollout opened from its badge: the inspector shows it (its service is `selected`). */
  rollout?: string | undefined;
  /** A routing change opened from the audit log, shown above the inspector of `selected`. */
  change?: string | undefined;
  /** A crawl run to show the estate at; undefined: the latest. */
  run: number | undefined;
  expanded: ReadonlySet<string>;
  filters: MapFilters;
}

export const MAP_PARAMS = {
  selected: "selected",
  rollout: "rollout",
  change: "change",
  run: "run",
  expand: "expand",
  account: "account",
  region: "region",
  network: "network",
  kind: "kind",
  health: "health",
  tag: "tag",
} as const;

const RUN = /^[1-9]\d{0,15}$/;

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ""))];
}

export function parseMapUrl(params: URLSearchParams): MapUrlState {
  const run = params.get(MAP_PARAMS.run);
  return {
    selected: params.get(MAP_PARAMS.selected) || undefined,
    rollout: params.get(MAP_PARAMS.rollout) || undefined,
    change: params.get(MAP_PARAMS.change) || undefined,
    run: run && RUN.test(run) ? Number(run) : undefined,
    expanded: new Set(unique(params.getAll(MAP_PARAMS.expand))),
    filters: {
      accounts: unique(params.getAll(MAP_PARAMS.account)).filter((a) => /^\d{12}$/.test(a)),
      regions: unique(params.getAll(MAP_PARAMS.region)),
      networks: unique(params.getAll(MAP_PARAMS.network)),
      kinds: unique(params.getAll(MAP_PARAMS.kind)).filter(isResourceKind),
      health: params.get(MAP_PARAMS.health) === "issues" ? "issues" : "all",
      tags: unique(params.getAll(MAP_PARAMS.tag)),
    },
  };
}

/** Writes a state into search params, keeping parameters the map does not own. */
export function writeMapUrl(base: URLSearchParams, state: MapUrlState): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const name of Object.values(MAP_PARAMS)) params.delete(name);
  if (state.run !== undefined) params.set(MAP_PARAMS.run, String(state.run));
  if (state.selected) params.set(MAP_PARAMS.selected, state.selected);
  if (state.selected && state.rollout) params.set(MAP_PARAMS.rollout, state.rollout);
  if (state.selected && state.change) params.set(MAP_PARAMS.change, state.change);
  for (const id of [...state.expanded].sort()) params.append(MAP_PARAMS.expand, id);
  const f = state.filters;
  for (const a of f.accounts) params.append(MAP_PARAMS.account, a);
  for (const r of f.regions) params.append(MAP_PARAMS.region, r);
  for (const n of f.networks) params.append(MAP_PARAMS.network, n);
  for (const k of f.kinds) params.append(MAP_PARAMS.kind, k);
  if (f.health !== "all") params.set(MAP_PARAMS.health, f.health);
  for (const t of f.tags) params.append(MAP_PARAMS.tag, t);
  return params;
}
