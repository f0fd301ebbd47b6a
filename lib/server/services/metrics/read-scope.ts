import "server-only";
import {
  costUsd,
  dimensionValueOf,
  publishedSet,
  specsFor,
  type MetricEntity,
} from "@/lib/domain/metrics/catalog";
import {
  batches,
  buildQueries,
  seriesByEntity,
  toInput,
  type EntitySeries,
} from "@/lib/domain/metrics/queries";
import type { MetricWindow } from "@/lib/domain/metrics/ranges";
import { getMetricData, listLatticeMetrics, MetricsUnavailableError } from "../../aws/cloudwatch";
import type { MetricsDeps } from "./deps";

export interface ScopeRead {
  accountId: string;
  region: string;
  series: Map<string, EntitySeries>;
  /** Why nothing could be read: the scope shows "metrics unavailable". */
  unavailable?: string;
  overBudget?: boolean;
  metricsRequested: number;
  getMetricDataCalls: number;
  listMetricsCalls: number;
}

const PUBLISHED_TTL_MS = 10 * 60_000;

/**
 * One account × region's metrics for `entities`: what it publishes (ListMetrics, cached), then every query in
 * as few GetMetricData calls as hold them (500 each). A denial or failure makes the scope unavailable.
 */
export async function readScope(
  deps: MetricsDeps,
  scope: { accountId: string; region: string },
  entities: readonly MetricEntity[],
  window: MetricWindow,
): Promise<ScopeRead> {
  const read: ScopeRead = {
    ...scope,
    series: new Map(),
    metricsRequested: 0,
    getMetricDataCalls: 0,
    listMetricsCalls: 0,
  };
  if (!deps.settings.enabled)
    return { ...read, unavailable: "metrics are turned off (metrics.enabled: false)" };
  const client = deps.cloudwatch(scope.accountId, scope.region);
  if (!client)
    return { ...read, unavailable: `account ${scope.accountId} is not in Trellis's configuration` };
  try {
    const now = deps.now();
    const published = await deps.store.cached(
      `published|${scope.accountId}|${scope.region}`,
      now,
      PUBLISHED_TTL_MS,
      async () => {
        const listed = await listLatticeMetrics(client);
        read.listMetricsCalls += listed.calls;
        return publishedSet(listed.metrics);
      },
    );
    const queries = buildQueries(
      entities.map((entity) => ({
        entity,
        specs: specsFor(published.value, entity),
        dimensionValue: dimensionValueOf(published.value, entity),
      })),
    );
    if (queries.length === 0) return read;
    const cost = costUsd(queries.length, deps.settings.costPer1000MetricsUsd);
    if (deps.store.spentToday(now) + cost > deps.settings.dailyBudgetUsd) {
      return {
        ...read,
        overBudget: true,
        unavailable: `the daily metrics budget (US$${deps.settings.dailyBudgetUsd}) is spent`,
      };
    }
    for (const batch of batches(queries)) {
      const answer = await getMetricData(
        client,
        batch.map((q) => toInput(q, window.periodSeconds)),
        window,
      );
      read.getMetricDataCalls += answer.calls;
      read.metricsRequested += batch.length * answer.calls;
      deps.store.charge(costUsd(batch.length * answer.calls, deps.settings.costPer1000MetricsUsd), now);
      for (const [arn, series] of seriesByEntity(batch, answer.results)) read.series.set(arn, series);
    }
    return read;
  } catch (error) {
    if (error instanceof MetricsUnavailableError) return { ...read, unavailable: error.message };
    throw error;
  } finally {
    client.destroy();
  }
}
