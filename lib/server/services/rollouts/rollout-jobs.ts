import "server-only";
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import { observeJob } from "../../observability/jobs";

/** One job per rollout step; a step survives a restart because the job waits in PostgreSQL, not in memory. */
export const ROLLOUT_STEP_QUEUE = "rollout-step";

export const rolloutStepJobSchema = z.object({ rolloutId: z.uuid() });

const QUEUE_OPTIONS = {
  retryLimit: 3,
  retryDelay: 10,
  retryBackoff: true,
  // A step is bounded by its lock waits and AWS timeouts well within this.
  expireInSeconds: 180,
  // A worker that died mid-step stops beating: its job is retried within this, not after the expiry.
  heartbeatSeconds: 20,
  deleteAfterSeconds: 7 * 86_400,
} as const;

export async function ensureRolloutQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(ROLLOUT_STEP_QUEUE, { policy: "standard", ...QUEUE_OPTIONS });
  // A queue made by an earlier version keeps its options otherwise.
  await boss.updateQueue(ROLLOUT_STEP_QUEUE, QUEUE_OPTIONS);
}

export async function scheduleRolloutStep(
  boss: PgBoss,
  rolloutId: string,
  delaySeconds: number,
): Promise<void> {
  await boss.send(ROLLOUT_STEP_QUEUE, { rolloutId }, { startAfter: Math.max(0, Math.round(delaySeconds)) });
}

/** Takes rollout steps from the queue, one per rollout at a time (the step holds the rollout's lock). */
export async function startRolloutWorker(
  boss: PgBoss,
  run: (rolloutId: string) => Promise<void>,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<{ stop(): Promise<void> }> {
  const id = await boss.work(
    ROLLOUT_STEP_QUEUE,
    {
      localConcurrency: 2,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      includeMetadata: true,
    },
    async (jobs) => {
      for (const job of jobs) {
        const { rolloutId } = rolloutStepJobSchema.parse(job.data);
        await observeJob(ROLLOUT_STEP_QUEUE, job, { rolloutId }, () => run(rolloutId));
      }
    },
  );
  return { stop: () => boss.offWork(ROLLOUT_STEP_QUEUE, { id, wait: true }) };
}
