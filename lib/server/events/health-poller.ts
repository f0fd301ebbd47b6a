import "server-only";
import { crawlScopes } from "@/lib/domain/config/config";
import type { CrawledResource, ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import { parseStoredJson, unescapeStoredText } from "@/lib/domain/text/stored-text";
import { readTargetHealth } from "../crawl/crawl-target-groups";
import { useClusterLimits } from "../crawl/cluster-limits";
import { createScopeRefresher } from "../crawl/refresh-account-region";
import { beat } from "../db/freshness";
import type { Runtime } from "../runtime";

export interface HealthPollResult {
  targetGroups: number;
  /** AWS calls the poll made: one ListTargets per group and page (and a role session now and then). */
  calls: number;
  /** The run that recorded changed health, if any changed. */
  runId?: number;
  errors: number;
}

interface GroupRow {
  resource_id: string;
  account_id: string;
  region: string;
  name: string;
  parent_id: string | null;
  data: string;
}

/** The target groups the store holds now, in the configured scopes. */
async function storedGroups(runtime: Runtime): Promise<Map<string, CrawledResource[]>> {
  const configured = new Set(crawlScopes(runtime.crawlEnv.config).map((s) => `${s.accountId}:${s.region}`));
  const { rows } = await runtime.db.pool.query<GroupRow>(
    `SELECT resource_id, account_id, region, name, parent_id, data::text AS data FROM resource_version
     WHERE kind = 'target-group' AND valid_to_run IS NULL`,
  );
  const byScope = new Map<string, CrawledResource[]>();
  for (const row of rows) {
    const key = `${row.account_id}:${row.region}`;
    if (!configured.has(key)) continue;
    const group: CrawledResource = {
      id: unescapeStoredText(row.resource_id),
      kind: "target-group",
      accountId: row.account_id,
      region: row.region,
      name: unescapeStoredText(row.name),
      ...(row.parent_id === null ? {} : { parentId: unescapeStoredText(row.parent_id) }),
      data: parseStoredJson(row.data) as Record<string, unknown>,
    };
    byScope.set(key, [...(byScope.get(key) ?? []), group]);
  }
  return byScope;
}

/**
 * Target health between crawls, on its own shorter interval: ListTargets for every stored target group, and a
 * small run of its own (trigger "health") only when some health changed. The map's health overlay reads the store;
 * a rollout's health gate reads ListTargets itself at each step, so both see the freshest value.
 */
export function createHealthPoller(runtime: Runtime) {
  const crawl = runtime.crawlEnv.config.crawl;
  // Within the crawl's cluster-wide limits, shared with the crawl worker and every other worker on the database.
  const lease = useClusterLimits(runtime.db.pool, {
    concurrency: crawl.concurrency,
    perAccountConcurrency: crawl.perAccountConcurrency,
  });
  const refresher = createScopeRefresher(runtime.crawlEnv, lease.limits);
  return {
    async pollOnce(): Promise<HealthPollResult> {
      const groups = await storedGroups(runtime);
      const snapshots: ScopeSnapshot[] = await Promise.all(
        [...groups.entries()].map(([key, list]) => {
          const [accountId = "", region = ""] = key.split(":");
          return refresher.refresh({ accountId, region }, (s) =>
            Promise.all(list.map((group) => readTargetHealth(s, group))).then(() => undefined),
          );
        }),
      );
      const result: HealthPollResult = {
        targetGroups: [...groups.values()].reduce((n, list) => n + list.length, 0),
        calls: snapshots.reduce((n, s) => n + s.calls, 0),
        errors: snapshots.reduce((n, s) => n + s.errors.length, 0),
      };
      const changed: ScopeSnapshot[] = [];
      for (const snapshot of snapshots) {
        if (await runtime.history.refreshWouldChange(snapshot)) changed.push(snapshot);
      }
      if (changed.length > 0) {
        const run = await runtime.history.startRun({ trigger: "health", progressTotal: changed.length });
        for (const snapshot of changed) {
          await runtime.history.recordRefresh(run.id, { snapshot, causeOf: () => undefined });
        }
        await runtime.history.setRunProgress(run.id, { done: changed.length, total: changed.length });
        await runtime.history.finishRun(run.id);
        result.runId = run.id;
      }
      const firstError = snapshots.flatMap((s) => s.errors)[0];
      await beat(
        runtime.db.pool,
        "health",
        String(crawl.healthIntervalSeconds),
        result.calls,
        firstError ? `${firstError.operation}: ${firstError.message}` : undefined,
      );
      return result;
    },
    destroy: () => {
      refresher.destroy();
      void lease.release();
    },
  };
}

/** Polls on `crawl.healthIntervalSeconds` (0: off), one poll at a time. */
export function startHealthPoller(runtime: Runtime, log: (line: string) => void): { stop(): Promise<void> } {
  const seconds = runtime.crawlEnv.config.crawl.healthIntervalSeconds;
  if (seconds <= 0) return { stop: async () => undefined };
  const poller = createHealthPoller(runtime);
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = poller
      .pollOnce()
      .then((result) => {
        if (result.runId) {
          log(
            `health poll: ${result.targetGroups} target groups, ${result.calls} calls, changes in run ${result.runId}`,
          );
        }
      })
      .catch((error: unknown) =>
        log(`health poll failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        running = undefined;
      });
  }, seconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      poller.destroy();
    },
  };
}
