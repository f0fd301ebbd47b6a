import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { AuditFilterInput } from "@/lib/domain/audit/audit-log";
import {
  fetchAuditLog,
  fetchCrawl,
  fetchCrawls,
  fetchFreshness,
  fetchDiff,
  fetchLayout,
  fetchResource,
  fetchTopology,
  fetchTopologyAccount,
  fetchTopologySearch,
  fetchTopologySummary,
} from "./api";
import { queryKeys, type CrawlListKeyInput, type RunRef, type TopologyKeyInput } from "./query-keys";

/** A finished run's estate never changes; the latest one changes when a crawl finishes (see useCrawlWatcher). */
export function topologyQuery(input: TopologyKeyInput = {}) {
  return queryOptions({
    queryKey: queryKeys.topology.detail(input),
    queryFn: ({ signal }) => fetchTopology(input, signal),
    staleTime: input.run === undefined || input.run === "latest" ? 30_000 : Number.POSITIVE_INFINITY,
  });
}

/** A large estate's first picture; accounts are loaded with topologyAccountQuery as they are opened. */
export function topologySummaryQuery(run: RunRef = "latest") {
  return queryOptions({
    queryKey: queryKeys.topology.summary(run),
    queryFn: ({ signal }) => fetchTopologySummary(run, signal),
    staleTime: run === "latest" ? 30_000 : Number.POSITIVE_INFINITY,
  });
}

export function topologyAccountQuery(run: RunRef, account: string) {
  return queryOptions({
    queryKey: queryKeys.topology.account(run, account),
    queryFn: ({ signal }) => fetchTopologyAccount(run, account, signal),
    staleTime: run === "latest" ? 30_000 : Number.POSITIVE_INFINITY,
  });
}

export function topologySearchQuery(run: RunRef, q: string) {
  return queryOptions({
    queryKey: queryKeys.topology.search(run, q),
    queryFn: ({ signal }) => fetchTopologySearch(run, q, signal),
    staleTime: 30_000,
  });
}

export function crawlsQuery(input: CrawlListKeyInput = {}) {
  return queryOptions({
    queryKey: queryKeys.crawls.list(input),
    queryFn: ({ signal }) => fetchCrawls(input, signal),
  });
}

export function freshnessQuery() {
  return queryOptions({
    queryKey: queryKeys.freshness,
    queryFn: ({ signal }) => fetchFreshness(signal),
  });
}

export function crawlQuery(id: number) {
  return queryOptions({
    queryKey: queryKeys.crawls.detail(id),
    queryFn: ({ signal }) => fetchCrawl(id, signal),
  });
}

export function resourceQuery(id: string) {
  return queryOptions({
    queryKey: queryKeys.resources.detail(id),
    queryFn: ({ signal }) => fetchResource(id, signal),
  });
}

export function diffQuery(from: RunRef, to: RunRef) {
  return queryOptions({
    queryKey: queryKeys.diff.detail(from, to),
    queryFn: ({ signal }) => fetchDiff(from, to, signal),
    staleTime: from !== "latest" && to !== "latest" ? Number.POSITIVE_INFINITY : 0,
  });
}

export function layoutQuery(key: string) {
  return queryOptions({
    queryKey: queryKeys.layout.detail(key),
    queryFn: ({ signal }) => fetchLayout(key, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The audit log with these filters, newest first; each page continues where the one before ended. */
export function auditLogQuery(filter: AuditFilterInput = {}) {
  return infiniteQueryOptions({
    queryKey: queryKeys.audit.list(filter),
    queryFn: ({ pageParam, signal }) => fetchAuditLog(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
  });
}
