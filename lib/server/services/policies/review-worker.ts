import "server-only";
import { parentPort } from "node:worker_threads";
import { ReviewLimitError } from "@/lib/domain/policy/review/string-cells";
import { reviewAccess, type ReviewInput } from "@/lib/domain/policy/review/review";

/** Runs access reviews off the request thread; each job carries its deadline. */

export interface ReviewJob {
  id: number;
  input: ReviewInput;
  deadline: number;
}

export type ReviewJobResult =
  | { id: number; ok: true; review: ReturnType<typeof reviewAccess> }
  | { id: number; ok: false; reason: "timeout" | "limit" | "error"; message: string };

class DeadlineError extends Error {}

parentPort?.on("message", (job: ReviewJob) => {
  let steps = 0;
  const budget = {
    check() {
      if (++steps % 64 === 0 && Date.now() > job.deadline) throw new DeadlineError("review took too long");
    },
  };
  let result: ReviewJobResult;
  try {
    result = { id: job.id, ok: true, review: reviewAccess(job.input, budget) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    result = {
      id: job.id,
      ok: false,
      reason:
        error instanceof DeadlineError ? "timeout" : error instanceof ReviewLimitError ? "limit" : "error",
      message,
    };
  }
  parentPort?.postMessage(result);
});
