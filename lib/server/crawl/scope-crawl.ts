import "server-only";
import type { AwsClients } from "../aws/clients";
import { crawlReads, type CrawlReads } from "../aws/crawl-reads";
import { arnAccount } from "./node-ids";
import { plainJson } from "./payload";
import type { ScopeContext } from "./scope-context";

/**
 * What the per-kind crawlers share. Each resource is recorded by exactly one scope, its owner's: a scope records
 * only what its account owns, and relations to resources of other accounts only when it made them.
 */
export interface ScopeCrawl {
  ctx: ScopeContext;
  /** The AWS reads, over this scope's clients. */
  aws: CrawlReads;
  accountId: string;
  region: string;
  owns(arn: string): boolean;
  /** Owned by another account this run crawls, whose scope records it. */
  ownedByOtherCrawledAccount(arn: string): boolean;
  /**
   * How to name a resource in a path parameter, as AWS's API reference advises: its id when the account owns
   * it, its ARN when it is shared from another account (some AWS-compatible endpoints accept only the id).
   */
  identifier(arn: string): string;
  /** The ARN of a VPC Lattice resource of this scope's account, for answers that give only its id. */
  arnOf(type: string, id: string): string;
}

export function createScopeCrawl(
  ctx: ScopeContext,
  clients: AwsClients,
  crawledAccounts: ReadonlySet<string>,
): ScopeCrawl {
  const { accountId, region } = ctx;
  return {
    ctx,
    aws: crawlReads(clients),
    accountId,
    region,
    owns: (arn) => arnAccount(arn) === accountId,
    ownedByOtherCrawledAccount: (arn) => {
      const owner = arnAccount(arn);
      return owner !== accountId && crawledAccounts.has(owner);
    },
    identifier: (arn) => (arnAccount(arn) === accountId ? (arn.split("/").at(-1) ?? arn) : arn),
    arnOf: (type, id) => `arn:aws:vpc-lattice:${region}:${accountId}:${type}/${id}`,
  };
}

/** Lattice tags of a resource; undefined when they could not be read. */
export async function tagsOf(s: ScopeCrawl, arn: string): Promise<Record<string, string> | undefined> {
  const out = await s.ctx.call("ListTagsForResource", arn, () =>
    s.aws.listTagsForResource({ resourceArn: arn }),
  );
  return out ? (out.tags ?? {}) : undefined;
}

/** The auth policy, null when none is set (a 404 or an empty 200), undefined when it could not be read. */
export async function authPolicyOf(
  s: ScopeCrawl,
  arn: string,
): Promise<Record<string, unknown> | null | undefined> {
  const out = await s.ctx.optional("GetAuthPolicy", arn, () =>
    s.aws.getAuthPolicy({ resourceIdentifier: s.identifier(arn) }),
  );
  if (!out?.policy) return out === undefined ? undefined : null;
  return plainJson({
    policy: out.policy,
    state: out.state,
    createdAt: out.createdAt,
    lastUpdatedAt: out.lastUpdatedAt,
  });
}

/** The resource (RAM sharing) policy, null when none is set, undefined when it could not be read. */
export async function resourcePolicyOf(s: ScopeCrawl, arn: string): Promise<string | null | undefined> {
  const out = await s.ctx.optional("GetResourcePolicy", arn, () =>
    s.aws.getResourcePolicy({ resourceArn: arn }),
  );
  if (out === undefined) return undefined;
  return out?.policy ?? null;
}

export async function accessLogsOf(s: ScopeCrawl, arn: string) {
  const subscriptions = await s.ctx.list("ListAccessLogSubscriptions", arn, async (nextToken) => {
    const out = await s.aws.listAccessLogSubscriptions({ resourceIdentifier: s.identifier(arn), nextToken });
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  return subscriptions?.map((subscription) => plainJson(subscription));
}
