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
