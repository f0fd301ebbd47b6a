import "server-only";
import { withAdvisoryLock } from "../../db/advisory-locks";
import type { Database } from "../../db/database";

/** A step (which may itself wait for the listener's lock and AWS) runs within this; a pause or abort waits as long. */
export const ROLLOUT_LOCK_WAIT_MS = 30_000;

/** One step, pause, resume or abort of a rollout at a time, across every Trellis process on the database. */
export function withRolloutLock<T>(db: Database, rolloutId: string, work: () => Promise<T>): Promise<T> {
  return withAdvisoryLock(db, "rollout", rolloutId, work, {
    waitMs: ROLLOUT_LOCK_WAIT_MS,
    describe: `Rollout ${rolloutId}`,
  });
}
