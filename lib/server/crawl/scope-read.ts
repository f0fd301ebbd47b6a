import "server-only";
import type { ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import type { AwsClients } from "../aws/clients";
import { ScopeContext, type Limit } from "./scope-context";
import { createScopeCrawl, type ScopeCrawl } from "./scope-crawl";

export interface CrawlScopeOptions {
  accountId: string;
  accountName: string;
  region: string;
  clients: AwsClients;
  limit: Limit;
  /** Accounts this run crawls: what one of them owns is recorded by its own scope only. */
  crawledAccounts: ReadonlySet<string>;
}

/**
 * Reads (all or part of) one account × region with the crawler's readers and returns what they recorded. A scope
 * with errors is partial; `failsWhenNothingComplete` makes it failed when no listing completed (a crawl).
 */
export async function readScope(
  options: CrawlScopeOptions,
  read: (s: ScopeCrawl) => Promise<void>,
  failsWhenNothingComplete: boolean,
): Promise<ScopeSnapshot> {
  const startedAt = new Date().toISOString();
  const { accountId, region } = options;
  const ctx = new ScopeContext(accountId, region, options.limit);
  await read(createScopeCrawl(ctx, options.clients, options.crawledAccounts));
  const incompleteElsewhere = ctx.settleMarks();
  const failed = failsWhenNothingComplete && ctx.complete.length === 0;
  return {
    accountId,
    region,
    status: ctx.errors.length === 0 ? "ok" : failed ? "failed" : "partial",
    resources: [...ctx.resources.values()],
    relations: [...ctx.relations.values()],
    complete: ctx.complete,
    errors: ctx.errors,
    calls: ctx.calls,
    startedAt,
    finishedAt: new Date().toISOString(),
    ...(ctx.unplacedDefaultActions.length > 0 ? { unplacedDefaultActions: ctx.unplacedDefaultActions } : {}),
    ...(incompleteElsewhere.length > 0 ? { incompleteElsewhere } : {}),
  };
}
