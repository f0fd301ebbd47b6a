import { hostname } from "node:os";
import { loadCrawlEnvironment } from "../lib/server/config/load-config";
import { startCrawlWorker, type CrawlWorker } from "../lib/server/crawl/worker";
import { DATA_DIR } from "../lib/server/db/client";
import { openDatabase } from "../lib/server/db/database";
import { createRuntime, type Runtime } from "../lib/server/runtime";
import { routingDeps } from "../lib/server/services/changes/runtime-deps";
import { startRolloutWorker } from "../lib/server/services/rollouts/rollout-jobs";
import { runRolloutStep } from "../lib/server/services/rollouts/rollout-step";
import { startReconciler, type Reconciler } from "../lib/server/services/reconcile/start-reconciler";

// `npm run worker`: a crawl and rollout worker on its own. Run any number of them, on any machines, against the same
// DATABASE_URL and configuration (TRELLIS_CONFIG); pg-boss hands each account × region job to one of them.

function log(line: string) {
  console.log(`[trellis-worker] ${line}`);
}

let runtime: Runtime | undefined;
let worker: CrawlWorker | undefined;
let rollouts: { stop(): Promise<void> } | undefined;
let reconciler: Reconciler | undefined;
let stopping = false;

async function stop(exitCode: number): Promise<never> {
  stopping = true;
  reconciler?.stop();
  try {
    await Promise.all([worker?.stop(), rollouts?.stop()]);
    await runtime?.stop();
  } catch (error) {
    console.error(error);
  }
  process.exit(exitCode);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: finishing the scopes in progress, then stopping`);
    void stop(0);
  });
}

async function main() {
  // Imported here so a bad variable is reported as one clear message instead of a module-load stack trace.
  const { env } = await import("../lib/env");
  if (!env.DATABASE_URL) {
    log("DATABASE_URL is not set: using the embedded PostgreSQL of this folder (single machine only)");
  }
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: DATA_DIR, log });
  const crawlEnv = await loadCrawlEnvironment({
    configPath: env.TRELLIS_CONFIG,
    emulatorUrl: env.EMULATOR_URL,
  });
  runtime = await createRuntime({ db, crawlEnv, log });
  if (stopping) return;
  worker = await startCrawlWorker(runtime, {
    name: `${hostname()}:${process.pid}`,
    concurrency: env.TRELLIS_WORKER_CONCURRENCY,
    schedule: true,
    log,
  });
  const deps = routingDeps(runtime);
  rollouts = await startRolloutWorker(runtime.boss, (id) => runRolloutStep(deps, id));
  reconciler = startReconciler(deps, { log });
  log(
    `worker ${worker.name} started: ${crawlEnv.config.accounts.length} accounts from ${crawlEnv.source}, ` +
      `${env.TRELLIS_WORKER_CONCURRENCY} scopes at a time`,
  );
}

main().catch(async (error: unknown) => {
  console.error(
    `[trellis-worker] could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  await stop(1);
});
