import { queryOptions } from "@tanstack/react-query";
import type { MetricSeriesResponse, MetricsSummaryResponse } from "@/lib/domain/metrics/contracts";
import type { MetricRange } from "@/lib/domain/metrics/ranges";
import { getJson } from "./api";

/** How often the map asks for traffic: CloudWatch publishes once a minute. */
export const TRAFFIC_REFRESH_MS = 60_000;

function params(input: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(input)) if (value !== undefined) search.set(key, String(value));
  return search.toString();
}

export function metricsSummaryQuery(range: MetricRange, run?: number) {
  return queryOptions({
    queryKey: ["trellis", "metrics", "summary", range, run ?? "latest"] as const,
    queryFn: ({ signal }) =>
      getJson<MetricsSummaryResponse>(`/api/metrics/summary?${params({ range, run })}`, signal),
    staleTime: 30_000,
    refetchInterval: run === undefined ? TRAFFIC_REFRESH_MS : false,
  });
}

export function metricSeriesQuery(arn: string, range: MetricRange, run?: number) {
  return queryOptions({
    queryKey: ["trellis", "metrics", "series", arn, range, run ?? "latest"] as const,
    queryFn: ({ signal }) =>
      getJson<MetricSeriesResponse>(`/api/metrics?${params({ arn, range, run })}`, signal),
    staleTime: 30_000,
    refetchInterval: run === undefined ? TRAFFIC_REFRESH_MS : false,
  });
}
