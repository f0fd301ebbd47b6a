import "server-only";
import type { RefreshTarget } from "@/lib/domain/events/refresh-plan";
import type { ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import { crawlRam } from "./crawl-ram";
import { crawlAssociations, readServiceNetwork } from "./crawl-service-networks";
import { crawlListeners, readListener, readListenerDefault, readService } from "./crawl-services";
import { readTargetGroup } from "./crawl-target-groups";
import type { CrawlScopeOptions } from "./crawl-scope";
import { ScopeContext } from "./scope-context";
import { createScopeCrawl, type ScopeCrawl } from "./scope-crawl";

function idOf(arn: string): string {
  return arn.split("/").at(-1) ?? arn;
}

async function readTarget(s: ScopeCrawl, target: RefreshTarget): Promise<void> {
  switch (target.kind) {
    case "listener":
      return readListener(s, target.serviceArn, target.listenerArn, {
        arn: target.listenerArn,
        id: idOf(target.listenerArn),
      });
    case "listener-default":
      return readListenerDefault(s, target.serviceArn, target.listenerArn);
    case "service-listeners":
      return crawlListeners(s, target.serviceArn);
    case "service":
      return readService(s, target.serviceArn, { arn: target.serviceArn, id: idOf(target.serviceArn) });
    case "service-network":
      return readServiceNetwork(s, target.serviceNetworkArn, {
        arn: target.serviceNetworkArn,
        id: idOf(target.serviceNetworkArn),
      });
    case "sn-associations":
      await crawlAssociations(s, target.serviceNetworkArn);
      return;
    case "target-group":
      return readTargetGroup(s, target.targetGroupArn, {
        arn: target.targetGroupArn,
        id: idOf(target.targetGroupArn),
      });
    case "ram-shares":
      return crawlRam(s);
  }
}

/**
 * Re-reads only what the targets name, with the crawler's own readers, so a resource re-read here is recorded
 * exactly as a crawl records it. `complete` holds only the listings these reads completed (a listener's rules,
 * a group's targets): the store closes what they no longer return and nothing else.
 */
export async function refreshScope(
  options: CrawlScopeOptions,
  /** The targets to re-read, or a reader of its own (the health poll). */
  read: RefreshTarget[] | ((s: ScopeCrawl) => Promise<void>),
): Promise<ScopeSnapshot> {
  const startedAt = new Date().toISOString();
  const { accountId, region } = options;
  const ctx = new ScopeContext(accountId, region, options.limit);
  const s = createScopeCrawl(ctx, options.clients, options.crawledAccounts);
  if (typeof read === "function") await read(s);
  else await Promise.all(read.map((target) => readTarget(s, target)));
  const incompleteElsewhere = ctx.settleMarks();
  return {
    accountId,
    region,
    status: ctx.errors.length === 0 ? "ok" : "partial",
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
