import { z } from "zod";
import { roleSchema } from "./auth";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** A host name that only this machine can reach: plain http is acceptable there and nowhere else. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  return LOOPBACK_HOSTS.has(name) || name.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(name);
}

/** The host of a Host header value (`example.com:3000`, `[::1]:3000`). */
export function hostnameOf(hostHeader: string): string {
  const bracketed = /^\[([^\]]+)\](:\d+)?$/.exec(hostHeader);
  if (bracketed) return `[${bracketed[1]}]`;
  return hostHeader.replace(/:\d+$/, "");
}

function secureUrl(what: string) {
  return z.url().refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
  }, `${what} must use https (plain http is accepted for localhost only)`);
}

const headerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "must be an HTTP header name")
  .transform((name) => name.toLowerCase());

export const roleMappingSchema = z
  .object({
    /** Where the groups or roles are in the identity's claims: a claim name, or a dotted path (`realm_access.roles`). */
    claim: z.string().min(1).max(256).default("groups"),
    /** Claim value → role; someone matching several values gets the highest of their roles. */
    map: z.record(z.string().min(1), roleSchema).default({}),
    /** The role of someone signed in whom no value matches, or `deny` to turn them away. */
    default: z.union([roleSchema, z.literal("deny")]).default("deny"),
  })
  .strict();

export const rateLimitSchema = z
  .object({
    /** Writes one person can make at once before being slowed down. */
    burst: z.number().int().min(1).max(10_000).default(30),
    /** Writes per minute one person can keep up. */
    perMinute: z.number().int().min(1).max(100_000).default(60),
  })
  .strict();

export const sessionSettingsSchema = z
  .object({
    /** How long a sign-in lasts; role changes at the provider take effect at the next sign-in. */
    maxAgeSeconds: z
      .number()
      .int()
      .min(300)
      .max(7 * 86_400)
      .default(8 * 3_600),
  })
  .strict();

export const oidcSettingsSchema = z
  .object({
    issuer: secureUrl("oidc.issuer"),
    clientId: z.string().min(1),
    /** Must be this Trellis's `/api/auth/callback`, as registered with the provider. */
    redirectUrl: secureUrl("oidc.redirectUrl").refine(
      (value) => new URL(value).pathname === "/api/auth/callback",
      "oidc.redirectUrl must end in /api/auth/callback",
    ),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "must be an OAuth scope"))
      .default(["openid", "profile", "email"])
      .refine((scopes) => scopes.includes("openid"), "oidc.scopes must include openid"),
  })
  .strict();

const albRegionSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region like us-east-1");

export const albSettingsSchema = z
  .object({
    source: z.literal("alb"),
    region: albRegionSchema,
    /** The load balancer whose signature is accepted (the JWT header's `signer`). */
    loadBalancerArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/[\w.-]+\/[0-9a-f]+$/,
        "must be an Application Load Balancer ARN",
      ),
    /** Where the ALB's public keys are, `<keyUrl>/<kid>`; the region's AWS endpoint unless set. */
    keyUrl: secureUrl("trustedHeader.keyUrl").optional(),
  })
  .strict();

export const proxySettingsSchema = z
  .object({
    source: z.literal("proxy"),
    /** The signed-in user's id, set by the proxy. */
    userHeader: headerNameSchema,
    /** The proxy proves it sent the request with this header, holding TRELLIS_PROXY_SECRET. */
    secretHeader: headerNameSchema,
    groupsHeader: headerNameSchema.optional(),
    emailHeader: headerNameSchema.optional(),
    nameHeader: headerNameSchema.optional(),
    groupsSeparator: z.string().min(1).max(4).default(","),
  })
  .strict();

/** Where browsers report Content-Security-Policy violations; in a CSP directive, so no `;`, `,` or spaces. */
const cspReportUrlSchema = secureUrl("auth.cspReportUrl").refine(
  (value) => !/[;,\s"']/.test(value),
  "auth.cspReportUrl must not contain ';', ',', quotes or spaces",
);

const sharedAuthFields = {
  /** The address people open Trellis at; writes must come from this origin. Defaults to the request's Host. */
  publicUrl: z.url().optional(),
  rateLimit: rateLimitSchema.default(rateLimitSchema.parse({})),
  /** Browsers report Content-Security-Policy violations of the console's pages here (report-to and report-uri). */
  cspReportUrl: cspReportUrlSchema.optional(),
};

export const authConfigSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("none"), ...sharedAuthFields }).strict(),
  z
    .object({
      mode: z.literal("oidc"),
      ...sharedAuthFields,
      oidc: oidcSettingsSchema,
      roles: roleMappingSchema.default(roleMappingSchema.parse({})),
      session: sessionSettingsSchema.default(sessionSettingsSchema.parse({})),
    })
    .strict(),
  z
    .object({
      mode: z.literal("trusted-header"),
      ...sharedAuthFields,
      trustedHeader: z.discriminatedUnion("source", [albSettingsSchema, proxySettingsSchema]),
      roles: roleMappingSchema.default(roleMappingSchema.parse({})),
    })
    .strict(),
]);

export type AuthConfig = z.infer<typeof authConfigSchema>;
export type RoleMapping = z.infer<typeof roleMappingSchema>;
export type RateLimitSettings = z.infer<typeof rateLimitSchema>;
export type OidcConfig = z.infer<typeof oidcSettingsSchema>;
export type AlbConfig = z.infer<typeof albSettingsSchema>;
export type ProxyConfig = z.infer<typeof proxySettingsSchema>;

export const DEFAULT_AUTH_CONFIG: AuthConfig = authConfigSchema.parse({ mode: "none" });

/** Secrets are never in the configuration file; they come from the environment. */
export interface AuthSecrets {
  sessionSecret?: string;
  oidcClientSecret?: string;
  proxySecret?: string;
}

export const SECRET_VARIABLES = {
  sessionSecret: "TRELLIS_SESSION_SECRET",
  oidcClientSecret: "TRELLIS_OIDC_CLIENT_SECRET",
  proxySecret: "TRELLIS_PROXY_SECRET",
} as const satisfies Record<keyof AuthSecrets, string>;

export interface SessionSettings {
  secret: string;
  maxAgeSeconds: number;
  /** Secure cookies (and the `__Host-` prefix) unless Trellis is served over plain http on localhost. */
  secure: boolean;
}

/** What every mode has. */
interface SharedAuthSettings {
  rateLimit: RateLimitSettings;
  cspReportUrl?: string;
}

/** The configuration in force, with its secrets, checked as a whole. */
export type AuthSettings =
  | ({ mode: "none"; publicOrigin?: string } & SharedAuthSettings)
  | ({
      mode: "oidc";
      publicOrigin: string;
      roles: RoleMapping;
      session: SessionSettings;
      oidc: OidcConfig & { clientSecret?: string };
    } & SharedAuthSettings)
  | ({
      mode: "trusted-header";
      publicOrigin?: string;
      roles: RoleMapping;
      trustedHeader: AlbConfig | (ProxyConfig & { secret: string });
    } & SharedAuthSettings);

export class AuthConfigError extends Error {
  override name = "AuthConfigError";
}

const MIN_SECRET_LENGTH = 32;

function requireSecret(value: string | undefined, key: keyof AuthSecrets, why: string): string {
  const variable = SECRET_VARIABLES[key];
  if (!value) throw new AuthConfigError(`${variable} must be set: ${why}`);
  if (value.length < MIN_SECRET_LENGTH) {
    throw new AuthConfigError(`${variable} must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
  return value;
}

/** Joins the configuration with the secrets from the environment, naming what is missing. */
export function resolveAuthSettings(config: AuthConfig, secrets: AuthSecrets): AuthSettings {
  const publicOrigin = config.publicUrl ? new URL(config.publicUrl).origin : undefined;
  const shared: SharedAuthSettings = {
    rateLimit: config.rateLimit,
    ...(config.cspReportUrl ? { cspReportUrl: config.cspReportUrl } : {}),
  };
  switch (config.mode) {
    case "none":
      return { mode: "none", publicOrigin, ...shared };
    case "oidc": {
      const origin = publicOrigin ?? new URL(config.oidc.redirectUrl).origin;
      if (new URL(config.oidc.redirectUrl).origin !== origin) {
        throw new AuthConfigError(`auth.oidc.redirectUrl must be on auth.publicUrl (${origin})`);
      }
      const secret = requireSecret(
        secrets.sessionSecret,
        "sessionSecret",
        "it encrypts the session cookies of auth.mode oidc",
      );
      return {
        mode: "oidc",
        publicOrigin: origin,
        ...shared,
        roles: config.roles,
        session: {
          secret,
          maxAgeSeconds: config.session.maxAgeSeconds,
          secure: new URL(origin).protocol === "https:",
        },
        oidc: {
          ...config.oidc,
          ...(secrets.oidcClientSecret ? { clientSecret: secrets.oidcClientSecret } : {}),
        },
      };
    }
    case "trusted-header": {
      const source = config.trustedHeader;
      const trustedHeader =
        source.source === "alb"
          ? source
          : {
              ...source,
              secret: requireSecret(
                secrets.proxySecret,
                "proxySecret",
                "the auth proxy must send it so that no one else can claim to be a user",
              ),
            };
      return {
        mode: "trusted-header",
        publicOrigin,
        ...shared,
        roles: config.roles,
        trustedHeader,
      };
    }
  }
}

/** `<base>/<kid>` is where an ALB's public key for `kid` is served in `region`. */
export function albKeyUrlBase(config: AlbConfig): string {
  if (config.keyUrl) return config.keyUrl.replace(/\/+$/, "");
  if (config.region.startsWith("us-gov-")) {
    return `https://s3-${config.region}.amazonaws.com/aws-elb-public-keys-prod-${config.region}`;
  }
  return `https://public-keys.auth.elb.${config.region}.amazonaws.com`;
}
