import "server-only";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const CRAWL_BUCKETS = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1_800];
const JOB_BUCKETS = [0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900];

/** Rollout decisions and apply results that alert rules name, exported as 0 from the start (see preset). */
const ROLLOUT_ENDINGS = ["CompleteRollout", "AbortRollout", "FailRollout"] as const;
const WRITE_RESULTS = ["applied", "aws-error", "conflict", "not-applied"] as const;

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = {
    registry,
    crawlScopeDuration: new Histogram({
      name: "trellis_crawl_scope_duration_seconds",
      help: "Time to crawl one account × region, from the first AWS call to the snapshot, by how it ended.",
      labelNames: ["account", "region", "status"] as const,
      buckets: CRAWL_BUCKETS,
      registers: [registry],
    }),
    crawlScopes: new Counter({
      name: "trellis_crawl_scopes_total",
      help: "Account × region crawls recorded by this process, by status (ok, partial, failed).",
      labelNames: ["account", "region", "status"] as const,
      registers: [registry],
    }),
    crawlRuns: new Counter({
      name: "trellis_crawl_runs_total",
      help: "Crawl runs finished by this process, by status.",
      labelNames: ["status"] as const,
      registers: [registry],
    }),
    awsRequests: new Counter({
      name: "trellis_aws_requests_total",
      help: "HTTP requests to AWS (every attempt, retries included), by service, operation and the account acted for.",
      labelNames: ["service", "operation", "account", "region"] as const,
      registers: [registry],
    }),
    awsErrors: new Counter({
      name: "trellis_aws_errors_total",
      help: "AWS requests that failed (throttling included), by error code.",
      labelNames: ["service", "operation", "account", "region", "code"] as const,
      registers: [registry],
    }),
    awsThrottles: new Counter({
      name: "trellis_aws_throttles_total",
      help: "AWS requests refused for throttling (also counted in trellis_aws_errors_total).",
      labelNames: ["service", "operation", "account", "region"] as const,
      registers: [registry],
    }),
    awsDuration: new Histogram({
      name: "trellis_aws_request_duration_seconds",
      help: "Duration of one AWS request (one attempt).",
      labelNames: ["service", "operation"] as const,
      buckets: DURATION_BUCKETS,
      registers: [registry],
    }),
    storeRows: new Counter({
      name: "trellis_store_rows_written_total",
      help: "History rows written by crawls: versions inserted (new or changed) and closed (changed or gone).",
      labelNames: ["table", "write"] as const,
      registers: [registry],
    }),
    jobWait: new Histogram({
      name: "trellis_job_wait_seconds",
      help: "Time a job waited in the queue between becoming due and a worker starting it.",
      labelNames: ["queue"] as const,
      buckets: JOB_BUCKETS,
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: "trellis_job_duration_seconds",
      help: "Time a worker spent on a job, by outcome (completed, failed).",
      labelNames: ["queue", "outcome"] as const,
      buckets: JOB_BUCKETS,
      registers: [registry],
    }),
    applyOutcomes: new Counter({
      name: "trellis_apply_outcomes_total",
      help: "Outcomes of AWS writes as the audit log settles them (by the apply or by the reconciler).",
      labelNames: ["operation", "result"] as const,
      registers: [registry],
    }),
    rolloutDecisions: new Counter({
      name: "trellis_rollout_decisions_total",
      help: "Rollout decisions audited by this process (start, pause, resume, abort, complete, fail), by actor kind.",
      labelNames: ["operation", "result", "actor"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "trellis_http_request_duration_seconds",
      help: "API request latency by route pattern, method and status.",
      labelNames: ["route", "method", "status"] as const,
      buckets: DURATION_BUCKETS,
      registers: [registry],
    }),
    httpInFlight: new Gauge({
      name: "trellis_http_requests_in_flight",
      help: "API requests being answered.",
      registers: [registry],
    }),
    scopeAge: new Gauge({
      name: "trellis_crawl_scope_age_seconds",
      help: "Seconds since each configured account × region was last crawled successfully (+Inf: never). From the database.",
      labelNames: ["account", "region"] as const,
      registers: [registry],
    }),
    crawlInterval: new Gauge({
      name: "trellis_crawl_interval_seconds",
      help: "The configured interval between scheduled crawls (0: none).",
      registers: [registry],
    }),
    queueJobs: new Gauge({
      name: "trellis_queue_jobs",
      help: "Jobs in each pg-boss queue by state (ready, deferred, active, failed). From the database.",
      labelNames: ["queue", "state"] as const,
      registers: [registry],
    }),
    rollouts: new Gauge({
      name: "trellis_rollouts",
      help: "Rollouts in progress by status (running, paused). From the database.",
      labelNames: ["status"] as const,
      registers: [registry],
    }),
    openIntents: new Gauge({
      name: "trellis_open_intents",
      help: "AWS writes whose outcome is not recorded yet (applying now, or waiting for the reconciler). From the database.",
      registers: [registry],
    }),
    databaseUp: new Gauge({
      name: "trellis_database_up",
      help: "1 when the database answered this scrape's queries, else 0.",
      registers: [registry],
    }),
    eventLag: new Gauge({
      name: "trellis_event_lag_seconds",
      help: "Time from an AWS event to Trellis processing it, by source (no samples until events are configured).",
      labelNames: ["source"] as const,
      registers: [registry],
    }),
  };
  for (const operation of ROLLOUT_ENDINGS) {
    for (const actor of ["person", "system"]) {
      metrics.rolloutDecisions.labels({ operation, result: "applied", actor }).inc(0);
    }
  }
  for (const result of WRITE_RESULTS) {
    metrics.applyOutcomes.labels({ operation: "UpdateListener", result }).inc(0);
  }
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

// On globalThis: Next bundles instrumentation (the in-process worker) and the /metrics route apart; one registry.
const holder = globalThis as typeof globalThis & { trellisMetrics?: Metrics };

export function getMetrics(): Metrics {
  holder.trellisMetrics ??= createMetrics();
  return holder.trellisMetrics;
}

/** The outcome of an AWS write settled by the write-ahead audit. */
export function countApplyOutcome(operation: string, result: string): void {
  getMetrics().applyOutcomes.labels({ operation, result }).inc();
}

export function countRolloutDecision(operation: string, result: string, system: boolean): void {
  getMetrics()
    .rolloutDecisions.labels({ operation, result, actor: system ? "system" : "person" })
    .inc();
}

/** For the events consumer: the lag of the event just processed. */
export function observeEventLag(source: string, seconds: number): void {
  getMetrics().eventLag.labels({ source }).set(seconds);
}

export function observeScopeCrawl(scope: {
  accountId: string;
  region: string;
  status: string;
  startedAt: string;
  finishedAt: string;
}): void {
  const m = getMetrics();
  const labels = { account: scope.accountId, region: scope.region, status: scope.status };
  const seconds = (Date.parse(scope.finishedAt) - Date.parse(scope.startedAt)) / 1000;
  if (Number.isFinite(seconds) && seconds >= 0) m.crawlScopeDuration.labels(labels).observe(seconds);
  m.crawlScopes.labels(labels).inc();
}

export function countStoreRows(result: {
  resources: { added: number; changed: number; closed: number };
  relations: { added: number; changed: number; closed: number };
}): void {
  const m = getMetrics();
  for (const [table, writes] of [
    ["resource_version", result.resources],
    ["relation_version", result.relations],
  ] as const) {
    m.storeRows.labels({ table, write: "inserted" }).inc(writes.added + writes.changed);
    m.storeRows.labels({ table, write: "closed" }).inc(writes.closed);
  }
}

export function countCrawlRun(status: string): void {
  getMetrics().crawlRuns.labels({ status }).inc();
}
