import "server-only";
import { env } from "@/lib/env";
import { getLogger, lineLogger } from "../observability/logger";
import { isShuttingDown, onShutdown } from "../observability/shutdown";
import { getRuntime } from "../runtime";
import { servicesContext } from "../services/context";
import { startReconciler } from "../services/reconcile/start-reconciler";
import { startRolloutWorker } from "../services/rollouts/rollout-jobs";
import { runRolloutStep } from "../services/rollouts/rollout-step";
import { startFreshness } from "../events/start-freshness";
import { startCrawlWorker } from "./worker";

const log = lineLogger("worker");

// On globalThis so that Next's dev server, which re-evaluates modules on change, starts one worker.
const holder = globalThis as typeof globalThis & { trellisInProcessWorker?: Promise<void> };

/**
 * Single-machine mode: the web server process also takes crawl jobs and rollout steps, and runs the scheduler. On
 * SIGTERM or SIGINT (see observability/shutdown) it stops taking jobs and lets the ones in progress finish.
 */
export function startInProcessWorker(): Promise<void> {
  holder.trellisInProcessWorker ??= (async () => {
    const runtime = await getRuntime();
    if (isShuttingDown()) return;
    const worker = await startCrawlWorker(runtime, {
      concurrency: env.TRELLIS_WORKER_CONCURRENCY,
      schedule: true,
      log,
    });
    onShutdown({ name: "crawl worker", phase: "work", stop: () => worker.stop() });
    log(`crawl worker ${worker.name} started (${env.TRELLIS_WORKER_CONCURRENCY} scopes at a time)`);
    const deps = servicesContext(runtime);
    const rollouts = await startRolloutWorker(runtime.boss, (id) => runRolloutStep(deps, id));
    onShutdown({ name: "rollout worker", phase: "work", stop: () => rollouts.stop() });
    const reconciler = startReconciler(deps, { log });
    onShutdown({ name: "reconciler", phase: "work", stop: async () => reconciler.stop() });
    startFreshness(runtime, log);
  })().catch((error: unknown) => {
    holder.trellisInProcessWorker = undefined;
    getLogger()
      .child({ component: "worker" })
      .error(`the crawl worker could not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  return holder.trellisInProcessWorker;
}
