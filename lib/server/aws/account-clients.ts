import "server-only";
import { VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import type { CrawlEnvironment } from "../config/load-config";
import { accountCredentials, baseCredentials } from "./credentials";
import { observeAws } from "./observe-client";

/**
 * A Lattice client acting in one configured account for writes: through its apply role (`applyRoleArn`, else the
 * crawler's `roleArn`). Undefined when the account is not in the configuration: Trellis writes nowhere else.
 */
export function latticeForApply(
  env: CrawlEnvironment,
  accountId: string,
  region: string,
): VPCLatticeClient | undefined {
  const account = env.config.accounts.find((a) => a.id === accountId);
  if (!account) return undefined;
  const roleArn = account.applyRoleArn ?? account.roleArn;
  const credentials = accountCredentials(
    { ...account, ...(roleArn ? { roleArn } : {}) },
    baseCredentials(env.credentials),
    {
      region,
      sessionName: "trellis-apply",
      ...(env.endpoints?.sts ? { stsEndpoint: env.endpoints.sts } : {}),
    },
  );
  const client = new VPCLatticeClient({
    region,
    credentials,
    ...(env.endpoints?.lattice ? { endpoint: env.endpoints.lattice } : {}),
    // A write is retried only on throttling and 5xx, which the SDK knows to be safe for these idempotent updates.
    retryMode: "adaptive",
    maxAttempts: 3,
    requestHandler: { requestTimeout: 15_000, throwOnRequestTimeout: true, connectionTimeout: 5_000 },
  });
  client.middlewareStack.use(observeAws({ account: accountId, region }));
  return client;
}
