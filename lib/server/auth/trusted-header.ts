import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { importSPKI } from "jose";
import { albKeyUrl, AlbTokenError, decodeAlbJwt } from "@/lib/domain/alb-jwt";
import type { Identification } from "@/lib/domain/auth";
import { albKeyUrlBase, type AlbConfig, type ProxyConfig, type RoleMapping } from "@/lib/domain/auth-config";
import { roleForClaims, roleForValues } from "@/lib/domain/role-mapping";

export const ALB_DATA_HEADER = "x-amzn-oidc-data";

/** Resolves the public key an ALB signed with; injectable so tests can sign with a key of their own. */
export type AlbKeyResolver = (kid: string) => Promise<CryptoKey>;

const KEY_FETCH_TIMEOUT_MS = 5_000;
const MAX_CACHED_KEYS = 64;
const keyCache = new Map<string, Promise<CryptoKey>>();

/** Fetches `<base>/<kid>` once per process (ALB keys never change under a kid); a failed fetch is retried. */
export function albKeyResolver(config: AlbConfig): AlbKeyResolver {
  const base = albKeyUrlBase(config);
  return (kid) => {
    const url = albKeyUrl(base, kid);
    let key = keyCache.get(url);
    if (!key) {
      if (keyCache.size >= MAX_CACHED_KEYS) keyCache.delete(keyCache.keys().next().value!);
      key = (async () => {
        const response = await fetch(url, {
          signal: AbortSignal.timeout(KEY_FETCH_TIMEOUT_MS),
          redirect: "error",
        }).catch((error: unknown) => {
          // Fails closed: nobody is let in on a key that could not be read.
          throw new AlbTokenError(`the ALB key ${url} could not be fetched: ${String(error)}`);
        });
        if (!response.ok) throw new AlbTokenError(`the ALB key ${url} answered HTTP ${response.status}`);
        const pem = (await response.text()).trim();
        if (!pem.startsWith("-----BEGIN PUBLIC KEY-----"))
          throw new AlbTokenError(`${url} is not a PEM public key`);
        return importSPKI(pem, "ES256");
      })();
      key.catch(() => keyCache.delete(url));
      keyCache.set(url, key);
    }
    return key;
  };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/**
 * The principal of a request an ALB authenticated: the `x-amzn-oidc-data` JWT verified against the load
 * balancer's key (over the segments as received, since ALB signs its padded encoding), its signer and expiry.
 * Throws AlbTokenError for anything forged, unsigned, mismatched or expired.
 */
export async function verifyAlbRequest(
  token: string,
  options: { config: AlbConfig; roles: RoleMapping; resolveKey: AlbKeyResolver; nowSeconds: number },
): Promise<Identification> {
  const jwt = decodeAlbJwt(token, {
    loadBalancerArn: options.config.loadBalancerArn,
    nowSeconds: options.nowSeconds,
  });
  const key = await options.resolveKey(jwt.header.kid);
  const valid = await crypto.subtle.verify(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    jwt.signature,
    jwt.signingInput,
  );
  if (!valid) throw new AlbTokenError("the JWT signature does not verify");
  const sub = text(jwt.claims.sub);
  if (!sub) throw new AlbTokenError("the JWT has no sub claim");
  const role = roleForClaims(jwt.claims, options.roles);
  if (!role) return { kind: "denied", reason: `no role is mapped to ${sub}'s ${options.roles.claim}` };
  const email = text(jwt.claims.email);
  const name = text(jwt.claims.name) ?? text(jwt.claims.preferred_username) ?? email ?? sub;
  return { kind: "signed-in", principal: { id: sub, name, role, via: "alb", ...(email ? { email } : {}) } };
}

/** Compares without leaking, through timing, how much of the secret a guess got right. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** The principal an auth proxy names, accepted only with the shared secret. */
export function proxyPrincipal(
  headers: Pick<Headers, "get">,
  config: ProxyConfig & { secret: string },
  roles: RoleMapping,
): Identification {
  const secret = headers.get(config.secretHeader);
  if (secret === null || !secretsEqual(secret, config.secret)) {
    return { kind: "unauthenticated", reason: `the ${config.secretHeader} header is missing or wrong` };
  }
  const user = text(headers.get(config.userHeader));
  if (!user) return { kind: "unauthenticated", reason: `the ${config.userHeader} header is missing` };
  const groups = config.groupsHeader
    ? (headers.get(config.groupsHeader) ?? "")
        .split(config.groupsSeparator)
        .map((group) => group.trim())
        .filter(Boolean)
    : [];
  const role = roleForValues(groups, roles);
  if (!role) return { kind: "denied", reason: `no role is mapped to ${user}'s groups` };
  const email = config.emailHeader ? text(headers.get(config.emailHeader)) : undefined;
  const name = (config.nameHeader ? text(headers.get(config.nameHeader)) : undefined) ?? user;
  return {
    kind: "signed-in",
    principal: { id: user, name, role, via: "proxy", ...(email ? { email } : {}) },
  };
}
