import type { EntitySeries, Point } from "./queries";

/**
 * What the numbers mean: `ok` (requests measured), `no-traffic` (published, but zero requests in the window),
 * `no-data` (nothing published for it) and `unavailable` (the metrics could not be read: AccessDenied, …).
 */
export type MetricsState = "ok" | "no-traffic" | "no-data" | "unavailable";

export interface TrafficSummary {
  state: MetricsState;
  requests: number;
  /** Requests (or connections) per second over the window. */
  rps: number;
  /** Share of 5xx answers (0–1); null without requests. */
  errorRate: number | null;
  /** Share of 4xx answers (0–1); null without requests. */
  clientErrorRate: number | null;
  /** Milliseconds; null when not published or no requests. */
  p50: number | null;
  p99: number | null;
  /** Why the state is unavailable. */
  reason?: string;
}

/** Nothing published for the entity: no requests, no rates. A new object each call. */
export function noDataSummary(): TrafficSummary {
  return {
    state: "no-data",
    requests: 0,
    rps: 0,
    errorRate: null,
    clientErrorRate: null,
    p50: null,
    p99: null,
  };
}

export function unavailableSummary(reason: string): TrafficSummary {
  return { ...noDataSummary(), state: "unavailable", reason };
}

const sum = (points: readonly Point[] | undefined) => (points ?? []).reduce((a, p) => a + p.v, 0);

/** Request-weighted mean of a per-period percentile: close to the window's percentile when periods are alike. */
function weightedPercentile(
  values: readonly Point[] | undefined,
  weights: readonly Point[] | undefined,
): number | null {
  if (!values || values.length === 0) return null;
  const weightAt = new Map((weights ?? []).map((p) => [p.t, p.v]));
  let total = 0;
  let acc = 0;
  for (const p of values) {
    const w = weightAt.get(p.t) ?? 0;
    total += w;
    acc += w * p.v;
  }
  if (total > 0) return acc / total;
  return values.reduce((a, p) => a + p.v, 0) / values.length;
}

/**
 * One entity's traffic over a window, from periods of `periodSeconds`: rates are over the periods published
 * (the newest minutes come a little later), not over the whole window.
 */
export function summarize(series: EntitySeries | undefined, periodSeconds: number): TrafficSummary {
  const tcp = series?.connections !== undefined && series.requests === undefined;
  const countSeries = tcp ? series?.connections : series?.requests;
  if (!series || countSeries === undefined) return noDataSummary();
  const requests = sum(countSeries);
  const errors = sum(tcp ? series.connectionErrors : series.errors5xx);
  const clientErrors = sum(series.errors4xx);
  const state: MetricsState = countSeries.length === 0 ? "no-data" : requests > 0 ? "ok" : "no-traffic";
  return {
    state,
    requests,
    rps: countSeries.length > 0 ? requests / (countSeries.length * periodSeconds) : 0,
    errorRate: requests > 0 ? errors / requests : null,
    clientErrorRate: requests > 0 && !tcp ? clientErrors / requests : null,
    p50: requests > 0 ? weightedPercentile(series.p50, countSeries) : null,
    p99: requests > 0 ? weightedPercentile(series.p99, countSeries) : null,
  };
}

export interface ChartPoint {
  t: number;
  rps: number;
  errorRate: number | null;
  p50: number | null;
  p99: number | null;
}

/** Per-period points for charts: rate, error share and latency at each period's start. */
export function chartPoints(series: EntitySeries | undefined, periodSeconds: number): ChartPoint[] {
  if (!series) return [];
  const counts = series.requests ?? series.connections ?? [];
  const errors = new Map((series.errors5xx ?? series.connectionErrors ?? []).map((p) => [p.t, p.v]));
  const p50 = new Map((series.p50 ?? []).map((p) => [p.t, p.v]));
  const p99 = new Map((series.p99 ?? []).map((p) => [p.t, p.v]));
  return counts.map((p) => ({
    t: p.t,
    rps: p.v / periodSeconds,
    errorRate: p.v > 0 ? (errors.get(p.t) ?? 0) / p.v : null,
    p50: p50.get(p.t) ?? null,
    p99: p99.get(p.t) ?? null,
  }));
}
