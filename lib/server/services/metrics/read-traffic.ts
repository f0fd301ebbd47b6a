import "server-only";
import { entityOfArn, type MetricEntity } from "@/lib/domain/metrics/catalog";
import { analysisWindow } from "@/lib/domain/metrics/ranges";
import { summarize, unavailableSummary, type TrafficSummary } from "@/lib/domain/metrics/summary";
import type { MetricsDeps } from "./deps";
import { readScope } from "./read-scope";

/**
 * Services' or target groups' traffic over the last `seconds`, read afresh (a rollout gate judges what is
 * happening now, not a cached answer).
 */
export async function readTraffic(
  deps: MetricsDeps,
  arns: readonly string[],
  seconds: number,
): Promise<Map<string, TrafficSummary>> {
  const window = analysisWindow(seconds, deps.now());
  const byScope = new Map<string, MetricEntity[]>();
  for (const arn of arns) {
    const entity = entityOfArn(arn);
    if (!entity) continue;
    const key = `${entity.accountId}|${entity.region}`;
    byScope.set(key, [...(byScope.get(key) ?? []), entity]);
  }
  const out = new Map<string, TrafficSummary>();
  for (const [key, entities] of byScope) {
    const [accountId, region] = key.split("|") as [string, string];
    const read = await readScope(deps, { accountId, region }, entities, window);
    for (const e of entities) {
      out.set(
        e.arn,
        read.unavailable
          ? unavailableSummary(read.unavailable)
          : summarize(read.series.get(e.arn), window.periodSeconds),
      );
    }
  }
  return out;
}
