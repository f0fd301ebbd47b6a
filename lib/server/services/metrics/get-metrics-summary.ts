import "server-only";
import pLimit from "p-limit";
import { costUsd, entityOfArn, type MetricEntity } from "@/lib/domain/metrics/catalog";
import type { MetricsCost, MetricsSummaryResponse, ScopeMetricsState } from "@/lib/domain/metrics/contracts";
import { forwardEdgeTraffic, totalOf, type EdgeTraffic } from "@/lib/domain/metrics/edges";
import type { MetricRange } from "@/lib/domain/metrics/ranges";
import { summarize, unavailableSummary, type TrafficSummary } from "@/lib/domain/metrics/summary";
import type { MetricsDeps } from "./deps";
import { readScope, type ScopeRead } from "./read-scope";
import { resolveWindow } from "./resolve-window";

function groupByScope(entities: readonly MetricEntity[]): Map<string, MetricEntity[]> {
  const out = new Map<string, MetricEntity[]>();
  for (const e of entities) {
    const key = `${e.accountId}|${e.region}`;
    out.set(key, [...(out.get(key) ?? []), e]);
  }
  return out;
}

export function costOf(deps: MetricsDeps, reads: readonly ScopeRead[], cached: boolean): MetricsCost {
  const metricsRequested = reads.reduce((a, r) => a + r.metricsRequested, 0);
  const getMetricDataCalls = reads.reduce((a, r) => a + r.getMetricDataCalls, 0);
  const usd = costUsd(metricsRequested, deps.settings.costPer1000MetricsUsd);
  const spent = deps.store.spentToday(deps.now());
  return {
    metricsRequested: cached ? 0 : metricsRequested,
    getMetricDataCalls: cached ? 0 : getMetricDataCalls,
    listMetricsCalls: cached ? 0 : reads.reduce((a, r) => a + r.listMetricsCalls, 0),
    usd: cached ? 0 : usd,
    cached,
    refresh: { metricsRequested, getMetricDataCalls, usd },
    budget: {
      dailyUsd: deps.settings.dailyBudgetUsd,
      spentTodayUsd: spent,
      exhausted: reads.some((r) => r.overBudget),
    },
  };
}

/**
 * Every service's and target group's traffic on the map, each forward edge's part, and totals per account and
 * service network: one refresh reads each account × region once, in as few GetMetricData calls as the
 * published metrics need, and is served from the cache for the rest of its period.
 */
export async function getMetricsSummary(
  deps: MetricsDeps,
  query: { range: MetricRange; run?: number | undefined },
): Promise<MetricsSummaryResponse> {
  const { window, info, ttlMs } = await resolveWindow(deps, query);
  const key = `summary|${info.range}|${query.run ?? ""}|${window.startMs}|${window.endMs}`;
  const { value, hit } = await deps.store.cached(key, deps.now(), ttlMs, async () => {
    const topology = await deps.topology(query.run);
    const entities = topology.nodes
      .filter((n) => n.kind === "service" || n.kind === "target-group")
      .map((n) => entityOfArn(n.id))
      .filter((e): e is MetricEntity => e !== undefined);
    const limit = pLimit(4);
    const reads = await Promise.all(
      [...groupByScope(entities)].map(([scope, list]) =>
        limit(() => {
          const [accountId, region] = scope.split("|") as [string, string];
          return readScope(deps, { accountId, region }, list, window);
        }),
      ),
    );
    return { reads, topology, entities };
  });
  const { reads, topology, entities } = value;
  const nodes: Record<string, TrafficSummary> = {};
  const scopes: ScopeMetricsState[] = [];
  for (const read of reads) {
    scopes.push({
      accountId: read.accountId,
      region: read.region,
      state: read.overBudget ? "over-budget" : read.unavailable ? "unavailable" : "ok",
      ...(read.unavailable ? { reason: read.unavailable } : {}),
    });
  }
  const scopeOf = new Map(reads.map((r) => [`${r.accountId}|${r.region}`, r]));
  for (const e of entities) {
    const read = scopeOf.get(`${e.accountId}|${e.region}`);
    nodes[e.arn] = read?.unavailable
      ? unavailableSummary(read.unavailable)
      : summarize(read?.series.get(e.arn), window.periodSeconds);
  }
  const summaries = new Map(Object.entries(nodes));
  const forward = topology.edges
    .filter((e) => e.kind === "forward")
    .map((e) => ({ id: e.id, source: e.source, target: e.target, weight: e.weight ?? 1 }));
  const edges: Record<string, EdgeTraffic> = Object.fromEntries(forwardEdgeTraffic(forward, summaries));
  const networkServices = new Map<string, TrafficSummary[]>();
  for (const e of topology.edges) {
    if (e.kind !== "sn-service") continue;
    const s = summaries.get(e.target);
    if (!s) continue;
    edges[e.id] = { ...s, observedShare: null, weightShare: 1, estimated: false };
    networkServices.set(e.source, [...(networkServices.get(e.source) ?? []), s]);
  }
  const totals: Record<string, TrafficSummary> = {};
  for (const [network, list] of networkServices) totals[network] = totalOf(list);
  const byAccount = new Map<string, TrafficSummary[]>();
  for (const e of entities) {
    if (e.kind !== "service") continue;
    byAccount.set(e.accountId, [...(byAccount.get(e.accountId) ?? []), nodes[e.arn]!]);
  }
  for (const [account, list] of byAccount) totals[`account:${account}`] = totalOf(list);
  return {
    window: info,
    nodes,
    edges,
    totals,
    scopes,
    thresholds: deps.settings.thresholds,
    cost: costOf(deps, reads, hit),
  };
}
