import "server-only";
import { hostname } from "node:os";
import type { JobWithMetadata } from "pg-boss";
import type { ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import type { CrawlEnvironment } from "../config/load-config";
import { MAX_LOCK_CONNECTIONS } from "../db/advisory-locks";
import { observeJob } from "../observability/jobs";
import { countCrawlRun, countStoreRows, observeScopeCrawl } from "../observability/metrics";
import type { Runtime } from "../runtime";
import { crawlAccountRegion } from "./crawl-account-region";
import { CRAWL_SCOPE_QUEUE, crawlScopeJobSchema, enqueueCrawl, scopeKey, type CrawlScopeJob } from "./jobs";
import { ClusterLimits, useClusterLimits, type ClusterLimitSettings } from "./cluster-limits";
import type { CrawlLimits } from "./limits";
import {
  countScopeDone,
  ifSchedulerLockFree,
  lastRecordedRun,
  latestRun,
  recordedInRun,
  RunStateError,
  StaleRunError,
  unfinishedRuns,
  withScopeLock,
} from "../db/crawl-runs";

export type ScopeCrawler = (
  env: CrawlEnvironment,
  scope: { accountId: string; region: string },
  limits: CrawlLimits,
) => Promise<ScopeSnapshot>;

export interface CrawlWorkerOptions {
  /** Shown in logs; defaults to host:pid. */
  name?: string;
  /** Scopes this worker crawls at the same time. */
  concurrency?: number;
  /** Also run the scheduler: interval crawls and finishing runs whose workers went away. */
  schedule?: boolean;
  /** How often the scheduler looks; by default a tenth of the crawl interval, between 1 and 15 seconds. */
  scheduleTickMs?: number;
  /** A run still unfinished this long after it was queued, with no job left, is finished by the scheduler. */
  abandonedAfterMs?: number;
  pollingIntervalSeconds?: number;
  /** Lease, hold and wait times of the cluster-wide call slots (tests shorten them). */
  limits?: Partial<ClusterLimitSettings>;
  /** The crawl of one scope; tests wrap the real one to observe it. */
  crawl?: ScopeCrawler;
  log?: (line: string) => void;
}

export interface CrawlWorker {
  name: string;
  stop(): Promise<void>;
}

type ScopeOutcome = "recorded" | "superseded" | "already-recorded" | "run-finished";

/**
 * Takes crawl-scope jobs from the queue. For each: waits for the scope's crawl lock (so no two workers ever
 * crawl the same account × region at once), crawls, records the snapshot, counts the scope done, and the worker
 * that completes a run's last scope finishes the run.
 */
export async function startCrawlWorker(
  runtime: Runtime,
  options: CrawlWorkerOptions = {},
): Promise<CrawlWorker> {
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const log = options.log ?? (() => undefined);
  const crawl = options.crawl ?? crawlAccountRegion;
  const settings = runtime.crawlEnv.config.crawl;
  // Concurrency limits and API rates hold across every worker on the database, not per process.
  const limitSettings = {
    concurrency: settings.concurrency,
    perAccountConcurrency: settings.perAccountConcurrency,
  };
  const limitLease = options.limits
    ? (() => {
        const own = new ClusterLimits(runtime.db.pool, { ...limitSettings, ...options.limits });
        return { limits: own, release: () => own.close() };
      })()
    : useClusterLimits(runtime.db.pool, limitSettings);
  const limits = limitLease.limits;
  const stopping = new AbortController();

  async function crawlSafely(scope: CrawlScopeJob): Promise<ScopeSnapshot> {
    const startedAt = new Date().toISOString();
    try {
      return await crawl(runtime.crawlEnv, scope, limits);
    } catch (error) {
      return {
        accountId: scope.accountId,
        region: scope.region,
        status: "failed",
        resources: [],
        relations: [],
        complete: [],
        errors: [
          {
            accountId: scope.accountId,
            region: scope.region,
            operation: "crawl",
            message: error instanceof Error ? error.message : String(error),
          },
        ],
        calls: 0,
        startedAt,
        finishedAt: new Date().toISOString(),
      };
    }
  }

  async function crawlLocked(job: CrawlScopeJob): Promise<ScopeOutcome> {
    if (await recordedInRun(runtime.db, job.runId, job)) return "already-recorded";
    // A later run already recorded the scope (its job got the lock first): this run's view would be older.
    const last = await lastRecordedRun(runtime.db, job);
    if (last !== undefined && last > job.runId) return "superseded";
    let snapshot = await crawlSafely(job);
    try {
      countStoreRows(await runtime.history.recordScopeSnapshot(job.runId, snapshot));
      observeScopeCrawl(snapshot);
    } catch (error) {
      if (error instanceof StaleRunError) return "superseded";
      if (error instanceof RunStateError) return "run-finished";
      // Recorded as a failed scope, so the map shows it stale with the cause instead of the last run's "ok".
      snapshot = unrecordableSnapshot(snapshot, error);
      try {
        await runtime.history.recordScopeSnapshot(job.runId, snapshot);
      } catch (again) {
        if (again instanceof StaleRunError) return "superseded";
        if (again instanceof RunStateError) return "run-finished";
        throw error;
      }
    }
    log(
      `crawled ${job.accountId} ${job.region} for run ${job.runId}: ${snapshot.status}, ` +
        `${snapshot.resources.length} resources, ${snapshot.calls} calls, ${snapshot.errors.length} errors`,
    );
    return "recorded";
  }

  async function finishIfLast(runId: number) {
    const progress = await countScopeDone(runtime.db, runId);
    if (progress.done < progress.total) return;
    try {
      const run = await runtime.history.finishRun(runId);
      countCrawlRun(run.status);
      log(`crawl run ${runId} finished: ${run.status}, ${run.calls} calls, ${run.errorCount} errors`);
    } catch (error) {
      if (!(error instanceof RunStateError)) throw error;
    }
  }

  // Set once work() returns; a job may finish before that.
  const registration = { workId: "" };
  // pg-boss waits a polling interval after each job; a backlog of scopes should drain without pauses.
  function fetchAgainNow() {
    for (const loop of runtime.boss.getWipData()) {
      if (loop.workId === registration.workId) runtime.boss.notifyWorker(loop.id);
    }
  }

  async function handle(jobs: JobWithMetadata<unknown>[]) {
    try {
      await handleJobs(jobs);
    } finally {
      if (!stopping.signal.aborted) fetchAgainNow();
    }
  }

  async function handleJobs(jobs: JobWithMetadata<unknown>[]) {
    for (const job of jobs) {
      const data = crawlScopeJobSchema.parse(job.data);
      const about = { crawlRunId: data.runId, accountId: data.accountId, region: data.region };
      await observeJob(CRAWL_SCOPE_QUEUE, job, about, async () => {
        await runtime.history.markRunRunning(data.runId);
        const signal = AbortSignal.any([job.signal, stopping.signal]);
        const outcome = await withScopeLock(runtime.db, scopeKey(data), signal, () => crawlLocked(data));
        // A retried job whose first attempt recorded the scope was counted by that attempt (or, if it died before
        // counting, its run is finished by the scheduler once no job of the run is left).
        if (outcome === "recorded" || outcome === "superseded") await finishIfLast(data.runId);
      });
    }
  }

  registration.workId = await runtime.boss.work(
    CRAWL_SCOPE_QUEUE,
    {
      // Each scope in progress holds a lock connection of its own: beyond the process's bound its job would fail.
      localConcurrency: Math.min(options.concurrency ?? 4, MAX_LOCK_CONNECTIONS - 8),
      includeMetadata: true,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      notifyPollingIntervalSeconds: 10,
    },
    handle,
  );

  let timer: NodeJS.Timeout | undefined;
  if (options.schedule) {
    const interval = settings.intervalSeconds;
    const tickMs = options.scheduleTickMs ?? Math.min(Math.max((interval * 1000) / 10, 1_000), 15_000);
    let ticking = false;
    timer = setInterval(() => {
      if (ticking || stopping.signal.aborted) return;
      ticking = true;
      void ifSchedulerLockFree(runtime.db, async () => {
        await finishAbandonedRuns(runtime, options.abandonedAfterMs ?? 120_000, log);
        await scheduleIfDue(runtime, interval, log);
      })
        .catch((error: unknown) =>
          log(`scheduler: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => {
          ticking = false;
        });
    }, tickMs);
    timer.unref();
  }

  let stopped: Promise<void> | undefined;
  return {
    name,
    stop() {
      stopped ??= (async () => {
        if (timer) clearInterval(timer);
        stopping.abort();
        await runtime.boss.offWork(CRAWL_SCOPE_QUEUE, { id: registration.workId, wait: true });
        await limitLease.release();
      })();
      return stopped;
    },
  };
}

/**
 * A scope whose snapshot the database refused (a value PostgreSQL cannot hold, a limit, a bug): failed, with
 * the database's message and SQLSTATE, and nothing of what it read, so its previous data stays and shows stale.
 */
function unrecordableSnapshot(snapshot: ScopeSnapshot, error: unknown): ScopeSnapshot {
  const sqlState = (error as { code?: unknown } | null)?.code;
  const cause = error instanceof Error ? error.message : String(error);
  return {
    ...snapshot,
    status: "failed",
    resources: [],
    relations: [],
    complete: [],
    errors: [
      ...snapshot.errors,
      {
        accountId: snapshot.accountId,
        region: snapshot.region,
        operation: "record",
        message: `Recording what was crawled failed: ${cause}`,
        ...(typeof sqlState === "string" ? { code: sqlState } : {}),
      },
    ],
  };
}

/** Queues a scheduled crawl when the latest run finished and was queued at least one interval ago. */
async function scheduleIfDue(runtime: Runtime, intervalSeconds: number, log: (line: string) => void) {
  if (intervalSeconds <= 0) return;
  const latest = await latestRun(runtime.db);
  if (latest) {
    if (latest.status === "queued" || latest.status === "running") return;
    if (Date.now() - latest.queuedAt.getTime() < intervalSeconds * 1000) return;
  }
  const { runId } = await enqueueCrawl(runtime, { trigger: "schedule" });
  log(`scheduled crawl run ${runId}`);
}

const LIVE_JOB_STATES: ReadonlySet<string> = new Set(["created", "retry", "active"]);

/**
 * Finishes runs that can no longer finish on their own: none of their jobs is waiting or running (a worker died
 * between recording and counting, jobs failed for good, or queuing them failed). Scopes never recorded are
 * reported as errors of the run.
 */
async function finishAbandonedRuns(runtime: Runtime, abandonedAfterMs: number, log: (line: string) => void) {
  for (const runId of await unfinishedRuns(runtime.db, new Date(Date.now() - abandonedAfterMs))) {
    const jobs = await runtime.boss.findJobs<CrawlScopeJob>(CRAWL_SCOPE_QUEUE, { data: { runId } });
    if (jobs.some((job) => LIVE_JOB_STATES.has(job.state))) continue;
    const run = await runtime.history.getRun(runId);
    if (!run) continue;
    const recorded = new Set(run.scopes.map((scope) => scopeKey(scope)));
    const errors = jobs
      .filter((job) => !recorded.has(scopeKey(job.data)))
      .map((job) => ({
        accountId: job.data.accountId,
        region: job.data.region,
        operation: "crawl",
        message: `The crawl of this scope did not complete (job ${job.state})`,
      }));
    const anyRead = run.scopes.some((scope) => scope.status !== "failed");
    const status = errors.length === 0 ? undefined : anyRead ? ("partial" as const) : ("failed" as const);
    try {
      const finished = await runtime.history.finishRun(runId, { errors, ...(status ? { status } : {}) });
      countCrawlRun(finished.status);
      log(`crawl run ${runId} had no jobs left; finished as ${finished.status}`);
    } catch (error) {
      if (!(error instanceof RunStateError)) throw error;
    }
  }
}
