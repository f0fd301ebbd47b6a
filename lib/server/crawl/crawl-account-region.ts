import "server-only";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { ScopeSnapshot } from "@/lib/domain/snapshot";
import { createAwsClients } from "../aws/clients";
import { accountCredentials, baseCredentials } from "../aws/credentials";
import type { CrawlEnvironment } from "../config/load-config";
import { crawlScope } from "./crawl-scope";
import type { CallLimits } from "./limits";

/**
 * Crawls one configured account × region: assumes the account's role (checked with GetCallerIdentity so a
 * missing or untrusted role fails fast with one clear error), then crawls everything in the scope.
 */
export async function crawlAccountRegion(
  env: CrawlEnvironment,
  scope: { accountId: string; region: string },
  limits: CallLimits,
): Promise<ScopeSnapshot> {
  const startedAt = new Date().toISOString();
  const account = env.config.accounts.find((a) => a.id === scope.accountId);
  if (!account) throw new Error(`Account ${scope.accountId} is not configured`);
  const settings = env.config.crawl;
  const credentials = accountCredentials(account, baseCredentials(env.credentials), {
    region: scope.region,
    ...(env.endpoints?.sts ? { stsEndpoint: env.endpoints.sts } : {}),
  });
  const clients = createAwsClients({
    region: scope.region,
    credentials,
    ...(env.endpoints ? { endpoints: env.endpoints } : {}),
    maxAttempts: settings.maxAttempts,
    callTimeoutMs: settings.callTimeoutMs,
  });
  const limit = limits.forAccount(scope.accountId);
  try {
    let calls = 0;
    try {
      const identity = await limit(() => clients.sts.send(new GetCallerIdentityCommand({})));
      calls += (identity.$metadata.attempts ?? 1) + (account.roleArn ? 1 : 0);
      if (identity.Account !== scope.accountId) {
        throw new Error(`Credentials act as account ${identity.Account}, not ${scope.accountId}`);
      }
    } catch (error) {
      const e = error as { name?: string; message?: string };
      return {
        ...scope,
        status: "failed",
        resources: [],
        relations: [],
        complete: [],
        errors: [
          {
            ...scope,
            operation: account.roleArn ? "sts:AssumeRole" : "sts:GetCallerIdentity",
            ...(account.roleArn ? { resource: account.roleArn } : {}),
            message: e.message ?? String(error),
            ...(e.name ? { code: e.name } : {}),
          },
        ],
        calls: calls + 1,
        startedAt,
        finishedAt: new Date().toISOString(),
      };
    }
    const snapshot = await crawlScope({
      accountId: scope.accountId,
      accountName: account.name,
      region: scope.region,
      clients,
      limit,
      crawledAccounts: new Set(env.config.accounts.map((a) => a.id)),
    });
    return { ...snapshot, calls: snapshot.calls + calls, startedAt };
  } finally {
    clients.destroy();
  }
}
