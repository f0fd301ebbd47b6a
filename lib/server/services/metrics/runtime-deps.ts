import "server-only";
import { cloudwatchFor } from "../../aws/cloudwatch";
import type { Runtime } from "../../runtime";
import { findRun } from "../crawls/find-run";
import { getTopology } from "../topology/get-topology";
import type { MetricsDeps } from "./deps";
import { metricsStore } from "./metrics-store";

/** The metrics services' dependencies on the process's runtime. */
export function metricsDeps(runtime: Runtime): MetricsDeps {
  return {
    settings: runtime.crawlEnv.config.metrics,
    cloudwatch: (accountId, region) => cloudwatchFor(runtime.crawlEnv, accountId, region),
    async topology(run) {
      const { topology } = await getTopology(runtime, { run: run ?? "latest" });
      return topology;
    },
    async runTimes(run) {
      const found = await findRun(runtime.history, run);
      if (!found?.startedAt) return undefined;
      return {
        startedAtMs: Date.parse(found.startedAt),
        ...(found.finishedAt ? { finishedAtMs: Date.parse(found.finishedAt) } : {}),
      };
    },
    now: () => Date.now(),
    store: metricsStore(),
  };
}
