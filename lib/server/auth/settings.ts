import "server-only";
import { existsSync } from "node:fs";
import { DEFAULT_AUTH_CONFIG, resolveAuthSettings, type AuthSettings } from "@/lib/domain/auth/auth-config";
import { env } from "@/lib/env";
import { readConfigFile } from "../config/load-config";

/** TRELLIS_CONFIG, else ./trellis.config.yaml when there is one, as for the crawl configuration. */
export function configFilePath(): string | undefined {
  return env.TRELLIS_CONFIG ?? (existsSync("trellis.config.yaml") ? "trellis.config.yaml" : undefined);
}

/** Reads the `auth` section and the secrets from the environment; throws naming whatever is wrong. */
export function loadAuthSettings(configPath = configFilePath()): AuthSettings {
  const config = configPath ? readConfigFile(configPath).auth : DEFAULT_AUTH_CONFIG;
  return resolveAuthSettings(config, {
    sessionSecret: env.TRELLIS_SESSION_SECRET,
    oidcClientSecret: env.TRELLIS_OIDC_CLIENT_SECRET,
    proxySecret: env.TRELLIS_PROXY_SECRET,
  });
}

let loaded: AuthSettings | undefined;
let replaced: AuthSettings | undefined;

/** The process's auth settings, read once (a change to the file takes a restart, like the crawl configuration). */
export function getAuthSettings(): AuthSettings {
  if (replaced) return replaced;
  loaded ??= loadAuthSettings();
  return loaded;
}

/** Tests run the real handlers under settings of their own; undefined goes back to the configuration. */
export function replaceAuthSettings(settings: AuthSettings | undefined): void {
  replaced = settings;
}
