import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { AlbTokenError } from "@/lib/domain/auth/alb-jwt";
import { albSettingsSchema, proxySettingsSchema, roleMappingSchema } from "@/lib/domain/auth/auth-config";
import {
  ALB_KEY_FETCH_LIMIT,
  ALB_KEY_MISS_TTL_MS,
  albKeyResolver,
  createAlbKeyStore,
  proxyPrincipal,
  secretsEqual,
  verifyAlbRequest,
  type AlbKeyResolver,
} from "./trusted-header";

const ARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/trellis/50dc6c495c0c9188";
const OTHER_ARN =
  "arn:aws:elasticloadbalancing:us-east-1:444455556666:loadbalancer/app/evil/0123456789abcdef";
const KID = "9e3c8a41-5b2f-4c3e-9a64-1f0e2d3c4b5a";
const NOW = 1_800_000_000;
const config = albSettingsSchema.parse({ source: "alb", region: "us-east-1", loadBalancerArn: ARN });
const roles = roleMappingSchema.parse({
  claim: "groups",
  map: { ops: "operator", readers: "viewer" },
  default: "deny",
});
const claims = {
  sub: "u-123",
  email: "ana@example.com",
  name: "Ana",
  groups: ["readers", "ops"],
  exp: NOW + 60,
};

let albKey: CryptoKey;
let otherKey: CryptoKey;
let resolveKey: AlbKeyResolver;
let albPem: string;

beforeAll(async () => {
  const alb = await generateKeyPair("ES256", { extractable: true });
  const other = await generateKeyPair("ES256");
  albKey = alb.privateKey;
  otherKey = other.privateKey;
  // The PEM an ALB key endpoint would serve, imported as the resolver does.
  const pem = await exportSPKI(alb.publicKey);
  expect(pem).toContain("BEGIN PUBLIC KEY");
  albPem = pem;
  resolveKey = async (kid) => {
    if (kid !== KID) throw new AlbTokenError(`no key ${kid}`);
    return alb.publicKey;
  };
});

function header(overrides: Record<string, unknown> = {}) {
  return {
    alg: "ES256",
    kid: KID,
    signer: ARN,
    iss: "https://idp.example.com",
    client: "c",
    exp: NOW + 60,
    ...overrides,
  };
}

async function signed(key: CryptoKey, headerFields = header(), payload: Record<string, unknown> = claims) {
  return new SignJWT(payload).setProtectedHeader(headerFields as { alg: string }).sign(key);
}

function b64(value: string | Uint8Array, padded: boolean): string {
  const bytes = typeof value === "string" ? new TextEncoder().encode(value) : value;
  const text = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
  return padded ? text : text.replace(/=+$/, "");
}

/** What an ALB sends: base64url segments that keep their `=` padding, signed over the padded text. */
async function albStyle(key: CryptoKey, payload: Record<string, unknown> = claims): Promise<string> {
  const input = `${b64(JSON.stringify(header()), true)}.${b64(JSON.stringify(payload), true)}`;
  const signature = await crypto.subtle.sign(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    new TextEncoder().encode(input),
  );
  return `${input}.${b64(new Uint8Array(signature), true)}`;
}

const verify = (token: string) => verifyAlbRequest(token, { config, roles, resolveKey, nowSeconds: NOW });

describe("verifyAlbRequest", () => {
  it("accepts a token the load balancer signed, padded as ALB sends it or not, and maps its groups", async () => {
    const padded = await albStyle(albKey);
    expect(padded).toMatch(/=\./);
    for (const token of [padded, await signed(albKey)]) {
      expect(await verify(token)).toEqual({
        kind: "signed-in",
        principal: { id: "u-123", name: "Ana", email: "ana@example.com", role: "operator", via: "alb" },
      });
    }
  });

  it("turns away a verified person whose claims map to no role", async () => {
    const token = await albStyle(albKey, { ...claims, groups: ["everyone"] });
    expect(await verify(token)).toMatchObject({ kind: "denied" });
  });

  it("refuses a token signed by any other key", async () => {
    await expect(verify(await signed(otherKey))).rejects.toThrow(/signature does not verify/);
    await expect(verify(await albStyle(otherKey))).rejects.toThrow(/signature does not verify/);
  });

  it("refuses a token whose claims were changed after signing", async () => {
    const [h, , s] = (await signed(albKey)).split(".");
    const forged = b64(JSON.stringify({ ...claims, groups: ["ops"], sub: "admin" }), false);
    await expect(verify(`${h}.${forged}.${s}`)).rejects.toThrow(/signature does not verify/);
  });

  it("refuses a token from another load balancer, even one signed with the right key", async () => {
    await expect(verify(await signed(albKey, header({ signer: OTHER_ARN })))).rejects.toThrow(
      /not the configured/,
    );
  });

  it("refuses an expired token, by the header's exp or the payload's", async () => {
    await expect(verify(await signed(albKey, header({ exp: NOW - 120 })))).rejects.toThrow(/expired/);
    await expect(verify(await signed(albKey, header(), { ...claims, exp: NOW - 120 }))).rejects.toThrow(
      /expired/,
    );
    const { exp: _exp, ...noExpiry } = header();
    const { exp: _payloadExp, ...noPayloadExpiry } = claims;
    await expect(
      verify(await signed(albKey, noExpiry as ReturnType<typeof header>, noPayloadExpiry)),
    ).rejects.toThrow(/no expiry/);
  });

  it("refuses unsigned (alg none) and HMAC tokens, whatever they claim", async () => {
    const payload = b64(JSON.stringify(claims), false);
    const none = b64(JSON.stringify(header({ alg: "none" })), false);
    await expect(verify(`${none}.${payload}.`)).rejects.toThrow(AlbTokenError);
    await expect(verify(`${none}.${payload}.${b64("x".repeat(64), false)}`)).rejects.toThrow(/not ES256/);
    const hmac = await new SignJWT(claims)
      .setProtectedHeader(header({ alg: "HS256" }) as { alg: string })
      .sign(new TextEncoder().encode("a shared secret of at least 32 bytes!"));
    await expect(verify(hmac)).rejects.toThrow(/not ES256/);
  });

  it("refuses malformed tokens and key ids that could reach another URL", async () => {
    for (const token of ["", "abc", "a.b", "a.b.c.d", "!!.??.**"]) {
      await expect(verify(token), token).rejects.toThrow(AlbTokenError);
    }
    await expect(verify(await signed(albKey, header({ kid: "../../etc/passwd" })))).rejects.toThrow(/key id/);
  });
});

describe("albKeyResolver", () => {
  /** An ALB key endpoint that has one key, counting what it is asked. */
  function keyEndpoint() {
    const asked: string[] = [];
    const fetchKey: typeof fetch = async (input) => {
      const url = String(input);
      asked.push(url);
      return url.endsWith(`/${KID}`) ? new Response(albPem) : new Response("Not Found", { status: 404 });
    };
    let clock = 1_000_000;
    const resolver = albKeyResolver(config, {
      fetch: fetchKey,
      now: () => clock,
      store: createAlbKeyStore(),
    });
    return {
      asked,
      resolver,
      advance: (ms: number) => {
        clock += ms;
      },
    };
  }
  const unknownKid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

  it("fetches a key once and serves it from memory after that", async () => {
    const { asked, resolver } = keyEndpoint();
    const keys = await Promise.all(Array.from({ length: 20 }, () => resolver(KID)));
    expect(new Set(keys).size).toBe(1);
    await resolver(KID);
    expect(asked).toEqual([`https://public-keys.auth.elb.us-east-1.amazonaws.com/${KID}`]);
  });

  it("remembers a key id the endpoint does not have, and asks again only after the miss expires", async () => {
    const { asked, resolver, advance } = keyEndpoint();
    for (let i = 0; i < 100; i++) {
      await expect(resolver(unknownKid(1))).rejects.toThrow(AlbTokenError);
      advance(1_000);
    }
    expect(asked).toHaveLength(1);
    advance(ALB_KEY_MISS_TTL_MS);
    await expect(resolver(unknownKid(1))).rejects.toThrow(/HTTP 404/);
    expect(asked).toHaveLength(2);
  });

  it("limits fetches of ever new key ids, and still serves a key it has", async () => {
    const { asked, resolver, advance } = keyEndpoint();
    await resolver(KID);
    for (let i = 0; i < 500; i++) await expect(resolver(unknownKid(i))).rejects.toThrow(AlbTokenError);
    expect(asked).toHaveLength(ALB_KEY_FETCH_LIMIT.burst);
    await expect(resolver(unknownKid(1_000))).rejects.toThrow(/too many ALB key fetches/);
    expect(await resolver(KID)).toBeDefined();
    advance(60_000);
    for (let i = 2_000; i < 2_100; i++) await resolver(unknownKid(i)).catch(() => undefined);
    expect(asked).toHaveLength(ALB_KEY_FETCH_LIMIT.burst + ALB_KEY_FETCH_LIMIT.perMinute);
  });
});

describe("proxyPrincipal", () => {
  const proxy = {
    ...proxySettingsSchema.parse({
      source: "proxy",
      userHeader: "X-Forwarded-User",
      groupsHeader: "X-Forwarded-Groups",
      emailHeader: "X-Forwarded-Email",
      secretHeader: "X-Trellis-Proxy-Secret",
    }),
    secret: "the-shared-secret-between-proxy-and-trellis",
  };

  it("accepts the named user and maps their groups, only with the shared secret", () => {
    const headers = new Headers({
      "x-forwarded-user": "ana",
      "x-forwarded-groups": "everyone, readers",
      "x-forwarded-email": "ana@example.com",
      "x-trellis-proxy-secret": proxy.secret,
    });
    expect(proxyPrincipal(headers, proxy, roles)).toEqual({
      kind: "signed-in",
      principal: { id: "ana", name: "ana", email: "ana@example.com", role: "viewer", via: "proxy" },
    });
  });

  it("refuses a user header without the secret, with a wrong one, or a secret without a user", () => {
    const user = { "x-forwarded-user": "ana", "x-forwarded-groups": "ops" };
    expect(proxyPrincipal(new Headers(user), proxy, roles).kind).toBe("unauthenticated");
    const wrong = new Headers({ ...user, "x-trellis-proxy-secret": `${proxy.secret}x` });
    expect(proxyPrincipal(wrong, proxy, roles).kind).toBe("unauthenticated");
    const noUser = new Headers({ "x-trellis-proxy-secret": proxy.secret });
    expect(proxyPrincipal(noUser, proxy, roles).kind).toBe("unauthenticated");
    const unmapped = new Headers({ "x-forwarded-user": "sam", "x-trellis-proxy-secret": proxy.secret });
    expect(proxyPrincipal(unmapped, proxy, roles).kind).toBe("denied");
  });

  it("compares secrets by content and length", () => {
    expect(secretsEqual("abc", "abc")).toBe(true);
    expect(secretsEqual("abc", "abd")).toBe(false);
    expect(secretsEqual("abc", "abcd")).toBe(false);
    expect(secretsEqual("", "abc")).toBe(false);
  });
});
