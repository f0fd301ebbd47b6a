import "server-only";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import type { AccountConfig } from "@/lib/domain/config/config";
import { observeAws } from "./observe-client";

export type { AwsCredentialIdentity, AwsCredentialIdentityProvider };

export type BaseCredentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** Base credentials: explicit ones (demo mode), else the standard AWS chain (env, SSO, profile, IMDS, …). */
export function baseCredentials(explicit?: AwsCredentialIdentity): BaseCredentials {
  return explicit ?? fromNodeProviderChain();
}

/**
 * Credentials for crawling one account: the base credentials themselves when no role is configured, else a
 * cached, auto-refreshing AssumeRole session (with the external id when set).
 */
export function accountCredentials(
  account: AccountConfig,
  base: BaseCredentials,
  options: { region: string; stsEndpoint?: string; sessionName?: string },
): BaseCredentials {
  if (!account.roleArn) return base;
  return fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: account.roleArn,
      RoleSessionName: options.sessionName ?? "trellis-crawler",
      DurationSeconds: 3600,
      ...(account.externalId ? { ExternalId: account.externalId } : {}),
    },
    clientConfig: {
      region: options.region,
      ...(options.stsEndpoint ? { endpoint: options.stsEndpoint } : {}),
    },
    clientPlugins: [observeAws({ account: account.id, region: options.region })],
  });
}
