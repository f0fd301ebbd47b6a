import "server-only";
import type { RefreshTarget } from "@/lib/domain/events/refresh-plan";
import type { ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import type { AwsClients } from "../aws/clients";
import type { CrawlEnvironment } from "../config/load-config";
import type { CrawlLimits } from "./limits";
import { refreshScope } from "./refresh-scope";
import { createScopeClients } from "./scope-clients";
import type { ScopeCrawl } from "./scope-crawl";

interface ScopeClients {
  clients: AwsClients;
  resolutions: () => number;
  counted: number;
}

/**
 * Event re-reads of configured scopes. Each scope's clients (and its role session) are kept between events, so a
 * re-read costs the reads it makes, not an AssumeRole and a GetCallerIdentity each time.
 */
export function createScopeRefresher(env: CrawlEnvironment, limits: CrawlLimits) {
  const cache = new Map<string, ScopeClients>();

  function clientsOf(scope: { accountId: string; region: string }): ScopeClients | undefined {
    const key = `${scope.accountId}:${scope.region}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const account = env.config.accounts.find((a) => a.id === scope.accountId);
    if (!account) return undefined;
    const { credentials, clients } = createScopeClients(env, account, scope.region, {
      onThrottle: () => limits.noteThrottle?.(scope.accountId),
    });
    const entry = { clients, resolutions: credentials.resolutions, counted: 0 };
    cache.set(key, entry);
    return entry;
  }

  return {
    async refresh(
      scope: { accountId: string; region: string },
      targets: RefreshTarget[] | ((s: ScopeCrawl) => Promise<void>),
    ): Promise<ScopeSnapshot> {
      const entry = clientsOf(scope);
      const startedAt = new Date().toISOString();
      if (!entry) {
        return {
          ...scope,
          status: "failed",
          resources: [],
          relations: [],
          complete: [],
          errors: [
            { ...scope, operation: "configuration", message: `Account ${scope.accountId} is not configured` },
          ],
          calls: 0,
          startedAt,
          finishedAt: startedAt,
        };
      }
      const { limit, close } = limits.forScope(scope.accountId, scope.region);
      try {
        const snapshot = await refreshScope(
          {
            accountId: scope.accountId,
            accountName: scope.accountId,
            region: scope.region,
            clients: entry.clients,
            limit,
            crawledAccounts: new Set(env.config.accounts.map((a) => a.id)),
          },
          targets,
        );
        // Role sessions resolved since the last re-read (AssumeRole calls) count as this one's calls.
        const assumed = entry.resolutions() - entry.counted;
        entry.counted += assumed;
        return { ...snapshot, calls: snapshot.calls + assumed };
      } finally {
        close();
      }
    },
    /** Drops the scope's clients and role session (a re-read failed: the next one starts afresh). */
    forget(scope: { accountId: string; region: string }) {
      const key = `${scope.accountId}:${scope.region}`;
      cache.get(key)?.clients.destroy();
      cache.delete(key);
    },
    destroy() {
      for (const entry of cache.values()) entry.clients.destroy();
      cache.clear();
    },
  };
}

export type ScopeRefresher = ReturnType<typeof createScopeRefresher>;
