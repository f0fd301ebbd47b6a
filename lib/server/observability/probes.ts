import "server-only";
import { crawlScopes } from "@/lib/domain/config/config";
import { CRAWL_SCOPE_QUEUE } from "../crawl/jobs";
import { DEFAULT_MIGRATIONS_DIR, MigrationError } from "../db/migrate";
import { getRuntime, type Runtime } from "../runtime";
import { ROLLOUT_STEP_QUEUE } from "../services/rollouts/rollout-jobs";
import { getMetrics } from "./metrics";
import { checkReadiness, notReady, type Readiness } from "./readiness";
import { isShuttingDown } from "./shutdown";

/** Where the probes and /metrics find the process's runtime; the console's by default, a worker sets its own. */
export interface ProbeSource {
  runtime(): Promise<Runtime>;
  /** The console waits for the first crawl of every scope; a worker is ready once its database is. */
  waitForFirstCrawl: boolean;
}

const holder = globalThis as typeof globalThis & {
  trellisProbeSource?: ProbeSource;
  trellisReady?: boolean;
};

export function setProbeSource(source: ProbeSource): void {
  holder.trellisProbeSource = source;
  holder.trellisReady = false;
}

function source(): ProbeSource {
  return holder.trellisProbeSource ?? { runtime: getRuntime, waitForFirstCrawl: true };
}

const RUNTIME_WAIT_MS = 2_500;

function runtimeWithin(ms: number): Promise<Runtime | "timeout"> {
  return Promise.race([
    source().runtime(),
    new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms).unref()),
  ]);
}

/**
 * The process's readiness. Once ready it stays ready until shutdown: a database outage later is answered by
 * the API with 503s and retried, rather than taking every replica out of its Service at once.
 */
export async function processReadiness(): Promise<Readiness> {
  if (isShuttingDown()) return notReady({ name: "shutdown", ok: false, detail: "shutting down" });
  if (holder.trellisReady) return { ready: true, checks: [] };
  let runtime: Runtime | "timeout";
  try {
    runtime = await runtimeWithin(RUNTIME_WAIT_MS);
  } catch (error) {
    return notReady(
      error instanceof MigrationError
        ? { name: "migrations", ok: false, detail: "could not be applied (the log says why)" }
        : { name: "database", ok: false, detail: "not answering" },
    );
  }
  if (runtime === "timeout") {
    return notReady({ name: "database", ok: false, detail: "connecting or applying migrations" });
  }
  const readiness = await checkReadiness({
    pool: runtime.db.pool,
    migrationsDir: DEFAULT_MIGRATIONS_DIR,
    scopes: source().waitForFirstCrawl ? crawlScopes(runtime.crawlEnv.config) : [],
  });
  if (isShuttingDown()) return notReady({ name: "shutdown", ok: false, detail: "shutting down" });
  if (readiness.ready) holder.trellisReady = true;
  return readiness;
}

const SCRAPE_QUERY_MS = 3_000;

/** Sets the gauges read from the database (scope ages, queues, rollouts, open intents) for one scrape. */
export async function collectDatabaseMetrics(): Promise<void> {
  const m = getMetrics();
  for (const gauge of [m.scopeAge, m.queueJobs, m.rollouts, m.openIntents]) gauge.reset();
  try {
    const runtime = await runtimeWithin(SCRAPE_QUERY_MS);
    if (runtime === "timeout") throw new Error("runtime not available");
    const config = runtime.crawlEnv.config;
    m.crawlInterval.set(config.crawl.intervalSeconds);
    const scopes = crawlScopes(config);
    const query = <R extends object>(text: string, values?: unknown[]) =>
      Promise.race([
        runtime.db.pool.query<R>(text, values),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error("scrape query timed out")), SCRAPE_QUERY_MS).unref(),
        ),
      ]);
    const [ages, rollouts, intents, queues] = await Promise.all([
      query<{ account_id: string; region: string; age: number | null }>(
        `SELECT c.account_id, c.region, extract(epoch FROM now() - s.last_success_at)::float8 AS age
         FROM unnest($1::text[], $2::text[]) AS c(account_id, region)
         LEFT JOIN scope_status s ON s.account_id = c.account_id AND s.region = c.region`,
        [scopes.map((s) => s.accountId), scopes.map((s) => s.region)],
      ),
      query<{ status: string; n: number }>(
        `SELECT status::text AS status, count(*)::int AS n FROM rollout
         WHERE status IN ('running', 'paused') GROUP BY status`,
      ),
      query<{ n: number }>(`SELECT count(*)::int AS n FROM open_intent`),
      runtime.boss.getQueues([CRAWL_SCOPE_QUEUE, ROLLOUT_STEP_QUEUE]),
    ]);
    for (const row of ages.rows) {
      m.scopeAge
        .labels({ account: row.account_id, region: row.region })
        .set(row.age ?? Number.POSITIVE_INFINITY);
    }
    for (const status of ["running", "paused"]) {
      m.rollouts.labels({ status }).set(rollouts.rows.find((r) => r.status === status)?.n ?? 0);
    }
    m.openIntents.set(intents.rows[0]?.n ?? 0);
    for (const queue of queues) {
      const states = {
        ready: queue.readyCount,
        deferred: queue.deferredCount,
        active: queue.activeCount,
        failed: queue.failedCount,
      };
      for (const [state, count] of Object.entries(states))
        m.queueJobs.labels({ queue: queue.name, state }).set(count);
    }
    m.databaseUp.set(1);
  } catch {
    m.databaseUp.set(0);
  }
}
