import "server-only";
import type { Database } from "../../db/database";

const ROLLOUT_LOCK_NAMESPACE = 1_747_000_200;

/** One step, pause, resume or abort of a rollout at a time, across every Trellis process on the database. */
export async function withRolloutLock<T>(
  db: Database,
  rolloutId: string,
  work: () => Promise<T>,
): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [ROLLOUT_LOCK_NAMESPACE, rolloutId]);
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [ROLLOUT_LOCK_NAMESPACE, rolloutId]);
    }
  } finally {
    client.release();
  }
}
