import "server-only";
import type pg from "pg";
import { z } from "zod";
import {
  runStatusFromScopes,
  type CrawlRunDetail,
  type CrawlRunStatus,
  type CrawlRunSummary,
  type ScopeCrawlStatus,
} from "@/lib/domain/topology/history";
import type { CrawlErrorRecord } from "@/lib/domain/topology/snapshot";
import { escapeStoredText, unescapeStoredText } from "@/lib/domain/text/stored-text";
import type { CrawlRun, PrismaClient } from "../../generated/prisma/client";
import { ifLockFree, LOCK_NAMESPACES, withAdvisoryLock } from "./advisory-locks";
import type { Database, DbClient } from "./database";
import { VALID_AT, type RunRef } from "./estate-rows";
import { readJson } from "./json-column";

// Crawl runs: their lifecycle (queued → running → finished), progress, per-scope bookkeeping and errors, and
// the locks that keep one crawl of a scope and one scheduler at a time.

/** Resources per kind; a run not finished yet holds none (anything but an object reads as none). */
const runCountsSchema = z.record(z.string(), z.unknown()).catch({});

/** Serialises writers of the version tables, so each sees the open versions the previous one left. */
const HISTORY_LOCK_KEY = LOCK_NAMESPACES.history;
const FINISHED: ReadonlySet<CrawlRunStatus> = new Set(["ok", "partial", "failed"]);

/** Recording a scope into a run older than (or the same as) the last run that recorded it. */
export class StaleRunError extends Error {
  override name = "StaleRunError";
}

/** The run does not exist, or has already finished. */
export class RunStateError extends Error {
  override name = "RunStateError";
}

export interface FinishRunInput {
  /** Derived from the recorded scopes when omitted. */
  status?: "ok" | "partial" | "failed";
  /** Resources per kind in the estate at this run; counted from the stored versions when omitted. */
  counts?: Record<string, number>;
  /** Total AWS calls; the sum of the recorded scopes' calls when omitted. */
  calls?: number;
  /** Errors not part of a recorded scope snapshot (e.g. an account whose role could not be assumed). */
  errors?: CrawlErrorRecord[];
}

export interface RunsDb {
  prisma: PrismaClient;
  /** History writes run here: longer statement deadlines than the request pool. */
  bulkPool: pg.Pool;
}

export function toRunSummary(run: CrawlRun): CrawlRunSummary {
  const counts: Record<string, number> = {};
  for (const [kind, count] of Object.entries(readJson(runCountsSchema, run.counts, "crawl_run.counts"))) {
    if (typeof count === "number") counts[kind] = count;
  }
  return {
    id: Number(run.id),
    status: run.status,
    trigger: run.trigger,
    queuedAt: run.queuedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    counts,
    calls: run.calls,
    progress: { done: run.progressDone, total: run.progressTotal },
    errorCount: run.errorCount,
  };
}

/**

/** Runs `work` in a transaction holding the history write lock. */
export async function inHistoryTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [HISTORY_LOCK_KEY]);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function insertErrors(
  client: pg.PoolClient,
  runId: number,
  errors: CrawlErrorRecord[],
): Promise<void> {
  if (errors.length === 0) return;
  await client.query(
    `INSERT INTO crawl_error (run_id, account_id, region, operation, resource, message, code)
     SELECT $1, e.account_id, e.region, e.operation, e.resource, e.message, e.code
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS e(account_id, region, operation, resource, message, code)`,
    [
      runId,
      errors.map((error) => escapeStoredText(error.accountId)),
      errors.map((error) => escapeStoredText(error.region)),
      errors.map((error) => escapeStoredText(error.operation)),
      errors.map((error) => (error.resource === undefined ? null : escapeStoredText(error.resource))),
      errors.map((error) => escapeStoredText(error.message)),
      errors.map((error) => (error.code === undefined ? null : escapeStoredText(error.code))),
    ],
  );
}

export async function lockRunForWriting(client: pg.PoolClient, runId: number): Promise<void> {
  const { rows } = await client.query<{ status: CrawlRunStatus }>(
    "SELECT status FROM crawl_run WHERE id = $1",
    [runId],
  );
  const status = rows[0]?.status;
  if (status === undefined) throw new RunStateError(`Crawl run ${runId} does not exist`);
  if (FINISHED.has(status)) throw new RunStateError(`Crawl run ${runId} has already finished (${status})`);
}

export function createCrawlRunStore(db: RunsDb) {
  const { prisma } = db;

  async function latestStartedRun(): Promise<CrawlRun | null> {
    return prisma.crawlRun.findFirst({ where: { status: { not: "queued" } }, orderBy: { id: "desc" } });
  }

  return {
    /** The run a reference names (the latest one not queued for "latest"); null when there is none. */
    async resolveRun(ref: RunRef): Promise<CrawlRun | null> {
      if (ref === "latest") return latestStartedRun();
      return prisma.crawlRun.findUnique({ where: { id: BigInt(ref) } });
    },

    /** `alongside` writes in the same transaction as the new run, e.g. the audit entry of who asked for it. */
    async startRun(
      input: { trigger: string; queued?: boolean; progressTotal?: number },
      alongside?: (tx: DbClient, run: CrawlRunSummary) => Promise<void>,
    ): Promise<CrawlRunSummary> {
      const create = async (db: DbClient) => {
        const run = await db.crawlRun.create({
          data: {
            trigger: input.trigger,
            status: input.queued ? "queued" : "running",
            startedAt: input.queued ? null : new Date(),
            progressTotal: input.progressTotal ?? 0,
          },
        });
        return toRunSummary(run);
      };
      if (!alongside) return create(prisma);
      return prisma.$transaction(async (tx) => {
        const run = await create(tx);
        await alongside(tx, run);
        return run;
      });
    },

    async markRunRunning(runId: number): Promise<void> {
      await prisma.crawlRun.updateMany({
        where: { id: BigInt(runId), status: "queued" },
        data: { status: "running", startedAt: new Date() },
      });
    },

    async setRunProgress(runId: number, progress: { done: number; total: number }): Promise<void> {
      await prisma.crawlRun.update({
        where: { id: BigInt(runId) },
        data: { progressDone: progress.done, progressTotal: progress.total },
      });
    },

    async finishRun(runId: number, input: FinishRunInput = {}): Promise<CrawlRunSummary> {
      await inHistoryTransaction(db.bulkPool, async (client) => {
        await lockRunForWriting(client, runId);
        await insertErrors(client, runId, input.errors ?? []);
        const scopes = await client.query<{ status: ScopeCrawlStatus; calls: number }>(
          "SELECT status, calls FROM crawl_run_scope WHERE run_id = $1",
          [runId],
        );
        const status = input.status ?? runStatusFromScopes(scopes.rows.map((scope) => scope.status));
        let counts = input.counts;
        if (!counts) {
          const { rows } = await client.query<{ kind: string; count: number }>(
            `SELECT v.kind, count(*)::int AS count FROM resource_version v WHERE ${VALID_AT} GROUP BY v.kind`,
            [runId],
          );
          counts = Object.fromEntries(rows.map((row) => [row.kind, row.count]));
        }
        const calls = input.calls ?? scopes.rows.reduce((sum, scope) => sum + scope.calls, 0);
        await client.query(
          `UPDATE crawl_run SET status = $2::crawl_run_status, counts = $3::jsonb, calls = $4,
             finished_at = now(), started_at = COALESCE(started_at, now()),
             error_count = (SELECT count(*) FROM crawl_error WHERE run_id = $1)
           WHERE id = $1`,
          [runId, status, JSON.stringify(counts), calls],
        );
      });
      const run = await prisma.crawlRun.findUniqueOrThrow({ where: { id: BigInt(runId) } });
      return toRunSummary(run);
    },

    async getRun(runId: number): Promise<CrawlRunDetail | null> {
      const run = await prisma.crawlRun.findUnique({
        where: { id: BigInt(runId) },
        include: {
          scopes: { orderBy: [{ accountId: "asc" }, { region: "asc" }] },
          errors: { orderBy: { id: "asc" } },
        },
      });
      if (!run) return null;
      return {
        ...toRunSummary(run),
        scopes: run.scopes.map((scope) => ({
          accountId: scope.accountId,
          region: scope.region,
          status: scope.status,
          calls: scope.calls,
          startedAt: scope.startedAt.toISOString(),
          finishedAt: scope.finishedAt.toISOString(),
          resourceCount: scope.resourceCount,
          relationCount: scope.relationCount,
          errorCount: scope.errorCount,
          versionsAdded: scope.versionsAdded,
          versionsClosed: scope.versionsClosed,
        })),
        errors: run.errors.map((error) => ({
          accountId: unescapeStoredText(error.accountId),
          region: unescapeStoredText(error.region),
          operation: unescapeStoredText(error.operation),
          message: unescapeStoredText(error.message),
          ...(error.resource === null ? {} : { resource: unescapeStoredText(error.resource) }),
          ...(error.code === null ? {} : { code: unescapeStoredText(error.code) }),
        })),
      };
    },

    /** Newest first; `beforeId` pages back; `withChanges` adds how many versions each run opened or closed. */
    async listRuns(
      options: { limit?: number; beforeId?: number; withChanges?: boolean } = {},
    ): Promise<CrawlRunSummary[]> {
      const runs = await prisma.crawlRun.findMany({
        where: options.beforeId === undefined ? {} : { id: { lt: BigInt(options.beforeId) } },
        orderBy: { id: "desc" },
        take: Math.min(Math.max(options.limit ?? 50, 1), 500),
      });
      if (!options.withChanges || runs.length === 0) return runs.map(toRunSummary);
      const sums = await prisma.crawlRunScope.groupBy({
        by: ["runId"],
        where: { runId: { in: runs.map((r) => r.id) } },
        _sum: { versionsAdded: true, versionsClosed: true },
      });
      const changes = new Map(
        sums.map((s) => [s.runId, (s._sum.versionsAdded ?? 0) + (s._sum.versionsClosed ?? 0)]),
      );
      return runs.map((run) => ({ ...toRunSummary(run), changes: changes.get(run.id) ?? 0 }));
    },
  };
}

export type CrawlRunStore = ReturnType<typeof createCrawlRunStore>;

// Bookkeeping the crawl workers do outside the repository: the progress counter, the per-scope crawl lock and
// the scheduler lock.

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
