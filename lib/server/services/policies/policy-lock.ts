import "server-only";
import type { Database } from "../../db/database";

/** Namespace of the advisory locks that serialise policy applies to one scope (listener locks use another). */
const POLICY_LOCK_NAMESPACE = 1_747_000_200;

/**
 * Runs `work` holding a PostgreSQL advisory lock on the service or service network, so two applies to it, from
 * any Trellis process on this database, never interleave their drift check and writes.
 */
export async function withPolicyLock<T>(db: Database, arn: string, work: () => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [POLICY_LOCK_NAMESPACE, arn]);
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [POLICY_LOCK_NAMESPACE, arn]);
    }
  } finally {
    client.release();
  }
}
