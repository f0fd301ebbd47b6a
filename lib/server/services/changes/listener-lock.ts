import "server-only";
import type { Database } from "../../db/database";

/** Namespace of the advisory locks that serialise applies to one listener (crawl locks use another). */
const LISTENER_LOCK_NAMESPACE = 1_747_000_100;

/**
 * Runs `work` holding a PostgreSQL advisory lock on the listener, so two applies to it, from any Trellis
 * process on this database, never interleave their drift check and write.
 */
export async function withListenerLock<T>(
  db: Database,
  listenerArn: string,
  work: () => Promise<T>,
): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [LISTENER_LOCK_NAMESPACE, listenerArn]);
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [
        LISTENER_LOCK_NAMESPACE,
        listenerArn,
      ]);
    }
  } finally {
    client.release();
  }
}
