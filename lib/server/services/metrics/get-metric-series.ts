import "server-only";
import { entityOfArn } from "@/lib/domain/metrics/catalog";
import type { MetricSeriesResponse } from "@/lib/domain/metrics/contracts";
import type { MetricRange } from "@/lib/domain/metrics/ranges";
import { chartPoints, summarize, unavailableSummary } from "@/lib/domain/metrics/summary";
import type { MetricsDeps } from "./deps";
import { costOf } from "./get-metrics-summary";
import { readScope } from "./read-scope";
import { resolveWindow } from "./resolve-window";

/** One service's or target group's series over a range (or around a crawl run), for the inspector's charts. */
export async function getMetricSeries(
  deps: MetricsDeps,
  query: { arn: string; range: MetricRange; run?: number | undefined },
): Promise<MetricSeriesResponse> {
  const entity = entityOfArn(query.arn);
  if (!entity) throw new Error(`${query.arn} is not a service or target group ARN`);
  const { window, info, ttlMs } = await resolveWindow(deps, query);
  const key = `series|${query.arn}|${window.startMs}|${window.endMs}|${window.periodSeconds}`;
  const { value: read, hit } = await deps.store.cached(key, deps.now(), ttlMs, () =>
    readScope(deps, { accountId: entity.accountId, region: entity.region }, [entity], window),
  );
  const series = read.series.get(entity.arn);
  const summary = read.unavailable
    ? unavailableSummary(read.unavailable)
    : summarize(series, window.periodSeconds);
  return {
    arn: entity.arn,
    window: info,
    state: summary.state,
    summary,
    points: read.unavailable ? [] : chartPoints(series, window.periodSeconds),
    cost: costOf(deps, [read], hit),
  };
}
