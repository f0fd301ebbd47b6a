import "server-only";
import type { AccountConfig } from "@/lib/domain/config/config";
import { createAwsClients, type AwsClientOptions, type AwsClients } from "../aws/clients";
import {
  accountCredentials,
  baseCredentials,
  type AwsCredentialIdentity,
  type AwsCredentialIdentityProvider,
  type BaseCredentials,
} from "../aws/credentials";
import type { CrawlEnvironment } from "../config/load-config";

const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * One credential resolution shared by the scope's four clients (each would otherwise assume the role itself),
 * renewed shortly before the session expires. Counts the resolutions, i.e. the AssumeRole calls.
 */
export function sharedCredentials(credentials: BaseCredentials): {
  provider: AwsCredentialIdentityProvider;
  resolutions: () => number;
} {
  if (typeof credentials !== "function") return { provider: async () => credentials, resolutions: () => 0 };
  let current: Promise<AwsCredentialIdentity> | undefined;
  let expiresAt = Number.POSITIVE_INFINITY;
  let count = 0;
  const provider: AwsCredentialIdentityProvider = () => {
    if (!current || expiresAt - Date.now() < REFRESH_BEFORE_EXPIRY_MS) {
      count++;
      expiresAt = Number.POSITIVE_INFINITY;
      const resolving = credentials();
      current = resolving;
      resolving.then(
        (identity) => {
          expiresAt = identity.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
        },
        () => {
          if (current === resolving) current = undefined;
        },
      );
    }
    return current;
  };
  return { provider, resolutions: () => count };
}

/**
 * The AWS clients of one configured account × region, sharing one role session (the crawl's and the event
 * re-reads'). `credentials.resolutions` counts the AssumeRole calls made for them.
 */
export function createScopeClients(
  env: CrawlEnvironment,
  account: AccountConfig,
  region: string,
  options: Partial<AwsClientOptions> = {},
): { credentials: ReturnType<typeof sharedCredentials>; clients: AwsClients } {
  const credentials = sharedCredentials(
    accountCredentials(account, baseCredentials(env.credentials), {
      region,
      ...(env.endpoints?.sts ? { stsEndpoint: env.endpoints.sts } : {}),
    }),
  );
  const clients = createAwsClients({
    accountId: account.id,
    region,
    credentials: credentials.provider,
    ...(env.endpoints ? { endpoints: env.endpoints } : {}),
    maxAttempts: env.config.crawl.maxAttempts,
    callTimeoutMs: env.config.crawl.callTimeoutMs,
    ...options,
  });
  return { credentials, clients };
}
