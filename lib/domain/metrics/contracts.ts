import { z } from "zod";
import type { EdgeTraffic, ErrorThresholds } from "./edges";
import { metricRangeSchema, type MetricRange } from "./ranges";
import type { ChartPoint, MetricsState, TrafficSummary } from "./summary";

const arn = z
  .string({ error: "is required" })
  .regex(
    /^arn:aws[a-z-]*:vpc-lattice:[a-z0-9-]+:\d{12}:(service|targetgroup)\/(svc|tg)-[0-9a-z]+$/,
    "must be a VPC Lattice service or target group ARN",
  );

const run = z.coerce.number().int("must be a crawl run number").positive("must be a crawl run number");

/** `GET /api/metrics?arn=…&range=1h` (or `&run=N`: the window around crawl N). */
export const metricSeriesQuerySchema = z
  .object({ arn, range: metricRangeSchema.default("1h"), run: run.optional() })
  .strict();
export type MetricSeriesQuery = z.infer<typeof metricSeriesQuerySchema>;

/** `GET /api/metrics/summary?range=5m` (or `&run=N`): every service's, target group's and forward edge's traffic. */
export const metricsSummaryQuerySchema = z
  .object({ range: metricRangeSchema.default("5m"), run: run.optional() })
  .strict();
export type MetricsSummaryQuery = z.infer<typeof metricsSummaryQuerySchema>;

export interface MetricWindowInfo {
  range: MetricRange | "run";
  start: string;
  end: string;
  periodSeconds: number;
}

/** What a refresh cost: GetMetricData is billed per metric requested. */
export interface MetricsCost {
  metricsRequested: number;
  getMetricDataCalls: number;
  listMetricsCalls: number;
  usd: number;
  /** Served from the server's cache: nothing was billed for this answer. */
  cached: boolean;
  /** What the refresh behind this answer cost (the same as above unless cached). */
  refresh: { metricsRequested: number; getMetricDataCalls: number; usd: number };
  budget: { dailyUsd: number; spentTodayUsd: number; exhausted: boolean };
}

export interface ScopeMetricsState {
  accountId: string;
  region: string;
  state: "ok" | "unavailable" | "over-budget";
  reason?: string;
}

export interface MetricsSummaryResponse {
  window: MetricWindowInfo;
  /** By node id (service and target group ARNs). */
  nodes: Record<string, TrafficSummary>;
  /** By edge id: forward edges (rule → target group) and service network → service edges. */
  edges: Record<string, EdgeTraffic>;
  /** By account node id (`account:…`) and service network ARN: totals for collapsed boxes. */
  totals: Record<string, TrafficSummary>;
  scopes: ScopeMetricsState[];
  thresholds: ErrorThresholds;
  cost: MetricsCost;
}

export interface MetricSeriesResponse {
  arn: string;
  window: MetricWindowInfo;
  state: MetricsState;
  summary: TrafficSummary;
  points: ChartPoint[];
  cost: MetricsCost;
}
