import "server-only";
import type { ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import type { AwsClients } from "../aws/clients";
import { crawlVpcEndpoints, crawlVpcs } from "./crawl-ec2";
import { crawlRam } from "./crawl-ram";
import { crawlResourceConfigurations, crawlResourceGateways } from "./crawl-resources";
import { crawlServiceNetworks } from "./crawl-service-networks";
import { crawlServices } from "./crawl-services";
import { crawlTargetGroups } from "./crawl-target-groups";
import { accountNode } from "./node-ids";
import { ScopeContext, type Limit } from "./scope-context";
import { createScopeCrawl } from "./scope-crawl";

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
 * Crawls one account × region: every Lattice kind, RAM shares, VPCs and Lattice VPC endpoints, tags. A failed
 * call is recorded as an error and never stops the rest; every listed resource is recorded with what was read,
 * and marked incomplete where a read failed.
 */
export async function crawlScope(options: CrawlScopeOptions): Promise<ScopeSnapshot> {
  const startedAt = new Date().toISOString();
  const { accountId, region } = options;
  const ctx = new ScopeContext(accountId, region, options.limit);
  const s = createScopeCrawl(ctx, options.clients, options.crawledAccounts);

  ctx.addResource({
    id: accountNode(accountId),
    kind: "account",
    accountId,
    region: "global",
    name: options.accountName,
    data: { id: accountId, name: options.accountName },
  });

  await Promise.all([
    crawlServiceNetworks(s),
    crawlServices(s),
    crawlTargetGroups(s),
    crawlResourceGateways(s),
    crawlResourceConfigurations(s),
    crawlRam(s),
    crawlVpcs(s),
    crawlVpcEndpoints(s),
  ]);
  const incompleteElsewhere = ctx.settleMarks();

  return {
    accountId,
    region,
    status: ctx.errors.length === 0 ? "ok" : ctx.complete.length > 0 ? "partial" : "failed",
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
