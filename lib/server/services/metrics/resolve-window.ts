import "server-only";
import { notFound } from "@/lib/domain/http/api-errors";
import type { MetricWindowInfo } from "@/lib/domain/metrics/contracts";
import {
  cacheSeconds,
  rangeWindow,
  runWindow,
  type MetricRange,
  type MetricWindow,
} from "@/lib/domain/metrics/ranges";
import type { MetricsDeps } from "./deps";

/** A range ending now, or the window around crawl `run`; with how long its answer may be cached. */
export async function resolveWindow(
  deps: MetricsDeps,
  query: { range: MetricRange; run?: number | undefined },
): Promise<{ window: MetricWindow; info: MetricWindowInfo; ttlMs: number }> {
  const now = deps.now();
  let window: MetricWindow;
  if (query.run !== undefined) {
    const times = await deps.runTimes(query.run);
    if (!times) throw notFound(`Crawl run ${query.run} does not exist or has not started`);
    window = runWindow(times.startedAtMs, times.finishedAtMs, now);
  } else {
    window = rangeWindow(query.range, now);
  }
  return {
    window,
    info: {
      range: query.run !== undefined ? "run" : query.range,
      start: new Date(window.startMs).toISOString(),
      end: new Date(window.endMs).toISOString(),
      periodSeconds: window.periodSeconds,
    },
    ttlMs: cacheSeconds(window) * 1000,
  };
}
