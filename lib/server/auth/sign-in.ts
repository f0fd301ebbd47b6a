import "server-only";
import { notFound } from "@/lib/domain/http/api-errors";
import { safeReturnPath, type SignedOutReason } from "@/lib/domain/auth/auth";
import type { AuthSettings } from "@/lib/domain/auth/auth-config";
import { finishSignIn, startSignIn } from "./oidc";
import {
  expiredCookie,
  loginCookieName,
  loginStateCookie,
  readLoginState,
  sessionCookie,
  sessionCookieName,
} from "./session";
import { getAuthSettings } from "./settings";

/** A redirect and the cookies to set with it. */
export interface Redirect {
  location: string;
  cookies: string[];
}

function oidcSettings(): Extract<AuthSettings, { mode: "oidc" }> {
  const settings = getAuthSettings();
  if (settings.mode !== "oidc") {
    throw notFound(
      settings.mode === "none"
        ? "Sign-in is off (auth.mode none)"
        : "Sign-in and sign-out are handled by the load balancer or proxy in front of Trellis",
    );
  }
  return settings;
}

function signedOut(reason: SignedOutReason): string {
  return `/signed-out?reason=${reason}`;
}

/** Sends the browser to the provider, remembering state, nonce and PKCE verifier in a 10-minute cookie. */
export async function beginSignIn(returnTo: string | null): Promise<Redirect> {
  const settings = oidcSettings();
  const { url, state } = await startSignIn(settings, safeReturnPath(returnTo));
  return { location: url.href, cookies: [await loginStateCookie(state, settings.session)] };
}

/** Back from the provider: a session cookie and the page the person asked for, or the signed-out page saying why. */
export async function completeSignIn(search: string, cookieHeader: string | null): Promise<Redirect> {
  const settings = oidcSettings();
  const clearLogin = expiredCookie(loginCookieName(settings.session), settings.session);
  const login = await readLoginState(cookieHeader, settings.session);
  if (!login) return { location: signedOut("expired"), cookies: [clearLogin] };
  let identification;
  try {
    identification = await finishSignIn(settings, search, login);
  } catch (error) {
    console.warn(`[auth] sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
    return { location: signedOut("failed"), cookies: [clearLogin] };
  }
  if (identification.kind !== "signed-in") {
    console.warn(`[auth] sign-in refused: ${identification.reason}`);
    return {
      location: signedOut(identification.kind === "denied" ? "denied" : "failed"),
      cookies: [clearLogin],
    };
  }
  return {
    location: login.returnTo,
    cookies: [clearLogin, await sessionCookie(identification.principal, settings.session)],
  };
}

/** Forgets the session in this browser (the provider's own session is left as it is). */
export function signOut(): Redirect {
  const settings = oidcSettings();
  return {
    location: signedOut("signed-out"),
    cookies: [expiredCookie(sessionCookieName(settings.session), settings.session)],
  };
}
