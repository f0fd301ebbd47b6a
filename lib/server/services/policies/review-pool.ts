import "server-only";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { AccessReview, ReviewInput } from "@/lib/domain/policy/review/review";
import type { ReviewJob, ReviewJobResult } from "./review-worker";

/** How long one review may take, queueing included, before it is answered "took too long". */
export const REVIEW_BUDGET_MS = 10_000;
/** Reviews waiting for a worker beyond this are refused rather than queued. */
const MAX_QUEUED = 16;

export type ReviewOutcome =
  | { ok: true; review: AccessReview }
  | { ok: false; reason: "timeout" | "limit" | "busy" | "error"; message: string };

interface Pending {
  job: ReviewJob;
  resolve: (outcome: ReviewOutcome) => void;
}

interface Slot {
  worker: Worker;
  current?: Pending;
  timer?: NodeJS.Timeout;
}

/**
 * The worker runs the TypeScript source through tsx (a dependency), so the same file serves `npm start`'s
 * production build, `tsx` scripts and the tests; Next's bundle never holds it.
 */
function workerFile(): string {
  const file = path.join(process.cwd(), "lib/server/services/policies/review-worker.ts");
  if (!existsSync(file)) throw new Error(`the policy review worker is missing: ${file}`);
  return file;
}

class ReviewPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;

  constructor(private readonly size: number) {}

  run(input: ReviewInput, budgetMs: number): Promise<ReviewOutcome> {
    if (this.queue.length >= MAX_QUEUED) {
      return Promise.resolve({
        ok: false,
        reason: "busy",
        message: "too many policy reviews are running; try again shortly",
      });
    }
    return new Promise((resolve) => {
      this.queue.push({ job: { id: this.nextId++, input, deadline: Date.now() + budgetMs }, resolve });
      this.dispatch();
    });
  }

  private spawn(): Slot {
    const worker = new Worker(workerFile(), {
      execArgv: ["--conditions=react-server", "--import", "tsx"],
    });
    worker.unref();
    const slot: Slot = { worker };
    worker.on("message", (result: ReviewJobResult) =>
      this.finish(
        slot,
        result.ok
          ? { ok: true, review: result.review }
          : result.reason === "timeout"
            ? tooLong()
            : { ok: false, reason: result.reason, message: result.message },
      ),
    );
    worker.on("error", (error) => this.replace(slot, { ok: false, reason: "error", message: error.message }));
    worker.on("exit", () =>
      this.replace(slot, { ok: false, reason: "error", message: "the review worker stopped" }),
    );
    this.slots.push(slot);
    return slot;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot =
        this.slots.find((s) => !s.current) ?? (this.slots.length < this.size ? this.spawn() : undefined);
      if (!slot) return;
      const pending = this.queue.shift() as Pending;
      const wait = pending.job.deadline - Date.now();
      if (wait <= 0) {
        pending.resolve(tooLong());
        continue;
      }
      slot.current = pending;
      // The worker checks its deadline as it goes; this catches one stuck in a single long step.
      slot.timer = setTimeout(() => {
        void slot.worker.terminate();
        this.replace(slot, tooLong());
      }, wait + 1_000);
      slot.worker.postMessage(pending.job);
    }
  }

  private finish(slot: Slot, outcome: ReviewOutcome): void {
    clearTimeout(slot.timer);
    const current = slot.current;
    slot.current = undefined;
    current?.resolve(outcome);
    this.dispatch();
  }

  private replace(slot: Slot, outcome: ReviewOutcome): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    clearTimeout(slot.timer);
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    slot.current?.resolve(outcome);
    slot.current = undefined;
    this.dispatch();
  }
}

function tooLong(): ReviewOutcome {
  return {
    ok: false,
    reason: "timeout",
    message: `the access review took longer than ${REVIEW_BUDGET_MS / 1000} s and was stopped; narrow the policy or review it in parts`,
  };
}

let pool: ReviewPool | undefined;

/** Runs a review on a worker thread, so a large one never holds up other requests. */
export function runReview(input: ReviewInput, budgetMs = REVIEW_BUDGET_MS): Promise<ReviewOutcome> {
  pool ??= new ReviewPool(Math.max(1, Math.min(2, availableParallelism() - 1)));
  return pool.run(input, budgetMs);
}
