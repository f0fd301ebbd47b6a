import "server-only";
import { EncryptJWT, jwtDecrypt, type JWTPayload } from "jose";
import { z } from "zod";
import { roleSchema, type Principal } from "@/lib/domain/auth/auth";
import type { SessionSettings } from "@/lib/domain/auth/auth-config";
import { cookieName, parseCookieHeader, serializeCookie } from "@/lib/domain/http/cookies";

const SESSION = "trellis_session";
const LOGIN = "trellis_login";
/** How long someone has to get through the provider's sign-in page. */
export const LOGIN_STATE_MAX_AGE_SECONDS = 600;
const CLOCK_TOLERANCE_SECONDS = 30;

type Purpose = "session" | "login";

const keys = new Map<string, Promise<Uint8Array>>();

/** One 256-bit key per purpose, so a login-state cookie can never be passed off as a session or back. */
function keyFor(secret: string, purpose: Purpose): Promise<Uint8Array> {
  const id = `${purpose}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = crypto.subtle
      .digest("SHA-256", new TextEncoder().encode(`trellis ${purpose} cookie key\u0000${secret}`))
      .then((digest) => new Uint8Array(digest));
    keys.set(id, key);
  }
  return key;
}

/** AES-256-GCM (`dir`): the cookie is encrypted, and any change to it fails authentication. */
async function seal(
  claims: JWTPayload,
  secret: string,
  purpose: Purpose,
  maxAgeSeconds: number,
): Promise<string> {
  return new EncryptJWT(claims)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setAudience(`trellis-${purpose}`)
    .setIssuedAt()
    .setExpirationTime(`${maxAgeSeconds}s`)
    .encrypt(await keyFor(secret, purpose));
}

async function unseal(token: string, secret: string, purpose: Purpose): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtDecrypt(token, await keyFor(secret, purpose), {
      audience: `trellis-${purpose}`,
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256GCM"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["exp", "iat"],
    });
    return payload;
  } catch {
    return undefined;
  }
}

const sessionClaimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string(),
  email: z.string().optional(),
  role: roleSchema,
});

export function sessionCookieName(settings: SessionSettings): string {
  return cookieName(SESSION, settings.secure);
}

export function loginCookieName(settings: SessionSettings): string {
  return cookieName(LOGIN, settings.secure);
}

/** Set-Cookie for a new session of `principal`. */
export async function sessionCookie(principal: Principal, settings: SessionSettings): Promise<string> {
  const claims = {
    sub: principal.id,
    name: principal.name,
    role: principal.role,
    ...(principal.email ? { email: principal.email } : {}),
  };
  const token = await seal(claims, settings.secret, "session", settings.maxAgeSeconds);
  return serializeCookie(sessionCookieName(settings), token, {
    maxAgeSeconds: settings.maxAgeSeconds,
    secure: settings.secure,
  });
}

/** The principal of a valid, unexpired session cookie in the request's Cookie header. */
export async function readSession(
  cookieHeader: string | null,
  settings: SessionSettings,
): Promise<Principal | undefined> {
  const token = parseCookieHeader(cookieHeader).get(sessionCookieName(settings));
  if (!token) return undefined;
  const parsed = sessionClaimsSchema.safeParse(await unseal(token, settings.secret, "session"));
  if (!parsed.success) return undefined;
  const { sub, name, email, role } = parsed.data;
  return { id: sub, name, role, via: "oidc", ...(email ? { email } : {}) };
}

export const loginStateSchema = z.object({
  state: z.string().min(16),
  nonce: z.string().min(16),
  verifier: z.string().min(43),
  returnTo: z.string(),
});
export type LoginState = z.infer<typeof loginStateSchema>;

export async function loginStateCookie(state: LoginState, settings: SessionSettings): Promise<string> {
  const token = await seal(state, settings.secret, "login", LOGIN_STATE_MAX_AGE_SECONDS);
  return serializeCookie(loginCookieName(settings), token, {
    maxAgeSeconds: LOGIN_STATE_MAX_AGE_SECONDS,
    secure: settings.secure,
  });
}

export async function readLoginState(
  cookieHeader: string | null,
  settings: SessionSettings,
): Promise<LoginState | undefined> {
  const token = parseCookieHeader(cookieHeader).get(loginCookieName(settings));
  if (!token) return undefined;
  const parsed = loginStateSchema.safeParse(await unseal(token, settings.secret, "login"));
  return parsed.success ? parsed.data : undefined;
}

/** Set-Cookie that removes a cookie set by the functions above. */
export function expiredCookie(name: string, settings: SessionSettings): string {
  return serializeCookie(name, "", { maxAgeSeconds: 0, secure: settings.secure });
}
