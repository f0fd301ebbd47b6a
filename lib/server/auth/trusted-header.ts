import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { importSPKI } from "jose";
import { albKeyUrl, AlbTokenError, decodeAlbJwt } from "@/lib/domain/auth/alb-jwt";
import type { Identification } from "@/lib/domain/auth/auth";
import {
  albKeyUrlBase,
  type AlbConfig,
  type ProxyConfig,
  type RoleMapping,
} from "@/lib/domain/auth/auth-config";
import { takeToken, type TokenBucket } from "@/lib/domain/http/rate-limit";
import { roleForClaims, roleForValues } from "@/lib/domain/auth/role-mapping";

export const ALB_DATA_HEADER = "x-amzn-oidc-data";

/** Resolves the public key an ALB signed with; injectable so tests can sign with a key of their own. */
export type AlbKeyResolver = (kid: string) => Promise<CryptoKey>;

const KEY_FETCH_TIMEOUT_MS = 5_000;
const MAX_CACHED_KEYS = 64;
const MAX_REMEMBERED_MISSES = 1_000;
/** How long a key id ALB does not have (or a fetch that failed) is answered from memory, without fetching. */
export const ALB_KEY_MISS_TTL_MS = 5 * 60_000;
/** Key fetches per process: a token bucket, so forged headers with ever new key ids cannot make one per request. */
export const ALB_KEY_FETCH_LIMIT = { burst: 10, perMinute: 10 };

/** What a process knows of ALB keys: keys by URL (ALB never changes a key under a kid), recent misses, fetches. */
export interface AlbKeyStore {
  keys: Map<string, Promise<CryptoKey>>;
  /** URL → epoch milliseconds until which it is not fetched again. */
  misses: Map<string, number>;
  fetches: TokenBucket | undefined;
}

export function createAlbKeyStore(): AlbKeyStore {
  return { keys: new Map(), misses: new Map(), fetches: undefined };
}

const processStore = createAlbKeyStore();

/** Drops the oldest entries (maps keep insertion order) until one more fits. */
function makeRoom<V>(map: Map<string, V>, max: number) {
  while (map.size >= max) map.delete(map.keys().next().value!);
}

async function fetchKey(url: string, fetchFn: typeof fetch): Promise<CryptoKey> {
  const response = await fetchFn(url, {
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
}

/**
 * Fetches `<base>/<kid>` once per process. A kid that could not be fetched is refused from memory for
 * ALB_KEY_MISS_TTL_MS, and fetches of new kids are rate-limited (ALB_KEY_FETCH_LIMIT): a stream of forged
 * headers naming unknown kids costs at most that many requests to the key endpoint.
 */
export function albKeyResolver(
  config: AlbConfig,
  deps: { fetch?: typeof fetch; now?: () => number; store?: AlbKeyStore } = {},
): AlbKeyResolver {
  const base = albKeyUrlBase(config);
  const { fetch: fetchFn = fetch, now = Date.now, store = processStore } = deps;
  return (kid) => {
    const url = albKeyUrl(base, kid);
    const known = store.keys.get(url);
    if (known) return known;
    const missedUntil = store.misses.get(url);
    if (missedUntil !== undefined && missedUntil > now()) {
      return Promise.reject(
        new AlbTokenError(`the ALB key ${url} was not found a moment ago; not fetched again yet`),
      );
    }
    store.misses.delete(url);
    const taken = takeToken(store.fetches, now(), ALB_KEY_FETCH_LIMIT);
    store.fetches = taken.bucket;
    if (!taken.allowed) {
      return Promise.reject(new AlbTokenError(`too many ALB key fetches; ${url} was not fetched`));
    }
    makeRoom(store.keys, MAX_CACHED_KEYS);
    const key = fetchKey(url, fetchFn);
    store.keys.set(url, key);
    key.catch(() => {
      store.keys.delete(url);
      makeRoom(store.misses, MAX_REMEMBERED_MISSES);
      store.misses.set(url, now() + ALB_KEY_MISS_TTL_MS);
    });
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
