import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { API_METHODS, apiRequestRefusal } from "@/lib/domain/http/api-routes";
import {
  API_CONTENT_SECURITY_POLICY,
  baseSecurityHeaders,
  pageContentSecurityPolicy,
  reportingEndpoints,
} from "@/lib/domain/http/security-headers";
import { OPERATIONAL_PATHS } from "@/lib/domain/http/probe-paths";
import { addressedToLoopback } from "@/lib/server/auth/authorize-request";
import { identify } from "@/lib/server/auth/principal";
import { getAuthSettings } from "@/lib/server/auth/settings";

/** Pages anyone may see: where sign-in failures and sign-out land. */
const PUBLIC_PAGES = new Set(["/signed-out"]);

function isHttps(request: NextRequest, publicOrigin: string | undefined): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  if (forwarded) return forwarded === "https";
  if (publicOrigin) return publicOrigin.startsWith("https:");
  return request.nextUrl.protocol === "https:";
}

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function plainText(status: number, text: string, headers: Record<string, string>): NextResponse {
  return withHeaders(
    new NextResponse(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } }),
    {
      ...headers,
      "content-security-policy": API_CONTENT_SECURITY_POLICY,
    },
  );
}

/**
 * Runs before every page and API request: security headers on the answer, a fresh CSP nonce for each page (Next
 * puts it on its own scripts), and a sign-in check for pages. API routes check the role themselves (apiRoute).
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const settings = getAuthSettings();
  const https = isHttps(request, settings.publicOrigin);
  const base = baseSecurityHeaders(https);
  const { pathname, search } = request.nextUrl;

  // Probes and metrics: never behind sign-in (/metrics checks its own token); they reveal no configuration.
  if (OPERATIONAL_PATHS.has(pathname)) {
    return withHeaders(NextResponse.next(), {
      ...base,
      "content-security-policy": API_CONTENT_SECURITY_POLICY,
    });
  }
  if (settings.mode === "none" && !addressedToLoopback(request)) {
    return plainText(403, "Sign-in is off (auth.mode none), so Trellis answers only on localhost.\n", base);
  }
  if (pathname.startsWith("/api/")) {
    const apiHeaders = { ...base, "content-security-policy": API_CONTENT_SECURITY_POLICY };
    // Next would answer these with an HTML 500 before any route handler runs.
    const refusal = apiRequestRefusal(request.method, pathname);
    if (refusal) {
      const allow: Record<string, string> = refusal.status === 405 ? { allow: API_METHODS.join(", ") } : {};
      return withHeaders(NextResponse.json(refusal.toBody(), { status: refusal.status }), {
        ...apiHeaders,
        ...allow,
        "cache-control": "no-store",
      });
    }
    return withHeaders(NextResponse.next(), apiHeaders);
  }

  if (settings.mode !== "none" && !PUBLIC_PAGES.has(pathname)) {
    const identification = await identify(request.headers);
    if (identification.kind !== "signed-in" && settings.mode === "oidc") {
      // On the public origin, which holds behind a proxy whatever host this process thinks it has.
      const login = new URL("../../../api/auth/login", settings.publicOrigin);
      login.search = new URLSearchParams({ returnTo: `${pathname}${search}` }).toString();
      return withHeaders(NextResponse.redirect(login, 303), {
        ...base,
        "cache-control": "no-store",
      });
    }
    if (identification.kind === "denied") {
      return plainText(403, "You are signed in, but your account has no role in Trellis.\n", base);
    }
    if (identification.kind === "unauthenticated") {
      return plainText(
        401,
        "Trellis could not verify who you are; open it through its load balancer or proxy.\n",
        base,
      );
    }
  }

  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18))));
  const csp = pageContentSecurityPolicy({
    nonce,
    https,
    development: env.NODE_ENV === "development",
    ...(settings.cspReportUrl ? { reportUrl: settings.cspReportUrl } : {}),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  return withHeaders(response, {
    ...base,
    "content-security-policy": csp,
    ...reportingEndpoints(settings.cspReportUrl),
  });
}

export const config = {
  // Static files carry their headers from next.config.mjs; everything else passes here.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
