/**
 * npm run bench:metrics — traffic for the generated 20 × 100 estate (about 2,000 services and 4,000 target
 * groups): the GetMetricData calls one map refresh makes against the minimum (the metrics it needs ÷ 500, per
 * account × region since each is read with its own role), what it costs, the refresh's time cold and cached, and
 * the time from opening the map to its first traffic labels (the collapsed accounts' totals) in headless Chromium.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { bin, children, cleanups, freePort, shutdown, waitFor } from "./support";
import { resolveChromium } from "@/e2e/chromium";
import { crawlScopes } from "@/lib/domain/config/config";
import type { MetricsSummaryResponse } from "@/lib/domain/metrics/contracts";
import { demoEnvironment } from "@/lib/server/config/load-config";
import { enqueueCrawl } from "@/lib/server/crawl/jobs";
import { startCrawlWorker } from "@/lib/server/crawl/worker";
import { openDatabase } from "@/lib/server/db/database";
import { createRuntime } from "@/lib/server/runtime";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "20" },
    services: { type: "string", default: "100" },
    runs: { type: "string", default: "3" },
  },
});

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`)),
    );
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function emulatorCalls(url: string): Promise<Record<string, number>> {
  const body = (await (await fetch(`${url}/_emulator/calls`)).json()) as {
    byOperation: Record<string, number>;
  };
  return body.byOperation;
}

async function main() {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.log("building the console (next build)…");
    await run(bin("next"), ["build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
  }
  const emulatorPort = await freePort();
  const emulator = spawn(
    bin("node"),
    [
      "--import",
      "tsx",
      bin("trellis-aws-emulator"),
      "--scenario",
      "generate",
      "--accounts",
      values.accounts!,
      "--services",
      values.services!,
      "--port",
      String(emulatorPort),
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  children.push(emulator);
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  await waitFor(`${emulatorUrl}/_emulator/health`, 120_000);

  const dataDir = await mkdtemp(path.join(tmpdir(), "trellis-bench-metrics-"));
  await chmod(dataDir, 0o755);
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const db = await openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL, dataDir, poolSize: 6 });
  const crawlEnv = await demoEnvironment(emulatorUrl);
  const runtime = await createRuntime({ db, crawlEnv });
  cleanups.push(() => runtime.stop());
  console.log(`crawling the generated estate (${values.accounts} accounts × ${values.services} services)…`);
  const worker = await startCrawlWorker(runtime, { concurrency: crawlScopes(crawlEnv.config).length });
  const { runId } = await enqueueCrawl(runtime, { trigger: "manual" });
  let crawl = await runtime.history.getRun(runId);
  while (crawl && (crawl.status === "queued" || crawl.status === "running")) {
    await new Promise((r) => setTimeout(r, 200));
    crawl = await runtime.history.getRun(runId);
  }
  await worker.stop();
  const counts = (crawl?.counts ?? {}) as Record<string, number>;

  const port = await freePort();
  const next = spawn(bin("next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      EMULATOR_URL: emulatorUrl,
      TRELLIS_WORKER: "off",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  children.push(next);
  const appUrl = `http://127.0.0.1:${port}`;
  await waitFor(`${appUrl}/api/topology`, 120_000);
  await fetch(`${appUrl}/api/topology`);

  console.log(
    `bench:metrics — ${counts.service ?? 0} services, ${counts["target-group"] ?? 0} target groups in ${crawlScopes(crawlEnv.config).length} account × region scopes`,
  );

  const launch = await resolveChromium();
  const browser = await chromium.launch({
    executablePath: launch.executablePath,
    args: launch.args,
    headless: true,
  });
  cleanups.push(() => browser.close());
  const firstMap: number[] = [];
  const firstLabels: number[] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    // The first load finds nothing cached (ListMetrics and GetMetricData are read for it); later ones the cache.
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: "en-US" });
    await page.goto(appUrl, { waitUntil: "commit" });
    await page.waitForFunction(() => performance.getEntriesByName("trellis:map-rendered").length > 0, null, {
      timeout: 60_000,
    });
    firstMap.push(
      await page.evaluate(() => performance.getEntriesByName("trellis:map-rendered")[0]!.startTime),
    );
    const at = await page.waitForFunction(
      () => (document.querySelector('[data-testid="traffic-total"]') ? performance.now() : 0),
      null,
      { timeout: 120_000, polling: "raf" },
    );
    firstLabels.push((await at.jsonValue()) as number);
    await page.close();
  }
  console.log(
    `first traffic labels on the map: ${firstLabels[0]!.toFixed(0)} ms from navigation with nothing cached (first map ${firstMap[0]!.toFixed(0)} ms); median ${median(firstLabels.slice(1)).toFixed(0)} ms over ${firstLabels.length - 1} later loads served from the cache`,
  );
  // Discovery was made by the first load; the crawl makes no CloudWatch calls.
  const listCalls = (await emulatorCalls(emulatorUrl))["monitoring:ListMetrics"] ?? 0;
  // One refresh of a range nobody asked for yet (1 h), cold but for ListMetrics (kept ten minutes).
  await fetch(`${emulatorUrl}/_emulator/calls`, { method: "DELETE" });
  let started = performance.now();
  const cold = (await (
    await fetch(`${appUrl}/api/metrics/summary?range=1h`)
  ).json()) as MetricsSummaryResponse;
  const coldMs = performance.now() - started;
  const calls = await emulatorCalls(emulatorUrl);
  const scopesRead = cold.scopes.filter((s) => s.state === "ok").length;
  const getCalls = calls["monitoring:GetMetricData"] ?? 0;
  const metrics = cold.cost.metricsRequested;
  // Each account × region is read with its own credentials: a call holds one scope's queries only.
  const perScopeMinimum =
    cold.scopes.length > 0 ? Math.ceil(metrics / cold.scopes.length / 500) * cold.scopes.length : 0;
  console.log(
    `refresh (1 h range): ${metrics.toLocaleString("en")} metrics in ${getCalls} GetMetricData calls; minimum ${Math.ceil(metrics / 500)} (metrics ÷ 500), ${perScopeMinimum} per scope (${scopesRead} scopes): ratio ${(getCalls / Math.max(1, Math.ceil(metrics / 500))).toFixed(2)} × the global minimum, ${(getCalls / Math.max(1, perScopeMinimum)).toFixed(2)} × the per-scope one`,
  );
  console.log(
    `  plus ${listCalls} ListMetrics pages (discovery is kept ten minutes); cost US$${cold.cost.usd.toFixed(4)} per refresh, US$${(cold.cost.usd * 60 * 24).toFixed(2)} a day at one refresh a minute`,
  );

  started = performance.now();
  const warm = (await (
    await fetch(`${appUrl}/api/metrics/summary?range=1h`)
  ).json()) as MetricsSummaryResponse;
  const warmMs = performance.now() - started;
  console.log(
    `summary API: cold ${coldMs.toFixed(0)} ms, cached ${warmMs.toFixed(0)} ms (cached: ${warm.cost.cached}, ${Object.keys(warm.edges).length} edges with traffic)`,
  );

  await shutdown(0);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await shutdown(1);
});
