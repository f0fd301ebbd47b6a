import "server-only";
import pg from "pg";
import type { Database } from "./database";

/**
 * Every PostgreSQL advisory-lock namespace Trellis uses, in one place so no two share a number. Keyed locks use
 * the two-int form (namespace, hashtext(key)); the single-bigint ones (history writes, migrations) are listed
 * too, so a test can check that nothing collides.
 */
export const LOCK_NAMESPACES = {
  /** Serialises history writes (pg_advisory_xact_lock with one bigint). */
  history: 1_747_000_001,
  /** One crawl of an account × region at a time, across workers. */
  crawlScope: 1_747_000_002,
  /** Scheduler work (interval crawls, finishing abandoned runs, reconciling applies): one process at a time. */
  scheduler: 1_747_000_003,
  /** One apply to a listener at a time. */
  listener: 1_747_000_100,
  /** One auth policy apply to a service or service network at a time. */
  policy: 1_747_000_200,
  /** One step, pause, resume or abort of a rollout at a time. */
  rollout: 1_747_000_300,
  /** Migrations (pg_advisory_lock with one bigint). */
  migrate: 72_707_369,
} as const;

export type LockNamespace = Exclude<keyof typeof LOCK_NAMESPACES, "history" | "migrate">;

/** The lock is held by someone else past the deadline: answered 409 with a retry hint, never a hang. */
export class LockBusyError extends Error {
  override name = "LockBusyError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Too many lock holders and waiters in this process already: answered 429, so connections stay bounded. */
export class TooManyLockWaitersError extends Error {
  override name = "TooManyLockWaitersError";
}

export class LockWaitAborted extends Error {
  override name = "LockWaitAborted";
}

export interface LockOptions {
  /** How long to wait for a busy lock before giving up with LockBusyError (0: try once). */
  waitMs?: number;
  /** Stops waiting (LockWaitAborted) when aborted; a lock already held is kept until the work ends. */
  signal?: AbortSignal;
  pollMs?: number;
  /** What the lock protects, for the busy message ("the listener …"). */
  describe?: string;
}

/** Dedicated lock connections (holders plus waiters) one process may have open at once. */
export const MAX_LOCK_CONNECTIONS = 32;
let lockConnections = 0;

const CONNECT_TIMEOUT_MS = 5_000;
const LOCK_QUERY_TIMEOUT_MS = 5_000;

/**
 * Runs `work` holding a session advisory lock on a connection of its own — never a pooled one, so the holder
 * can always get pool connections for its work and a dead process's lock ends with its connection. Waits at most
 * `waitMs` (polling pg_try_advisory_lock), then throws LockBusyError; throws TooManyLockWaitersError when this
 * process already has MAX_LOCK_CONNECTIONS lock connections open. `work` gets a `held()` check: false once the
 * lock connection has failed (the lock may then be held by another process).
 */
export async function withAdvisoryLock<T>(
  db: Pick<Database, "url">,
  namespace: LockNamespace,
  key: string,
  work: (lock: { held(): boolean }) => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  if (lockConnections >= MAX_LOCK_CONNECTIONS) {
    throw new TooManyLockWaitersError(
      `Too many changes are waiting to be applied in this Trellis process (${MAX_LOCK_CONNECTIONS}); try again shortly`,
    );
  }
  lockConnections++;
  const id = LOCK_NAMESPACES[namespace];
  let lost = false;
  const client = new pg.Client({
    connectionString: db.url,
    application_name: `trellis-lock-${namespace}`,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: LOCK_QUERY_TIMEOUT_MS,
    keepAlive: true,
  });
  client.on("error", () => {
    lost = true;
  });
  try {
    await client.connect();
    const deadline = Date.now() + (options.waitMs ?? 0);
    for (;;) {
      if (options.signal?.aborted) {
        throw new LockWaitAborted(`Stopped while waiting for the lock on ${options.describe ?? key}`);
      }
      const { rows } = await client.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked",
        [id, key],
      );
      if (rows[0]?.locked) break;
      if (Date.now() >= deadline) {
        const waitedSeconds = Math.max(1, Math.round((options.waitMs ?? 0) / 1000));
        throw new LockBusyError(
          `${options.describe ?? key} is busy with another apply; waited ${waitedSeconds} s. Try again in a few seconds.`,
          Math.min(30, Math.max(2, waitedSeconds)),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
    }
    try {
      return await work({ held: () => !lost });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [id, key]).catch(() => undefined);
    }
  } finally {
    lockConnections--;
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs `work` unless another process holds the lock right now; false when it skipped. For periodic work that
 * one process at a time should do.
 */
export async function ifLockFree(
  db: Pick<Database, "url">,
  namespace: LockNamespace,
  key: string,
  work: () => Promise<void>,
): Promise<boolean> {
  try {
    await withAdvisoryLock(db, namespace, key, work, { waitMs: 0 });
    return true;
  } catch (error) {
    if (error instanceof LockBusyError || error instanceof TooManyLockWaitersError) return false;
    throw error;
  }
}
