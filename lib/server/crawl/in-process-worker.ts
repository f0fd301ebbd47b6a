import "server-only";
import { env } from "@/lib/env";
import { getRuntime } from "../runtime";
import { routingDeps } from "../services/changes/runtime-deps";
import { startReconciler } from "../services/reconcile/start-reconciler";
import { startRolloutWorker } from "../services/rollouts/rollout-jobs";
import { runRolloutStep } from "../services/rollouts/rollout-step";
import { startCrawlWorker } from "./worker";

function log(line: string) {
  console.log(`[trellis] ${line}`);
}

// On globalThis so that Next's dev server, which re-evaluates modules on change, starts one worker.
const holder = globalThis as typeof globalThis & { trellisInProcessWorker?: Promise<void> };

/**
 * Single-machine mode: the web server process also takes crawl jobs and rollout steps, and runs the scheduler. On SIGTERM or
 * SIGINT it lets the scopes in progress finish, stops the queue and closes the database, then exits.
 */
export function startInProcessWorker(): Promise<void> {
  holder.trellisInProcessWorker ??= (async () => {
    const runtime = await getRuntime();
    const worker = await startCrawlWorker(runtime, {
      concurrency: env.TRELLIS_WORKER_CONCURRENCY,
      schedule: true,
      log,
    });
    log(`crawl worker ${worker.name} started (${env.TRELLIS_WORKER_CONCURRENCY} scopes at a time)`);
    const deps = routingDeps(runtime);
    const rollouts = await startRolloutWorker(runtime.boss, (id) => runRolloutStep(deps, id));
    const reconciler = startReconciler(deps, { log });
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping the crawl worker`);
      reconciler.stop();
      void Promise.all([worker.stop(), rollouts.stop()])
        .then(() => runtime.stop())
        .catch((error: unknown) => console.error(error))
        .finally(() => process.exit(0));
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  })().catch((error: unknown) => {
    holder.trellisInProcessWorker = undefined;
    console.error(
      `[trellis] the crawl worker could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  return holder.trellisInProcessWorker;
}
