"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { mergeNodes } from "@/components/graph/model/estate-summary";
import type { MapFilters } from "@/components/graph/model/map-filters";
import { parseTagFilter } from "@/components/graph/model/map-filters";
import type { EstateContext } from "@/components/graph/model/topology-index";
import type { TopologyResponse } from "@/lib/domain/http/api-responses";
import type { TopologySummaryResponse } from "@/lib/domain/http/topology-summary";
import type { IncompleteMark } from "@/lib/domain/topology/incomplete";
import type { ResourceKind } from "@/lib/domain/topology/snapshot";
import type { TopologyEdge, TopologyNode } from "@/lib/domain/topology/topology";
import { topologyAccountQuery, topologyQuery, topologySummaryQuery } from "@/lib/client/query-options";

/** The account a resource id belongs to: `account:<id>`, or the account field of its ARN. */
export function accountOfId(id: string): string | undefined {
  if (id.startsWith("account:")) return id.slice("account:".length);
  const part = id.split(":")[4];
  return part && /^\d{12}$/.test(part) ? part : undefined;
}

/**
 * Accounts that may hold what the content filters keep, from what the summary says of each (kinds counted,
 * issues, tags, the networks' members): these are loaded so the filters run on their resources.
 */
export function accountsForFilters(summary: TopologySummaryResponse, filters: MapFilters): string[] {
  const content =
    filters.kinds.length > 0 ||
    filters.tags.length > 0 ||
    filters.networks.length > 0 ||
    filters.health !== "all";
  if (!content) return [];
  const tags = filters.tags.map(parseTagFilter).filter((t) => t !== undefined);
  const networkAccounts = new Set<string>();
  for (const network of filters.networks) {
    const owner = accountOfId(network);
    if (owner) networkAccounts.add(owner);
    for (const edge of summary.edges) {
      if (edge.source !== network && edge.target !== network) continue;
      const other = accountOfId(edge.source === network ? edge.target : edge.source);
      if (other) networkAccounts.add(other);
    }
  }
  return summary.accounts
    .filter((a) => !a.external && a.nodes > 0)
    .filter((a) => filters.accounts.length === 0 || filters.accounts.includes(a.accountId))
    .filter(
      (a) => filters.kinds.length === 0 || filters.kinds.some((k) => (a.counts[anchorKind(k)] ?? 0) > 0),
    )
    .filter((a) => filters.health === "all" || a.issues > 0 || a.health.degraded > 0)
    .filter((a) =>
      tags.every((t) =>
        a.tags.some((kv) =>
          t.value === undefined ? kv.startsWith(`${t.key}=`) : kv === `${t.key}=${t.value}`,
        ),
      ),
    )
    .filter((a) => filters.networks.length === 0 || networkAccounts.has(a.accountId))
    .map((a) => a.accountId);
}

/** Listeners and rules are counted with their services, targets with their target groups. */
function anchorKind(kind: ResourceKind): ResourceKind {
  if (kind === "listener" || kind === "rule") return "service";
  if (kind === "target") return "target-group";
  return kind;
}

export interface EstateTopology {
  topology: TopologyResponse | undefined;
  estate: EstateContext | undefined;
  isPending: boolean;
  isError: boolean;
  error: Error | null;
  refetch: () => unknown;
  /** Accounts being loaded right now. */
  loading: number;
}

/**
 * The topology the map draws. The whole estate for a small one; for a large one (`summaryFirst`), the summary
 * plus the accounts that are open, hold the selection, or may hold what the filters keep, each loaded once.
 */
export function useEstateTopology(input: {
  run: number | undefined;
  summaryFirst: boolean;
  expanded: ReadonlySet<string>;
  selected: string | undefined;
  filters: MapFilters;
  /** Accounts to load besides: those of a search result being opened. */
  extra?: readonly string[];
}): EstateTopology {
  const { run, summaryFirst, expanded, selected, filters, extra } = input;
  const ref = run ?? "latest";
  const whole = useQuery({ ...topologyQuery(run === undefined ? {} : { run }), enabled: !summaryFirst });
  const summaryResult = useQuery({ ...topologySummaryQuery(ref), enabled: summaryFirst });
  const summary = summaryResult.data;

  const wanted = useMemo(() => {
    if (!summaryFirst || !summary) return [];
    const known = new Set(summary.accounts.filter((a) => a.nodes > 0).map((a) => a.accountId));
    const ids = new Set<string>();
    for (const id of expanded) if (id.startsWith("account:")) ids.add(id.slice("account:".length));
    const selectedAccount = selected ? accountOfId(selected) : undefined;
    if (selectedAccount) ids.add(selectedAccount);
    for (const account of extra ?? []) ids.add(account);
    for (const account of accountsForFilters(summary, filters)) ids.add(account);
    return [...ids].filter((id) => known.has(id)).sort();
  }, [summaryFirst, summary, expanded, selected, filters, extra]);

  const accounts = useQueries({
    queries: wanted.map((account) => topologyAccountQuery(ref, account)),
  });
  const loadedData = accounts.map((q) => q.data);
  const loadedKey = wanted.filter((_, i) => loadedData[i] !== undefined).join(",");

  const merged = useMemo(() => {
    if (!summaryFirst || !summary) return undefined;
    const nodes = new Map<string, TopologyNode>();
    mergeNodes(nodes, summary.nodes);
    const edges = new Map<string, TopologyEdge>(summary.edges.map((e) => [e.id, e]));
    const incomplete: IncompleteMark[] = [];
    const loaded = new Set<string>();
    loadedData.forEach((detail, i) => {
      if (!detail) return;
      loaded.add(`account:${wanted[i]}`);
      mergeNodes(nodes, detail.nodes);
      for (const edge of detail.edges) edges.set(edge.id, edge);
      if (detail.incomplete) incomplete.push(...detail.incomplete);
    });
    const topology: TopologyResponse = {
      run: summary.run,
      demo: summary.demo,
      scopes: summary.scopes,
      nodes: [...nodes.values()],
      edges: [...edges.values()],
      ...(incomplete.length > 0 ? { incomplete } : {}),
    };
    return { topology, estate: { summary, loaded } };
    // loadedKey stands for loadedData, whose array identity changes every render.
  }, [summaryFirst, summary, loadedKey]);

  if (!summaryFirst) {
    return {
      topology: whole.data,
      estate: undefined,
      isPending: whole.isPending,
      isError: whole.isError,
      error: whole.error,
      refetch: whole.refetch,
      loading: 0,
    };
  }
  return {
    topology: merged?.topology,
    estate: merged?.estate,
    isPending: summaryResult.isPending,
    isError: summaryResult.isError || accounts.some((q) => q.isError),
    error: summaryResult.error ?? accounts.find((q) => q.error)?.error ?? null,
    refetch: () => {
      void summaryResult.refetch();
      for (const q of accounts) if (q.isError) void q.refetch();
    },
    loading: accounts.filter((q) => q.isPending).length,
  };
}
