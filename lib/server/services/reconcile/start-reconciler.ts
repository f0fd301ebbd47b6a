import "server-only";
import { ifLockFree } from "../../db/advisory-locks";
import { isDatabaseUnavailable } from "../../db/database";
import type { ServicesContext } from "../context";
import { reconcileOpenIntents } from "./reconcile-intents";

export interface Reconciler {
  /** Runs one pass now (unless another process is running one); resolves when it is done. */
  runOnce(): Promise<void>;
  stop(): void;
}

/**
 * Settles interrupted applies at start-up and then every `intervalMs`, one process at a time across the
 * database (a pass another process is running is skipped, not waited for).
 */
export function startReconciler(
  deps: Pick<ServicesContext, "db" | "lattice" | "recrawl">,
  options: { intervalMs?: number; log?: (line: string) => void } = {},
): Reconciler {
  const log = options.log ?? (() => undefined);
  let running: Promise<void> | undefined;
  const runOnce = () => {
    running ??= ifLockFree(deps.db, "scheduler", "reconcile-intents", async () => {
      await reconcileOpenIntents(deps, log);
    })
      .then(() => undefined)
      .catch((error: unknown) => {
        if (!isDatabaseUnavailable(error)) {
          log(`reconciler: ${error instanceof Error ? error.message : String(error)}`);
        }
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  void runOnce();
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? 60_000);
  timer.unref();
  return {
    runOnce,
    stop() {
      clearInterval(timer);
    },
  };
}
