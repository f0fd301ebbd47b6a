import "server-only";
import { forbidden, unauthorized } from "@/lib/domain/http/api-errors";
import {
  hasRole,
  type ClientAuth,
  type Identification,
  type Principal,
  type Role,
} from "@/lib/domain/auth/auth";
import type { AuthSettings } from "@/lib/domain/auth/auth-config";
import { AlbTokenError } from "@/lib/domain/auth/alb-jwt";
import { readSession } from "./session";
import { getAuthSettings } from "./settings";
import { ALB_DATA_HEADER, albKeyResolver, proxyPrincipal, verifyAlbRequest } from "./trusted-header";

/** Everyone is this person in `none` mode (local and demo use). */
export const LOCAL_ADMIN: Principal = { id: "local", name: "Local user", role: "admin", via: "none" };

/** The request headers, as a route handler (Headers) or a server component (`headers()`) has them. */
export type RequestHeaders = Pick<Headers, "get">;

async function identifyWith(headers: RequestHeaders, settings: AuthSettings): Promise<Identification> {
  switch (settings.mode) {
    case "none":
      return { kind: "signed-in", principal: LOCAL_ADMIN };
    case "oidc": {
      const principal = await readSession(headers.get("cookie"), settings.session);
      return principal
        ? { kind: "signed-in", principal }
        : { kind: "unauthenticated", reason: "no valid session" };
    }
    case "trusted-header": {
      const source = settings.trustedHeader;
      if (source.source === "proxy") return proxyPrincipal(headers, source, settings.roles);
      const token = headers.get(ALB_DATA_HEADER);
      if (!token) return { kind: "unauthenticated", reason: `no ${ALB_DATA_HEADER} header` };
      try {
        return await verifyAlbRequest(token, {
          config: source,
          roles: settings.roles,
          resolveKey: albKeyResolver(source),
          nowSeconds: Math.floor(Date.now() / 1000),
        });
      } catch (error) {
        if (!(error instanceof AlbTokenError)) throw error;
        console.warn(`[auth] refused ${ALB_DATA_HEADER}: ${error.message}`);
        return { kind: "unauthenticated", reason: `${ALB_DATA_HEADER} could not be verified` };
      }
    }
  }
}

const identified = new WeakMap<RequestHeaders, Promise<Identification>>();

/** Who the request's credentials name, worked out once per request however often it is asked. */
export function identify(headers: RequestHeaders): Promise<Identification> {
  let identification = identified.get(headers);
  if (!identification) {
    identification = identifyWith(headers, getAuthSettings());
    identified.set(headers, identification);
  }
  return identification;
}

/** The signed-in principal, or undefined (pages use this to decide what to show). */
export async function principalFromHeaders(headers: RequestHeaders): Promise<Principal | undefined> {
  const identification = await identify(headers);
  return identification.kind === "signed-in" ? identification.principal : undefined;
}

/** Who is making the request; throws an ApiError 401 (nobody verifiable) or 403 (no role) for apiRoute to answer. */
export async function getPrincipal(request: Request): Promise<Principal> {
  const identification = await identify(request.headers);
  if (identification.kind === "signed-in") return identification.principal;
  if (identification.kind === "denied") throw forbidden("Your account has no role in Trellis");
  throw unauthorized(`Sign in to use Trellis (${identification.reason})`);
}

/** The principal, when they hold at least `role`; otherwise an ApiError 401/403 thrown for apiRoute to answer. */
export async function requireRole(request: Request, role: Role): Promise<Principal> {
  const principal = await getPrincipal(request);
  if (!hasRole(principal.role, role)) {
    throw forbidden(
      `This needs the ${role} role; ${principal.name} is ${principal.role === "viewer" ? "a" : "an"} ${principal.role}`,
    );
  }
  return principal;
}

/** What the page tells the browser: the mode and who is signed in, nothing more. */
export async function clientAuth(headers: RequestHeaders): Promise<ClientAuth> {
  return { mode: getAuthSettings().mode, principal: (await principalFromHeaders(headers)) ?? null };
}
