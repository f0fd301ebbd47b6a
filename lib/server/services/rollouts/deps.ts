import "server-only";
import type { RolloutRepository } from "../../db/rollouts";
import type { ChangeDeps } from "../changes/deps";

export interface RolloutDeps extends ChangeDeps {
  rollouts: RolloutRepository;
  /** Queues the rollout's next step to run after `delaySeconds` (a pg-boss job, so it survives restarts). */
  scheduleStep(rolloutId: string, delaySeconds: number): Promise<void>;
}
