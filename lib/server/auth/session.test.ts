import { describe, expect, it, vi } from "vitest";
import type { Principal } from "@/lib/domain/auth/auth";
import type { SessionSettings } from "@/lib/domain/auth/auth-config";
import { loginStateCookie, readLoginState, readSession, sessionCookie } from "./session";

const settings: SessionSettings = { secret: "s".repeat(40), maxAgeSeconds: 3600, secure: true };
const ana: Principal = { id: "ana", name: "Ana", email: "ana@example.com", role: "operator", via: "oidc" };

/** The Cookie header a browser would send back for a Set-Cookie value. */
function cookieHeader(setCookie: string): string {
  return setCookie.split(";")[0]!;
}

describe("session cookies", () => {
  it("are HttpOnly, SameSite=Lax, Secure and __Host- bound over https, and expire with the session", async () => {
    const cookie = await sessionCookie(ana, settings);
    expect(cookie).toMatch(
      /^__Host-trellis_session=[\w.-]+; Path=\/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure$/,
    );
    const local = await sessionCookie(ana, { ...settings, secure: false });
    expect(local).toMatch(/^trellis_session=[\w.-]+; Path=\/; Max-Age=3600; HttpOnly; SameSite=Lax$/);
  });

  it("give back the principal, and only to the key that sealed them", async () => {
    const header = cookieHeader(await sessionCookie(ana, settings));
    expect(await readSession(`other=1; ${header}`, settings)).toEqual(ana);
    expect(await readSession(header, { ...settings, secret: "t".repeat(40) })).toBeUndefined();
  });

  it("cannot be read, or changed, by whoever holds them", async () => {
    const header = cookieHeader(await sessionCookie(ana, settings));
    const token = header.slice(header.indexOf("=") + 1);
    expect(token).not.toContain(btoa("operator").replace(/=+$/, ""));
    const parts = token.split(".");
    const cipher = parts[3]!;
    parts[3] = `${cipher[0] === "A" ? "B" : "A"}${cipher.slice(1)}`;
    expect(await readSession(`__Host-trellis_session=${parts.join(".")}`, settings)).toBeUndefined();
  });

  it("are refused once expired", async () => {
    const header = cookieHeader(await sessionCookie(ana, { ...settings, maxAgeSeconds: 1 }));
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 120_000);
      expect(await readSession(header, settings)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it("and sign-in state cookies are not interchangeable", async () => {
    const state = {
      state: "s".repeat(43),
      nonce: "n".repeat(43),
      verifier: "v".repeat(43),
      returnTo: "/crawls",
    };
    const login = cookieHeader(await loginStateCookie(state, settings));
    expect(login).toMatch(/^__Host-trellis_login=/);
    expect(await readLoginState(login, settings)).toEqual(state);
    const asSession = `__Host-trellis_session=${login.slice(login.indexOf("=") + 1)}`;
    expect(await readSession(asSession, settings)).toBeUndefined();
    const session = cookieHeader(await sessionCookie(ana, settings));
    const asLogin = `__Host-trellis_login=${session.slice(session.indexOf("=") + 1)}`;
    expect(await readLoginState(asLogin, settings)).toBeUndefined();
  });
});
