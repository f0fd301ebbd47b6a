import { fileURLToPath } from "node:url";
import { NextRequest } from "next/server";
import { matchApiRoute } from "@/lib/domain/http/api-routes";

type Handler = (
  request: NextRequest,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

export const TEST_ORIGIN = "http://127.0.0.1:3000";

/** Next's params for a path served by the pattern. */
export function paramsFor(pattern: string, path: string): Record<string, string | string[]> {
  const parts = path.split("?")[0]!.split("/").filter(Boolean);
  const params: Record<string, string | string[]> = {};
  pattern
    .split("/")
    .filter(Boolean)
    .forEach((segment, i) => {
      const catchAll = /^\[\.\.\.(.+)\]$/.exec(segment);
      const dynamic = /^\[(.+)\]$/.exec(segment);
      if (catchAll) params[catchAll[1]!] = parts.slice(i).map(decodeURIComponent);
      else if (dynamic) params[dynamic[1]!] = decodeURIComponent(parts[i]!);
    });
  return params;
}

/**
 * Calls the real route handler for `method path` the way Next does, as a same-origin request from the local
 * console (sign-in off in tests unless the test replaced the auth settings).
 */
export async function callRoute(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const rule = matchApiRoute(method, path.split("?")[0]!);
  if (!rule) throw new Error(`No route serves ${method} ${path}`);
  const file = fileURLToPath(new URL(`..${rule.pattern.replace(/^\/api/, "")}/route.ts`, import.meta.url));
  const routeModule = (await import(/* @vite-ignore */ file)) as Record<string, Handler>;
  const handler = routeModule[method];
  if (!handler) throw new Error(`${rule.pattern} exports no ${method}`);
  const request = new NextRequest(`${TEST_ORIGIN}${path}`, {
    method,
    headers: {
      host: "127.0.0.1:3000",
      ...(method === "GET" ? {} : { origin: TEST_ORIGIN }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return handler(request, { params: Promise.resolve(paramsFor(rule.pattern, path)) });
}
