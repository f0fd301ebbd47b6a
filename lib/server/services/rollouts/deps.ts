import "server-only";
import type { RolloutRepository } from "../../db/rollouts";
import type { ChangeDeps } from "../changes/deps";
import type { TrafficSummary } from "@/lib/domain/metrics/summary";

export interface RolloutDeps extends ChangeDeps {
  rollouts: RolloutRepository;
  /** Queues the rollout's next step to run after `delaySeconds` (a pg-boss job, so it survives restarts). */
  scheduleStep(rolloutId: string, delaySeconds: number): Promise<void>;
  /**
   * Traffic of target groups (by ARN) over the last `seconds`, for metric gates; without it a rollout with a
   * metric gate waits, saying metrics cannot be read.
   */
  traffic?(arns: string[], seconds: number): Promise<Map<string, TrafficSummary>>;
}
