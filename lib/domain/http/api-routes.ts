import { invalidRequest, methodNotAllowed, type ApiError } from "./api-errors";
import { hasRole, type Role } from "../auth/auth";
import { isUnsafeMethod } from "./origin-check";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** `public`: anyone, signed in or not (the sign-in flow itself); otherwise the least role that may call it. */
export type RouteAccess = Role | "public";

export interface ApiRouteRule {
  /** The route's folder under app/, as Next names it: `/api/layout/[key]`, `/api/resources/[...id]`. */
  pattern: string;
  method: HttpMethod;
  access: RouteAccess;
  what: string;
  /** For writes: a request that would succeed for someone allowed, which tests send as someone who is not. */
  example?: {
    path: string;
    body?: unknown;
    /** What an allowed caller gets, when not success: e.g. 404 for an example naming a change that isn't there. */
    status?: number;
  };
}

/** The demo's order listener, which the write examples edit. */
const ORDER_LISTENER =
  "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001/listener/listener-0orderhttps000001";
const PAYMENT_SERVICE = "arn:aws:vpc-lattice:us-east-1:333344445555:service/svc-0payment000000001";
const MISSING_ID = "00000000-0000-4000-8000-000000000000";

/**
 * Every API route handler and who may call it. The one table both the server's enforcement and the tests read;
 * a test fails when a handler under app/api is missing here, or a row here has no handler.
 */
export const API_ROUTES: readonly ApiRouteRule[] = [
  { pattern: "/api/topology", method: "GET", access: "viewer", what: "Read the map" },
  {
    pattern: "/api/topology/summary",
    method: "GET",
    access: "viewer",
    what: "Read the map's summary of a large estate",
  },
  {
    pattern: "/api/topology/accounts/[account]",
    method: "GET",
    access: "viewer",
    what: "Read one account's part of the map",
  },
  {
    pattern: "/api/topology/search",
    method: "GET",
    access: "viewer",
    what: "Search the whole estate",
  },
  {
    pattern: "/api/resources/[...id]",
    method: "GET",
    access: "viewer",
    what: "Read a resource and its history",
  },
  { pattern: "/api/diff", method: "GET", access: "viewer", what: "Compare two crawls" },
  {
    pattern: "/api/metrics",
    method: "GET",
    access: "viewer",
    what: "Read a service's or target group's traffic series (CloudWatch)",
  },
  {
    pattern: "/api/metrics/summary",
    method: "GET",
    access: "viewer",
    what: "Read every node's and edge's traffic for the map",
  },
  { pattern: "/api/crawls", method: "GET", access: "viewer", what: "List crawl runs" },
  {
    pattern: "/api/crawls",
    method: "POST",
    access: "operator",
    what: "Start a crawl (Crawl now)",
    example: { path: "/api/crawls" },
  },
  { pattern: "/api/crawls/[id]", method: "GET", access: "viewer", what: "Read a crawl run" },
  {
    pattern: "/api/freshness",
    method: "GET",
    access: "viewer",
    what: "How fresh the estate is: events, health polls, each scope's last event and crawl",
  },
  { pattern: "/api/layout/[key]", method: "GET", access: "viewer", what: "Read saved node positions" },
  {
    pattern: "/api/layout/[key]",
    method: "PUT",
    access: "operator",
    what: "Save node positions (dragging nodes on the map)",
    example: {
      path: "/api/layout/default",
      body: { positions: [{ nodeId: "account:111122223333", x: 1, y: 2 }] },
    },
  },
  {
    pattern: "/api/layout/[key]",
    method: "DELETE",
    access: "operator",
    what: "Forget saved node positions (Reset layout)",
    example: { path: "/api/layout/default", body: {} },
  },
  { pattern: "/api/audit", method: "GET", access: "viewer", what: "Read the audit log" },
  { pattern: "/api/audit/export", method: "GET", access: "viewer", what: "Export the audit log as CSV" },
  {
    pattern: "/api/changes",
    method: "POST",
    access: "operator",
    what: "Plan a weight or rule change (nothing is sent to AWS)",
    example: {
      path: "/api/changes",
      body: {
        kind: "forward",
        target: ORDER_LISTENER,
        after: {
          action: {
            forward: {
              targetGroups: [
                { targetGroupIdentifier: "tg-0orderstable00001", weight: 80 },
                { targetGroupIdentifier: "tg-0ordercanary00001", weight: 20 },
              ],
            },
          },
        },
      },
    },
  },
  { pattern: "/api/changes/[id]", method: "GET", access: "viewer", what: "Read a planned change" },
  {
    pattern: "/api/changes/[id]/apply",
    method: "POST",
    access: "operator",
    what: "Apply a planned weight or rule change to AWS",
    example: { path: `/api/changes/${MISSING_ID}/apply`, body: {}, status: 404 },
  },
  {
    pattern: "/api/rollouts",
    method: "GET",
    access: "viewer",
    what: "List staged rollouts: one listener's, or the active and just-ended ones the map marks",
  },
  {
    pattern: "/api/rollouts",
    method: "POST",
    access: "operator",
    what: "Start a staged canary rollout",
    example: {
      path: "/api/rollouts",
      body: { target: ORDER_LISTENER, canary: "tg-0ordercanary00001", steps: [20, 50], waitSeconds: 3600 },
    },
  },
  { pattern: "/api/rollouts/[id]", method: "GET", access: "viewer", what: "Read a staged rollout" },
  {
    pattern: "/api/rollouts/[id]/[action]",
    method: "POST",
    access: "operator",
    what: "Pause, resume or abort a staged rollout",
    example: { path: `/api/rollouts/${MISSING_ID}/pause`, status: 404 },
  },
  {
    pattern: "/api/policies/validate",
    method: "POST",
    access: "viewer",
    what: "Lint an auth policy (changes nothing)",
  },
  {
    pattern: "/api/policies/diff",
    method: "POST",
    access: "viewer",
    what: "Review an auth policy change: text diff, who gains and loses access (changes nothing)",
  },
  {
    pattern: "/api/policies/simulate",
    method: "POST",
    access: "viewer",
    what: "Simulate a request through the auth policies (changes nothing)",
  },
  {
    pattern: "/api/policies/apply",
    method: "POST",
    access: "admin",
    what: "Apply an auth policy or auth type to a service or service network",
    // A policy with an error: refused with its findings before anything is read from or sent to AWS.
    example: {
      path: "/api/policies/apply",
      body: {
        scope: { arn: PAYMENT_SERVICE },
        base: { authType: "AWS_IAM", policy: null },
        after: { authType: "AWS_IAM", policy: { Version: "2012-10-17", Statement: [] } },
      },
      status: 422,
    },
  },
  { pattern: "/api/auth/login", method: "GET", access: "public", what: "Start signing in (oidc)" },
  { pattern: "/api/auth/callback", method: "GET", access: "public", what: "Finish signing in (oidc)" },
  { pattern: "/api/auth/logout", method: "POST", access: "public", what: "Sign out" },
  ...HTTP_METHODS.map((method): ApiRouteRule => ({
    pattern: "/api/[...path]",
    method,
    access: "viewer",
    what: "Unknown endpoint: 404 for anyone signed in",
  })),
];

type Segment = { kind: "static"; value: string } | { kind: "dynamic" } | { kind: "catch-all" };

function segmentsOf(pattern: string): Segment[] {
  return pattern
    .split("/")
    .filter(Boolean)
    .map((part): Segment => {
      if (/^\[\.\.\.[^\]]+\]$/.test(part)) return { kind: "catch-all" };
      if (/^\[[^\]]+\]$/.test(part)) return { kind: "dynamic" };
      return { kind: "static", value: part };
    });
}

const RANK = { static: 0, dynamic: 1, "catch-all": 2 } as const;

/** Per-segment ranks of the pattern that matched, or undefined when it does not match the path. */
function matchRanks(segments: Segment[], parts: string[]): number[] | undefined {
  const ranks: number[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.kind === "catch-all") {
      return parts.length > i ? [...ranks, RANK["catch-all"]] : undefined;
    }
    const part = parts[i];
    if (part === undefined || part === "") return undefined;
    if (segment.kind === "static" && segment.value !== part) return undefined;
    ranks.push(RANK[segment.kind]);
  }
  return parts.length === segments.length ? ranks : undefined;
}

function moreSpecific(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]!;
  }
  return a.length > b.length;
}

const PATTERNS = [...new Set(API_ROUTES.map((route) => route.pattern))].map((pattern) => ({
  pattern,
  segments: segmentsOf(pattern),
}));

/** The route pattern Next's router serves a path with: static segments before dynamic ones before catch-alls. */
export function matchRoutePattern(pathname: string): string | undefined {
  const parts = pathname.replace(/\/+$/, "").split("/").filter(Boolean);
  let best: { pattern: string; ranks: number[] } | undefined;
  for (const { pattern, segments } of PATTERNS) {
    const ranks = matchRanks(segments, parts);
    if (ranks && (!best || moreSpecific(ranks, best.ranks))) best = { pattern, ranks };
  }
  return best?.pattern;
}

/** The access rule for a request; HEAD is answered by the GET handler. Undefined: no rule, so refuse. */
export function matchApiRoute(method: string, pathname: string): ApiRouteRule | undefined {
  const wanted = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  const pattern = matchRoutePattern(pathname);
  return API_ROUTES.find((route) => route.pattern === pattern && route.method === wanted);
}

/** Writes that a viewer may not make: every one must answer a viewer 403 and change nothing. */
export function protectedWriteRoutes(): ApiRouteRule[] {
  return API_ROUTES.filter(
    (route) => isUnsafeMethod(route.method) && route.access !== "public" && !hasRole("viewer", route.access),
  );
}

/** Every method an API route answers: the table's, HEAD (by the GET handler) and OPTIONS (by Next). */
export const API_METHODS: readonly string[] = [...HTTP_METHODS, "HEAD", "OPTIONS"];

/**
 * Why a request cannot reach any API route whatever its path and caller: a method none answers (TRACE…), or a
 * path segment that is not percent-encoded UTF-8 (`%ZZ`, the overlong `%c0%af`), which the router cannot decode.
 */
export function apiRequestRefusal(method: string, pathname: string): ApiError | undefined {
  if (!API_METHODS.includes(method.toUpperCase())) return methodNotAllowed(method, API_METHODS);
  for (const segment of pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      const shown = segment.length > 64 ? `${segment.slice(0, 64)}…` : segment;
      return invalidRequest(`Invalid path: "${shown}" is not percent-encoded UTF-8`, [
        { path: "path", message: `"${shown}" is not percent-encoded UTF-8` },
      ]);
    }
  }
  return undefined;
}
