import { z } from "zod";

export const METRIC_RANGES = ["5m", "1h", "6h", "24h"] as const;
export const metricRangeSchema = z.enum(METRIC_RANGES);
export type MetricRange = z.infer<typeof metricRangeSchema>;

const RANGE_SECONDS: Record<MetricRange, number> = { "5m": 300, "1h": 3_600, "6h": 21_600, "24h": 86_400 };

/**
 * Periods that keep a range within one GetMetricData call: 500 queries × ≤ 200 datapoints stays under the
 * 100,800 datapoints one call returns (VPC Lattice publishes once a minute, so 60 s is the finest).
 */
const RANGE_PERIOD: Record<MetricRange, number> = { "5m": 60, "1h": 60, "6h": 120, "24h": 600 };

export const MAX_POINTS_PER_QUERY = 200;

export interface MetricWindow {
  startMs: number;
  endMs: number;
  periodSeconds: number;
}

/** The window of a range ending now, aligned to whole periods so cached answers line up. */
export function rangeWindow(range: MetricRange, nowMs: number): MetricWindow {
  const periodSeconds = RANGE_PERIOD[range];
  const periodMs = periodSeconds * 1000;
  const endMs = Math.ceil(nowMs / periodMs) * periodMs;
  return { startMs: endMs - RANGE_SECONDS[range] * 1000, endMs, periodSeconds };
}

/** How long a range's answer may be served from the cache: one period, at most five minutes. */
export function cacheSeconds(window: MetricWindow): number {
  return Math.min(window.periodSeconds, 300);
}

/** The window around a crawl run (15 minutes either side), with the smallest period that fits one call. */
export function runWindow(
  startedAtMs: number,
  finishedAtMs: number | undefined,
  nowMs: number,
): MetricWindow {
  const startMs = Math.floor((startedAtMs - 15 * 60_000) / 60_000) * 60_000;
  const endMs = Math.min(
    Math.ceil(((finishedAtMs ?? nowMs) + 15 * 60_000) / 60_000) * 60_000,
    nowMs + 60_000,
  );
  const minutes = Math.max(1, (endMs - startMs) / 60_000);
  const periodSeconds = Math.ceil(minutes / MAX_POINTS_PER_QUERY) * 60;
  return { startMs, endMs, periodSeconds };
}

/** The window of the last `seconds` (a rollout gate's analysis window), one datapoint per minute. */
export function analysisWindow(seconds: number, nowMs: number): MetricWindow {
  const endMs = nowMs;
  const startMs = endMs - Math.max(60, seconds) * 1000;
  return { startMs, endMs, periodSeconds: Math.max(60, Math.ceil(seconds / MAX_POINTS_PER_QUERY / 60) * 60) };
}
