/**
 * npm run bench:metrics — traffic for the generated 20 × 100 estate (about 2,000 services and 4,000 target
 * groups), crawled from the emulator and read from its CloudWatch with the real SDK: the GetMetricData calls one
 * map refresh makes against the minimum (the metrics it needs ÷ 500; each account × region is read with its own
 * role, so also per scope), its cost, and the time until the map's first traffic labels can be drawn (the cold
 * summary the map asks for, ListMetrics discovery included) and from the cache.
 */
import { parseArgs } from "node:util";
import { startEmulator } from "@trellis/aws-emulator";
import { crawlScopes } from "@/lib/domain/config/config";
import type { MetricRange } from "@/lib/domain/metrics/ranges";
import {
  buildTopology,
  type TopologyResourceInput,
  type TopologyRelationInput,
} from "@/lib/domain/topology/topology";
import { cloudwatchFor } from "@/lib/server/aws/cloudwatch";
import { demoEnvironment } from "@/lib/server/config/load-config";
import { crawlAccountRegion } from "@/lib/server/crawl/crawl-account-region";
import { CallLimits } from "@/lib/server/crawl/limits";
import type { MetricsDeps } from "@/lib/server/services/metrics/deps";
import { getMetricsSummary } from "@/lib/server/services/metrics/get-metrics-summary";
import { MetricsStore } from "@/lib/server/services/metrics/metrics-store";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "20" },
    services: { type: "string", default: "100" },
  },
});

async function main() {
  const emulator = await startEmulator({
    scenario: { name: "generate", accounts: Number(values.accounts), services: Number(values.services) },
  });
  const env = await demoEnvironment(emulator.url);
  const scopes = crawlScopes(env.config);
  console.log(`crawling the generated estate (${values.accounts} accounts × ${values.services} services)…`);
  const limits = new CallLimits(64, 16);
  const snapshots = await Promise.all(scopes.map((scope) => crawlAccountRegion(env, scope, limits)));
  const resources = new Map<string, TopologyResourceInput>();
  const relations = new Map<string, TopologyRelationInput>();
  for (const s of snapshots) {
    for (const r of s.resources) resources.set(r.id, r);
    for (const r of s.relations) relations.set(r.id, r);
  }
  const topology = buildTopology([...resources.values()], [...relations.values()]);
  const services = topology.nodes.filter((n) => n.kind === "service").length;
  const targetGroups = topology.nodes.filter((n) => n.kind === "target-group").length;
  const deps: MetricsDeps = {
    settings: { ...env.config.metrics, dailyBudgetUsd: 1_000 },
    cloudwatch: (accountId, region) => cloudwatchFor(env, accountId, region),
    topology: async () => topology,
    runTimes: async () => undefined,
    now: () => Date.now(),
    store: new MetricsStore(),
  };
  console.log(
    `bench:metrics — ${services} services, ${targetGroups} target groups in ${scopes.length} account × region scopes`,
  );

  const refresh = async (range: MetricRange) => {
    emulator.calls.reset();
    const started = performance.now();
    const summary = await getMetricsSummary(deps, { range });
    const ms = performance.now() - started;
    const calls = emulator.calls.snapshot().byOperation;
    return {
      summary,
      ms,
      getCalls: calls["monitoring:GetMetricData"] ?? 0,
      listCalls: calls["monitoring:ListMetrics"] ?? 0,
    };
  };

  const cold = await refresh("5m");
  const started = performance.now();
  const cached = await getMetricsSummary(deps, { range: "5m" });
  const cachedMs = performance.now() - started;
  const read = cold.summary.scopes.filter((s) => s.state === "ok").length;
  const labels = Object.values(cold.summary.edges).filter((e) => e.state === "ok").length;
  console.log(
    `first traffic labels: the map's first summary (5 min) took ${cold.ms.toFixed(0)} ms cold, ListMetrics discovery (${cold.listCalls} pages) included: ${labels} edges and ${Object.keys(cold.summary.totals).length} account and network totals with traffic`,
  );
  for (const range of ["5m", "1h", "24h"] as const) {
    // Each range is a new cache key: nothing cached but what the accounts publish (ListMetrics, ten minutes).
    const r = range === "5m" ? cold : await refresh(range);
    const m = r.summary.cost.metricsRequested;
    const perScope = r.summary.scopes.reduce((a, s) => a + (s.state === "ok" ? 1 : 0), 0);
    // The least calls: every metric needed, 500 per call; and per scope, since a call carries one account's role.
    const globalMin = Math.ceil(m / 500);
    const scopeMin = Math.ceil(m / Math.max(1, perScope) / 500) * perScope;
    console.log(
      `refresh ${range.padEnd(3)} (period ${r.summary.window.periodSeconds} s): ${m.toLocaleString("en")} metrics in ${r.getCalls} GetMetricData calls; minimum ${globalMin} (metrics ÷ 500, ratio ${(r.getCalls / Math.max(1, globalMin)).toFixed(2)}), ${scopeMin} per scope (ratio ${(r.getCalls / Math.max(1, scopeMin)).toFixed(2)}); US$${r.summary.cost.usd.toFixed(4)}; ${r.ms.toFixed(0)} ms`,
    );
  }
  console.log(
    `from the cache: ${cachedMs.toFixed(0)} ms (cached: ${cached.cost.cached}, nothing billed); ${read} scopes read; one refresh a minute costs US$${(cold.summary.cost.usd * 60 * 24).toFixed(2)} a day (budget ${deps.settings.dailyBudgetUsd})`,
  );
  await emulator.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
