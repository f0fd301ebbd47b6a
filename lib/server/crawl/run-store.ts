import "server-only";
import { ifLockFree, withAdvisoryLock } from "../db/advisory-locks";
import type { Database } from "../db/database";

// Bookkeeping of crawl runs that the history repository does not cover: the progress counter, the per-scope
// crawl lock and the scheduler lock.

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

/** How long a crawl job waits for another worker's crawl of the same scope before it fails (and is retried). */
const SCOPE_LOCK_WAIT_MS = 15 * 60_000;

/**
 * Runs `work` while holding the crawl lock of one account × region, waiting (up to SCOPE_LOCK_WAIT_MS) while
 * another worker, on any machine, holds it. The lock is released when the work ends or the worker's
 * connection drops.
 */
export function withScopeLock<T>(
  db: Database,
  key: string,
  signal: AbortSignal,
  work: () => Promise<T>,
  pollMs = 200,
): Promise<T> {
  return withAdvisoryLock(db, "crawlScope", key, work, {
    waitMs: SCOPE_LOCK_WAIT_MS,
    signal,
    pollMs,
    describe: `the crawl of ${key}`,
  });
}

/** Runs `work` unless another process is doing scheduler work right now; false when it skipped. */
export function ifSchedulerLockFree(db: Database, work: () => Promise<void>): Promise<boolean> {
  return ifLockFree(db, "scheduler", "crawl-schedule", work);
}
