import "server-only";
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import { crawlScopes } from "@/lib/domain/config/config";
import type { CrawlRunSummary } from "@/lib/domain/topology/history";
import type { DbClient } from "../db/database";
import type { Runtime } from "../runtime";

/** One job per account × region of a run; any worker on the database may take it. */
export const CRAWL_SCOPE_QUEUE = "crawl-scope";

export const crawlScopeJobSchema = z.object({
  runId: z.number().int().positive(),
  accountId: z.string(),
  region: z.string(),
});
export type CrawlScopeJob = z.infer<typeof crawlScopeJobSchema>;

export type CrawlTrigger = "manual" | "schedule" | "startup" | "change" | "event";

/** Heartbeats let a job held by a worker that died be retried elsewhere within a minute. */
const HEARTBEAT_SECONDS = 30;

export async function ensureCrawlQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(CRAWL_SCOPE_QUEUE, {
    policy: "standard",
    // AWS failures are recorded in the snapshot; a job fails only when the worker could not record at all.
    retryLimit: 2,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 3_600,
    heartbeatSeconds: HEARTBEAT_SECONDS,
    deleteAfterSeconds: 7 * 86_400,
    notify: true,
  });
}

export function scopeKey(scope: { accountId: string; region: string }): string {
  return `${scope.accountId}:${scope.region}`;
}

/**
 * Queues a crawl of every configured account × region (or `only` one of them, e.g. after a change) and returns at once: the run is recorded as queued with
 * progress 0 of the number of scopes, and workers pick up its scope jobs.
 */
export async function enqueueCrawl(
  runtime: Runtime,
  input: {
    trigger: CrawlTrigger;
    /** Crawl just this account × region (after a change to it), not every configured one. */
    only?: { accountId: string; region: string };
    /** Written in the transaction that records the queued run (the audit entry of a manual crawl). */
    alongside?: (tx: DbClient, run: CrawlRunSummary) => Promise<void>;
  },
): Promise<{ runId: number }> {
  const only = input.only;
  const scopes = crawlScopes(runtime.crawlEnv.config).filter(
    (scope) => !only || (scope.accountId === only.accountId && scope.region === only.region),
  );
  const run = await runtime.history.startRun(
    { trigger: input.trigger, queued: true, progressTotal: scopes.length },
    input.alongside,
  );
  if (scopes.length === 0) {
    await runtime.history.finishRun(run.id);
    return { runId: run.id };
  }
  try {
    await runtime.boss.insert(
      CRAWL_SCOPE_QUEUE,
      scopes.map((scope) => ({
        data: { runId: run.id, accountId: scope.accountId, region: scope.region } satisfies CrawlScopeJob,
        singletonKey: scopeKey(scope),
      })),
    );
  } catch (error) {
    await runtime.history.finishRun(run.id, {
      status: "failed",
      errors: scopes.map((scope) => ({
        ...scope,
        operation: "enqueue",
        message: `Could not queue the crawl: ${error instanceof Error ? error.message : String(error)}`,
      })),
    });
    throw error;
  }
  return { runId: run.id };
}
