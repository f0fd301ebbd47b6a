import "server-only";
import { forbidden, rateLimited } from "@/lib/domain/http/api-errors";
import { matchApiRoute } from "@/lib/domain/http/api-routes";
import type { Principal } from "@/lib/domain/auth/auth";
import { hostnameOf, isLoopbackHost, type AuthSettings } from "@/lib/domain/auth/auth-config";
import { checkRequestOrigin, isUnsafeMethod, requestOrigins } from "@/lib/domain/http/origin-check";
import { requireRole } from "./principal";
import { takeWriteToken } from "./rate-limit";
import { getAuthSettings } from "./settings";

/** Where this Trellis is served from, as far as the request and the configuration say. */
export function allowedOrigins(request: Request, settings: AuthSettings): string[] {
  if (settings.publicOrigin) return [settings.publicOrigin];
  return requestOrigins({
    host: request.headers.get("host"),
    forwardedHost: request.headers.get("x-forwarded-host"),
    forwardedProto: request.headers.get("x-forwarded-proto"),
    protocol: new URL(request.url).protocol.replace(/:$/, ""),
  });
}

/**
 * `none` mode makes everyone an admin, so it answers only requests addressed to this machine by a loopback
 * name: a web page that rebinds its own domain to 127.0.0.1 still sends its own name as Host.
 */
export function addressedToLoopback(request: Request): boolean {
  const host = request.headers.get("host") ?? new URL(request.url).host;
  return isLoopbackHost(hostnameOf(host));
}

/**
 * Every API request passes here before its handler: the route table's rule for it, the origin of a write, the
 * caller's role, and the write rate limit. Returns the principal (undefined for public routes) or throws an
 * ApiError (401, 403, 429) for apiRoute to answer.
 */
export async function authorizeApiRequest(request: Request): Promise<Principal | undefined> {
  const settings = getAuthSettings();
  const { pathname } = new URL(request.url);
  const rule = matchApiRoute(request.method, pathname);
  if (!rule) throw forbidden(`No access rule covers ${request.method} ${pathname}`);
  if (settings.mode === "none" && !addressedToLoopback(request)) {
    throw forbidden("Sign-in is off (auth.mode none), so Trellis answers only on localhost");
  }
  const write = isUnsafeMethod(request.method);
  if (write) {
    const verdict = checkRequestOrigin({
      method: request.method,
      origin: request.headers.get("origin"),
      secFetchSite: request.headers.get("sec-fetch-site"),
      allowedOrigins: allowedOrigins(request, settings),
      allowHeaderless: settings.mode === "none",
    });
    if (!verdict.ok) throw forbidden(verdict.reason);
  }
  if (rule.access === "public") return undefined;
  const principal = await requireRole(request, rule.access);
  if (write) {
    const token = takeWriteToken(`${principal.via}:${principal.id}`, settings.rateLimit);
    if (!token.allowed) throw rateLimited(token.retryAfterSeconds);
  }
  return principal;
}
