import "server-only";
import { crawlScopes } from "@/lib/domain/config/config";
import type { CrawlRunSummary } from "@/lib/domain/topology/history";
import type { ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import type { CrawlEnvironment } from "../config/load-config";
import { crawlAccountRegion } from "../crawl/crawl-account-region";
import { CallLimits } from "../crawl/limits";
import type { HistoryRepository } from "../db/history";

/** Records snapshots as one finished run, as the crawl job does. */
export async function recordRun(
  history: HistoryRepository,
  snapshots: ScopeSnapshot[],
  trigger = "test",
): Promise<CrawlRunSummary> {
  const run = await history.startRun({ trigger, progressTotal: snapshots.length });
  for (const snapshot of snapshots) await history.recordScopeSnapshot(run.id, snapshot);
  return history.finishRun(run.id);
}

/** Crawls every configured account × region (of the demo emulator, in tests) and records it as one run. */
export async function crawlAndRecord(
  history: HistoryRepository,
  env: CrawlEnvironment,
  trigger = "test",
): Promise<CrawlRunSummary> {
  const limits = new CallLimits(16, 8);
  const snapshots = await Promise.all(
    crawlScopes(env.config).map((scope) => crawlAccountRegion(env, scope, limits)),
  );
  return recordRun(history, snapshots, trigger);
}
