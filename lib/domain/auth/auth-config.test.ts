import { describe, expect, it } from "vitest";
import { safeReturnPath, signedOutReason } from "./auth";
import {
  albKeyUrlBase,
  albSettingsSchema,
  authConfigSchema,
  AuthConfigError,
  isLoopbackHost,
  resolveAuthSettings,
} from "./auth-config";
import { trellisConfigSchema } from "../config/config";

const SECRET = "x".repeat(32);
const oidc = {
  mode: "oidc",
  oidc: {
    issuer: "https://login.example.com/realms/acme",
    clientId: "trellis",
    redirectUrl: "https://trellis.example.com/api/auth/callback",
  },
};

describe("the auth configuration", () => {
  it("is `none` when the file has no auth section", () => {
    expect(trellisConfigSchema.parse({}).auth).toMatchObject({ mode: "none" });
    expect(resolveAuthSettings(trellisConfigSchema.parse({}).auth, {})).toMatchObject({ mode: "none" });
  });

  it("needs https for the provider and callback, except on this machine", () => {
    expect(authConfigSchema.safeParse(oidc).success).toBe(true);
    const http = { ...oidc, oidc: { ...oidc.oidc, issuer: "http://login.example.com" } };
    expect(authConfigSchema.safeParse(http).success).toBe(false);
    const local = {
      ...oidc,
      oidc: {
        ...oidc.oidc,
        issuer: "http://127.0.0.1:5320",
        redirectUrl: "http://localhost:3000/api/auth/callback",
      },
    };
    expect(authConfigSchema.safeParse(local).success).toBe(true);
    const elsewhere = {
      ...oidc,
      oidc: { ...oidc.oidc, redirectUrl: "https://trellis.example.com/callback" },
    };
    expect(authConfigSchema.safeParse(elsewhere).success).toBe(false);
  });

  it("defaults to turning away anyone whose groups map to no role", () => {
    const parsed = authConfigSchema.parse(oidc);
    expect(parsed.mode === "oidc" && parsed.roles).toEqual({ claim: "groups", map: {}, default: "deny" });
  });

  it("takes its secrets from the environment, naming the variable that is missing or too short", () => {
    const config = authConfigSchema.parse(oidc);
    expect(() => resolveAuthSettings(config, {})).toThrow(/TRELLIS_SESSION_SECRET must be set/);
    expect(() => resolveAuthSettings(config, { sessionSecret: "short" })).toThrow(AuthConfigError);
    const settings = resolveAuthSettings(config, { sessionSecret: SECRET, oidcClientSecret: "c" });
    expect(settings).toMatchObject({
      mode: "oidc",
      publicOrigin: "https://trellis.example.com",
      session: { secure: true, maxAgeSeconds: 28_800 },
      oidc: { clientSecret: "c" },
    });
    const proxy = authConfigSchema.parse({
      mode: "trusted-header",
      trustedHeader: { source: "proxy", userHeader: "X-User", secretHeader: "X-Secret" },
    });
    expect(() => resolveAuthSettings(proxy, {})).toThrow(/TRELLIS_PROXY_SECRET/);
  });

  it("makes session cookies Secure unless the console is served over http on this machine", () => {
    const local = authConfigSchema.parse({
      ...oidc,
      oidc: { ...oidc.oidc, redirectUrl: "http://127.0.0.1:5310/api/auth/callback" },
    });
    expect(resolveAuthSettings(local, { sessionSecret: SECRET })).toMatchObject({
      session: { secure: false },
    });
  });

  it("finds ALB keys at the region's endpoint unless told otherwise", () => {
    const arn =
      "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/trellis/50dc6c495c0c9188";
    const alb = albSettingsSchema.parse({ source: "alb", region: "eu-west-1", loadBalancerArn: arn });
    expect(albKeyUrlBase(alb)).toBe("https://public-keys.auth.elb.eu-west-1.amazonaws.com");
    expect(albKeyUrlBase({ ...alb, keyUrl: "http://127.0.0.1:5330/keys/" })).toBe(
      "http://127.0.0.1:5330/keys",
    );
    expect(
      albSettingsSchema.safeParse({
        source: "alb",
        region: "eu-west-1",
        loadBalancerArn: "arn:aws:iam::1:role/x",
      }).success,
    ).toBe(false);
  });

  it("knows loopback host names", () => {
    for (const host of ["localhost", "127.0.0.1", "127.1.2.3", "[::1]", "::1", "trellis.localhost"]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ["0.0.0.0", "10.0.0.1", "localhost.example.com", "example.com"]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe("safeReturnPath", () => {
  it("keeps paths on this console and drops everything else", () => {
    expect(safeReturnPath("/crawls?run=3")).toBe("/crawls?run=3");
    for (const value of [
      null,
      "",
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "crawls",
      "/api/auth/login",
      "/x\nSet-Cookie: a",
    ]) {
      expect(safeReturnPath(value), String(value)).toBe("/");
    }
  });

  it("percent-encodes what a Location header cannot carry, as a browser would", () => {
    expect(safeReturnPath("/history/caf\u00e9?q=\u20ac 1")).toBe("/history/caf%C3%A9?q=%E2%82%AC%201");
    expect(safeReturnPath("/audit?actor=%C3%A9")).toBe("/audit?actor=%C3%A9");
    expect(safeReturnPath("/x\uD800")).toBe("/");
    expect(new Headers({ location: safeReturnPath("/\u00e9\u{1F600}") }).get("location")).toBe(
      "/%C3%A9%F0%9F%98%80",
    );
  });

  it("reads the signed-out reason from a fixed list", () => {
    expect(signedOutReason("denied")).toBe("denied");
    expect(signedOutReason("<script>")).toBe("signed-out");
  });
});
