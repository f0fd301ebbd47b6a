import { hostname } from "node:os";
import type { Runtime } from "../lib/server/runtime";

// `npm run worker`: a crawl and rollout worker on its own. Run any number of them, on any machines, against the same
// DATABASE_URL and configuration (TRELLIS_CONFIG); pg-boss hands each account × region job to one of them.
// SIGTERM: stops taking jobs, lets those in progress finish (TRELLIS_SHUTDOWN_TIMEOUT_SECONDS), then exits.

async function main() {
  // Imported here so a bad variable is reported as one clear message instead of a module-load stack trace.
  const { env } = await import("../lib/env");
  // Before anything loads the PostgreSQL driver, so that its queries can be traced.
  const { startTracingIfConfigured } = await import("../lib/server/observability/start-tracing");
  await startTracingIfConfigured("worker");
  const [
    { lineLogger },
    { startProcessLifecycle },
    { isShuttingDown, onShutdown },
    { loadCrawlEnvironment },
    { startCrawlWorker },
    { DATA_DIR },
    { openDatabase },
    { createRuntime },
    { servicesContext },
    { startRolloutWorker },
    { runRolloutStep },
    { startReconciler },
    { startFreshness },
  ] = await Promise.all([
    import("../lib/server/observability/logger"),
    import("../lib/server/observability/process-lifecycle"),
    import("../lib/server/observability/shutdown"),
    import("../lib/server/config/load-config"),
    import("../lib/server/crawl/worker"),
    import("../lib/server/db/client"),
    import("../lib/server/db/database"),
    import("../lib/server/runtime"),
    import("../lib/server/services/context"),
    import("../lib/server/services/rollouts/rollout-jobs"),
    import("../lib/server/services/rollouts/rollout-step"),
    import("../lib/server/services/reconcile/start-reconciler"),
    import("../lib/server/events/start-freshness"),
  ]);
  const log = lineLogger("worker");
  let resolveRuntime: (runtime: Runtime) => void = () => undefined;
  const runtimeReady = new Promise<Runtime>((resolve) => (resolveRuntime = resolve));
  await startProcessLifecycle("worker", {
    probeSource: { runtime: () => runtimeReady, waitForFirstCrawl: false },
  });
  if (!env.DATABASE_URL) {
    log("DATABASE_URL is not set: using the embedded PostgreSQL of this folder (single machine only)");
  }
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: DATA_DIR, log });
  const crawlEnv = await loadCrawlEnvironment({
    configPath: env.TRELLIS_CONFIG,
    emulatorUrl: env.EMULATOR_URL,
  });
  const runtime = await createRuntime({ db, crawlEnv, log });
  onShutdown({
    name: "job queue and database",
    phase: "close",
    stop: ({ interrupted }) => runtime.stop({ interrupted }),
  });
  resolveRuntime(runtime);
  if (isShuttingDown()) return;
  const worker = await startCrawlWorker(runtime, {
    name: `${hostname()}:${process.pid}`,
    concurrency: env.TRELLIS_WORKER_CONCURRENCY,
    schedule: true,
    log,
  });
  onShutdown({ name: "crawl worker", phase: "work", stop: () => worker.stop() });
  const deps = servicesContext(runtime);
  const rollouts = await startRolloutWorker(runtime.boss, (id) => runRolloutStep(deps, id));
  onShutdown({ name: "rollout worker", phase: "work", stop: () => rollouts.stop() });
  const reconciler = startReconciler(deps, { log });
  onShutdown({ name: "reconciler", phase: "work", stop: async () => reconciler.stop() });
  startFreshness(runtime, log);
  log(
    `worker ${worker.name} started: ${crawlEnv.config.accounts.length} accounts from ${crawlEnv.source}, ` +
      `${env.TRELLIS_WORKER_CONCURRENCY} scopes at a time`,
  );
}

main().catch(async (error: unknown) => {
  const message = `could not start: ${error instanceof Error ? error.message : String(error)}`;
  try {
    const { getLogger } = await import("../lib/server/observability/logger");
    getLogger().child({ component: "worker" }).fatal(message);
    const { shutdown } = await import("../lib/server/observability/shutdown");
    const { shutdownOptions } = await import("../lib/server/observability/process-lifecycle");
    await shutdown("start-up failed", { ...shutdownOptions("worker"), timeoutMs: 0 });
  } catch {
    console.error(`[trellis-worker] ${message}`);
  }
  process.exit(1);
});
