import { z } from "zod";

/** viewer: read everything · operator: also weight and rule changes · admin: also auth policies, auth types, configuration. */
export const roleSchema = z.enum(["viewer", "operator", "admin"]);
export type Role = z.infer<typeof roleSchema>;

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** Whether someone with `role` may do what `required` allows. */
export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

/** The person (or, in `none` mode, the local user) behind a request. */
export interface Principal {
  /** Stable subject: the OIDC `sub`, the ALB or proxy user id, or `local` in `none` mode. */
  id: string;
  name: string;
  email?: string;
  role: Role;
  /** How they were identified; `system` is Trellis itself (a rollout's health gate, the reconciler). */
  via: "none" | "oidc" | "alb" | "proxy" | "system";
}

/** A Principal as stored (who made a change or started a rollout). */
export const principalSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().optional(),
  role: roleSchema,
  via: z.enum(["none", "oidc", "alb", "proxy", "system"]),
}) satisfies z.ZodType<Principal>;

export const authModeSchema = z.enum(["none", "oidc", "trusted-header"]);
/** none: local use, everyone is admin · oidc: Trellis signs people in · trusted-header: an ALB or proxy did. */
export type AuthMode = z.infer<typeof authModeSchema>;

/** What the browser is told about the session: who is signed in and how, never a token or credential. */
export interface ClientAuth {
  mode: AuthMode;
  /** Null on the few pages that render without a session (signed out, access denied). */
  principal: Principal | null;
}

/** Whether the principal, if any, holds at least `required`. */
export function can(principal: Principal | null | undefined, required: Role): boolean {
  return principal !== null && principal !== undefined && hasRole(principal.role, required);
}

/** What a request's credentials say: someone with a role, someone Trellis turns away, or nobody verifiable. */
export type Identification =
  | { kind: "signed-in"; principal: Principal }
  | { kind: "denied"; reason: string }
  | { kind: "unauthenticated"; reason: string };

const MAX_RETURN_PATH = 2048;

/**
 * Where to go after signing in: a path on this console only, as ASCII. Anything else (another origin, `//host`,
 * a backslash some browsers read as a slash, the sign-in routes themselves) falls back to the map.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || value.length > MAX_RETURN_PATH) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/";
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) return "/";
  if (value.startsWith("/api/")) return "/";
  // A Location header is ASCII: what a browser would percent-encode is encoded here (a lone surrogate cannot be).
  try {
    return value.replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run));
  } catch {
    return "/";
  }
}

/** Why someone is on the signed-out page; anything else in the URL is ignored, never shown. */
export const SIGNED_OUT_REASONS = ["signed-out", "denied", "expired", "failed"] as const;
export type SignedOutReason = (typeof SIGNED_OUT_REASONS)[number];

export function signedOutReason(value: string | null | undefined): SignedOutReason {
  return SIGNED_OUT_REASONS.find((reason) => reason === value) ?? "signed-out";
}
