import "server-only";
import type { ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import { crawlReads } from "../aws/crawl-reads";
import type { CrawlEnvironment } from "../config/load-config";
import { crawlScope, type CrawlScopeOptions } from "./crawl-scope";
import type { CrawlLimits } from "./limits";
import { createScopeClients } from "./scope-clients";

function failedSnapshot(
  scope: { accountId: string; region: string },
  startedAt: string,
  calls: number,
  error: { operation: string; resource?: string; cause: unknown },
): ScopeSnapshot {
  const e = error.cause as { name?: string; message?: string } | undefined;
  return {
    ...scope,
    status: "failed",
    resources: [],
    relations: [],
    complete: [],
    errors: [
      {
        ...scope,
        operation: error.operation,
        ...(error.resource ? { resource: error.resource } : {}),
        message: e?.message || String(error.cause),
        ...(e?.name ? { code: e.name } : {}),
      },
    ],
    calls,
    startedAt,
    finishedAt: new Date().toISOString(),
  };
}

/**
 * Crawls one configured account × region: assumes the account's role (checked with GetCallerIdentity, so a
 * missing, untrusted or denied role fails the scope with one clear error), then crawls everything in it.
 */
export async function crawlAccountRegion(
  env: CrawlEnvironment,
  scope: { accountId: string; region: string },
  limits: CrawlLimits,
  /** What to read once the role is assumed: the whole scope, or (event refresh) only some of it. */
  read: (options: CrawlScopeOptions) => Promise<ScopeSnapshot> = crawlScope,
): Promise<ScopeSnapshot> {
  const startedAt = new Date().toISOString();
  const account = env.config.accounts.find((a) => a.id === scope.accountId);
  if (!account) {
    return failedSnapshot(scope, startedAt, 0, {
      operation: "configuration",
      cause: new Error(`Account ${scope.accountId} is not in this worker's configuration`),
    });
  }
  const { credentials, clients } = createScopeClients(env, account, scope.region, {
    onThrottle: () => limits.noteThrottle?.(scope.accountId),
  });
  const { limit, close } = limits.forScope(scope.accountId, scope.region);
  // AssumeRole is a call of the account whose credentials make it (STS counts it there): within its limits.
  const caller = account.roleArn ? callerAccount(env) : {};
  const callerLimit = caller.account ? limits.forScope(caller.account, scope.region) : undefined;
  try {
    try {
      if (callerLimit) await callerLimit.limit(() => credentials.provider(), "AssumeRole");
      else await credentials.provider();
    } catch (error) {
      return failedSnapshot(scope, startedAt, credentials.resolutions(), {
        operation: "sts:AssumeRole",
        resource: account.roleArn,
        cause: error,
      });
    }
    let calls = 0;
    try {
      const identity = await limit(() => crawlReads(clients).getCallerIdentity({}), "GetCallerIdentity");
      calls += identity.$metadata.attempts ?? 1;
      if (identity.Account !== scope.accountId) {
        throw new Error(`The credentials act as account ${identity.Account}, not ${scope.accountId}`);
      }
    } catch (error) {
      const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
      return failedSnapshot(scope, startedAt, calls + attempts + credentials.resolutions(), {
        operation: "sts:GetCallerIdentity",
        cause: error,
      });
    }
    const snapshot = await read({
      accountId: scope.accountId,
      accountName: account.name,
      region: scope.region,
      clients,
      limit,
      crawledAccounts: new Set(env.config.accounts.map((a) => a.id)),
    });
    return {
      ...snapshot,
      calls: snapshot.calls + calls + credentials.resolutions(),
      startedAt,
    };
  } finally {
    callerLimit?.close();
    close();
    clients.destroy();
  }
}

/**
 * The account the base credentials act as, when the configuration says: the one account crawled without a role
 * (README: "an account without roleArn is crawled with the base credentials themselves").
 */
function callerAccount(env: CrawlEnvironment): { account?: string } {
  const direct = env.config.accounts.filter((a) => !a.roleArn);
  return direct.length === 1 ? { account: direct[0]!.id } : {};
}
