import "server-only";
import pg from "pg";
import type { Database } from "../db/database";

// Bookkeeping of crawl runs that the history repository does not cover: the progress counter, the per-scope
// crawl lock and the scheduler lock. Advisory keys use the two-int form, so they never meet the history
// repository's single-bigint key.
const LOCK_NAMESPACE = 1_747_000_002;
const SCHEDULER_LOCK = 1;

/** The run that last recorded the scope, if any. */
export async function lastRecordedRun(db: Database, scope: { accountId: string; region: string }) {
  const status = await db.prisma.scopeStatus.findUnique({
    where: { accountId_region: { accountId: scope.accountId, region: scope.region } },
    select: { lastRunId: true },
  });
  return status ? Number(status.lastRunId) : undefined;
}

/** Whether the run already recorded the scope (a retried job whose first attempt got that far). */
export async function recordedInRun(
  db: Database,
  runId: number,
  scope: { accountId: string; region: string },
) {
  const row = await db.prisma.crawlRunScope.findUnique({
    where: {
      runId_accountId_region: { runId: BigInt(runId), accountId: scope.accountId, region: scope.region },
    },
    select: { runId: true },
  });
  return row !== null;
}

/** Counts one more scope as done; the caller that brings it to the total finishes the run. */
export async function countScopeDone(db: Database, runId: number) {
  const run = await db.prisma.crawlRun.update({
    where: { id: BigInt(runId) },
    data: { progressDone: { increment: 1 } },
    select: { progressDone: true, progressTotal: true },
  });
  return { done: run.progressDone, total: run.progressTotal };
}

/** Runs not finished that were queued before `queuedBefore`, oldest first. */
export async function unfinishedRuns(db: Database, queuedBefore: Date) {
  const runs = await db.prisma.crawlRun.findMany({
    where: { status: { in: ["queued", "running"] }, queuedAt: { lt: queuedBefore } },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  return runs.map((run) => Number(run.id));
}

export async function latestRun(db: Database) {
  const run = await db.prisma.crawlRun.findFirst({
    orderBy: { id: "desc" },
    select: { id: true, status: true, queuedAt: true },
  });
  return run ? { id: Number(run.id), status: run.status, queuedAt: run.queuedAt } : undefined;
}

export class LockWaitAborted extends Error {
  override name = "LockWaitAborted";
}

/**
 * Runs `work` while holding the crawl lock of one account × region, waiting for it as long as another worker
 * (on any machine) holds it. The lock is a session advisory lock on a connection of its own, so it is released
 * when the work ends or the worker's connection drops.
 */
export async function withScopeLock<T>(
  db: Database,
  key: string,
  signal: AbortSignal,
  work: () => Promise<T>,
  pollMs = 200,
): Promise<T> {
  const client = new pg.Client({ connectionString: db.url, application_name: "trellis-crawl-lock" });
  client.on("error", () => undefined);
  await client.connect();
  try {
    for (;;) {
      if (signal.aborted) throw new LockWaitAborted(`Stopped while waiting for the crawl lock of ${key}`);
      const { rows } = await client.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked",
        [LOCK_NAMESPACE, key],
      );
      if (rows[0]?.locked) break;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    try {
      return await work();
    } finally {
      await client
        .query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCK_NAMESPACE, key])
        .catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs `work` unless another process is doing scheduler work right now; false when it skipped. */
export async function ifSchedulerLockFree(db: Database, work: () => Promise<void>): Promise<boolean> {
  const client = await db.pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock($1, $2) AS locked",
      [LOCK_NAMESPACE, SCHEDULER_LOCK],
    );
    if (!rows[0]?.locked) return false;
    try {
      await work();
      return true;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_NAMESPACE, SCHEDULER_LOCK]);
    }
  } finally {
    client.release();
  }
}
