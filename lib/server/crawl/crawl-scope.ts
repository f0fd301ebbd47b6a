import "server-only";
import type { ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import { crawlVpcEndpoints, crawlVpcs } from "./crawl-ec2";
import { crawlRam } from "./crawl-ram";
import { crawlResourceConfigurations, crawlResourceGateways } from "./crawl-resources";
import { crawlServiceNetworks } from "./crawl-service-networks";
import { crawlServices } from "./crawl-services";
import { crawlTargetGroups } from "./crawl-target-groups";
import { accountNode } from "./node-ids";
import { readScope, type CrawlScopeOptions } from "./scope-read";

export type { CrawlScopeOptions };

/**
 * Crawls one account × region: every Lattice kind, RAM shares, VPCs and Lattice VPC endpoints, tags. A failed
 * call is recorded as an error and never stops the rest; every listed resource is recorded with what was read,
 * and marked incomplete where a read failed.
 */
export async function crawlScope(options: CrawlScopeOptions): Promise<ScopeSnapshot> {
  return readScope(
    options,
    async (s) => {
      const { accountId, ctx } = s;
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
    },
    true,
  );
}
